// CrossfadeStage+BeatMatch: the plan-driven crossfade with track analyses: cuts the plan's segments with their beat
// grids and joins them with the plan's transitions (beat-matched or short fades). Knows nothing of how plans are made.
import DSP
import Foundation
import Mashup
import Pipeline

extension CrossfadeStage {
    /// Cuts the plan's segments and joins them as its transitions say, reporting each transition in the metadata.
    func runBeatMatched(_ context: StageContext, plan: MixPlan, transitions: [PlanTransition], analyses analysisInputs: [StageInput]) async throws -> StageResult {
        let id = context.stage.id
        let tracks = context.inputs("tracks")
        guard analysisInputs.count == tracks.count else {
            throw StageFailure(code: .invalidSettings, message: "stage \(id): \(analysisInputs.count) analyses for \(tracks.count) tracks; give one per track, in order")
        }
        let analyses: [TrackAnalysis] = try analysisInputs.map { input in
            do {
                return try TrackAnalysis.decode(from: Data(contentsOf: URL(fileURLWithPath: input.path)))
            } catch {
                throw StageFailure(code: .invalidSettings, message: "stage \(id): \(input.binding.stage) is not an analyze stage (its output is not a track analysis)")
            }
        }
        let format = PCMFormat(sampleRate: context.audio.sampleRate, channels: context.audio.channels)
        let rate = Double(format.sampleRate)
        let work = context.workDirectory
        let output = context.workPath("crossfade.wav")
        let progress = context.cancellableProgress
        let segments = plan.segments
        var joiner = BeatMatchJoiner(format: format)
        joiner.easeBars = context.int("ease_bars") ?? 4
        joiner.hold = context.string("tempo") == "hold"
        joiner.bassSwap = context.bool("bass_swap") ?? true
        let settings = joiner
        let (frames, reports) = try await Blocking.run { () throws -> (Int, [BeatMatchJoiner.Report]) in
            var cut: [BeatMatchJoiner.Segment] = []
            for (i, s) in segments.enumerated() {
                let track = tracks[s.track], analysis = analyses[s.track]
                let path = "\(work)/segment-\(i).wav"
                do {
                    _ = try SegmentCutter.cut(input: track.path, start: s.start, end: s.end, clamp: true, format: format, rampMilliseconds: 5,
                                              output: path) { p in try progress((Double(i) + p) / Double(segments.count) * 0.4) }
                } catch {
                    throw FailureMapping.failure(error, stage: id, file: track.sourceName, readable: [track.path: track.binding.stage])
                }
                func local(_ times: [Double]) -> [Double] {
                    times.filter { $0 >= s.start - 0.002 && $0 < s.end - 0.002 }.map { max(0, $0 - s.start) }
                }
                cut.append(BeatMatchJoiner.Segment(path: path, beats: local(analysis.beats), downbeats: local(analysis.downbeats)))
            }
            let steps = transitions.map {
                BeatMatchJoiner.Transition(beatMatched: $0.kind == .beatmatch, bars: max(1, $0.bars), fadeSeconds: $0.seconds,
                                           beatsPerOutgoingBeat: $0.beatsPerOutgoingBeat, semitones: $0.semitones)
            }
            do {
                return try settings.join(segments: cut, transitions: steps, output: output) { try progress(0.4 + 0.6 * $0) }
            } catch let error as DSPError {
                throw StageFailure(code: .invalidSettings, message: "stage \(id): \(error.message)")
            }
        }
        func rounded(_ x: Double, _ scale: Double) -> Value { .double((x * scale).rounded() / scale) }
        var described: [Value] = []
        for (report, t) in zip(reports, transitions) {
            var entry: [String: Value] = [:]
            entry["kind"] = .string(report.beatMatched ? "beatmatch" : "fade")
            entry["start"] = rounded(Double(report.startFrame) / rate, 1000)
            entry["overlap"] = rounded(Double(report.overlapFrames) / rate, 1000)
            entry["bars"] = .int(t.bars)
            entry["tempo_ratio"] = rounded(t.tempoRatio, 10000)
            entry["key_relation"] = .string(t.keyRelation.rawValue)
            entry["semitones"] = .int(report.semitones)
            described.append(.object(entry))
        }
        return StageResult(outputs: ["audio": ProducedFile(path: output, kind: .audio)],
                           metadata: ["frames": .int(frames), "duration": .double(Double(frames) / rate),
                                      "transitions": .array(described), "segments": .int(segments.count),
                                      "beat_matched": .int(reports.filter(\.beatMatched).count), "title": .string(plan.title)])
    }
}

// BeatMatchTransitionTests: a 120 → 126 BPM transition rendered from generated click tracks with different timbres:
// the two tracks' clicks coincide in the overlap and the overlap starts on a downbeat. Real analysis, real Rubber Band.
import DSP
import Foundation
import Mashup
@testable import Stages
import Testing
import TestSupport

@Suite("Beat-matched transitions", .serialized)
struct BeatMatchTransitionTests {
    static let rate = 44100

    /// Writes a mono track as a stereo float WAV.
    static func write(_ mono: [Float], to path: String) throws {
        var stereo = [Float](repeating: 0, count: mono.count * 2)
        for (i, v) in mono.enumerated() { stereo[2 * i] = v; stereo[2 * i + 1] = v }
        let writer = try WAVWriter(path: path, format: PCMFormat(sampleRate: rate, channels: 2))
        try writer.write(stereo)
        try writer.finish()
    }

    /// Onset times (seconds) of clicks near `frequency`: a zero-phase band-pass, an envelope, and the 50 % rise of each peak.
    static func onsets(_ mono: [Float], frequency: Double, from start: Double, to end: Double) -> [Double] {
        let a = max(0, Int(start * Double(rate))), b = min(mono.count, Int(end * Double(rate)))
        guard b > a else { return [] }
        var x = mono[a..<b].map(Double.init)
        // RBJ band-pass, Q 6, run forwards then backwards (no delay).
        let w = 2 * Double.pi * frequency / Double(rate), alpha = sin(w) / (2 * 6)
        let b0 = alpha, b2 = -alpha, a0 = 1 + alpha, a1 = -2 * cos(w), a2 = 1 - alpha
        for pass in 0..<2 {
            if pass == 1 { x.reverse() }
            var x1 = 0.0, x2 = 0.0, y1 = 0.0, y2 = 0.0
            for i in x.indices {
                let y = (b0 * x[i] + b2 * x2 - a1 * y1 - a2 * y2) / a0
                x2 = x1; x1 = x[i]; y2 = y1; y1 = y
                x[i] = y
            }
            if pass == 1 { x.reverse() }
        }
        let env = x.map(abs)
        guard let top = env.max(), top > 0 else { return [] }
        var found: [Double] = []
        let radius = Int(0.06 * Double(rate))
        var i = 0
        while i < env.count {
            let lo = max(0, i - radius), hi = min(env.count - 1, i + radius)
            if env[i] > top * 0.02, env[i] == env[lo...hi].max() {
                var k = i
                while k > 0, env[k - 1] >= env[i] * 0.5, i - k < Int(0.015 * Double(rate)) { k -= 1 }
                found.append(start + Double(k) / Double(rate))
                i += radius
            } else {
                i += 1
            }
        }
        return found
    }

    @Test("120 → 126 BPM: clicks in the overlap within 5 ms (median) and 10 ms (max); the overlap starts on a downbeat")
    func beatMatched120to126() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("im-beatmatch-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let a = SyntheticMusic.drumTrack(bpm: 120, duration: 60, sampleRate: Self.rate, style: .click(700), seed: 1)
        let b = SyntheticMusic.drumTrack(bpm: 126, duration: 60, sampleRate: Self.rate, style: .click(3200), startOffset: 0.4, seed: 2)
        try Self.write(a.samples, to: "\(dir)/a.wav")
        try Self.write(b.samples, to: "\(dir)/b.wav")
        let xa = try TrackAnalyzer.analyze(path: "\(dir)/a.wav"), xb = try TrackAnalyzer.analyze(path: "\(dir)/b.wav")
        #expect(abs(xa.bpm - 120) < 0.1 && abs(xb.bpm - 126) < 0.1, "analysed \(xa.bpm), \(xb.bpm)")

        // The planner makes the transition: two phrases of A, then two of B, beat-matched over 4 bars.
        let tracks = [PlanTrack(title: "a", artist: "", duration: xa.duration, analysis: xa),
                      PlanTrack(title: "b", artist: "", duration: xb.duration, analysis: xb)]
        let draft = MixPlan(title: "t", segments: [
            PlanSegment(track: 0, start: xa.phrases[0], end: xa.phrases[2], crossfadeAfter: 4),
            PlanSegment(track: 1, start: xb.phrases[0], end: xb.phrases[2]),
        ])
        var constraints = PlanConstraints(targetSeconds: 0)
        constraints.minSegment = 4
        let planned = MusicalPlanner(constraints: constraints, maxBars: 4).apply(PlanRepairResult(plan: draft, notes: []), tracks: tracks)
        let transition = try #require(planned.plan.transitions?.first)
        #expect(transition.kind == .beatmatch && transition.bars == 4, "\(transition.reason); \(planned.notes.map(\.message))")
        #expect(abs(transition.tempoRatio - 120.0 / 126) < 0.002)

        // Cut and join as the crossfade stage does.
        let format = PCMFormat(sampleRate: Self.rate, channels: 2)
        var segments: [BeatMatchJoiner.Segment] = []
        for (i, s) in planned.plan.segments.enumerated() {
            let x = i == 0 ? xa : xb, path = "\(dir)/seg\(i).wav"
            _ = try SegmentCutter.cut(input: i == 0 ? "\(dir)/a.wav" : "\(dir)/b.wav", start: s.start, end: s.end, clamp: true,
                                      format: format, rampMilliseconds: 5, output: path) { _ in }
            func local(_ t: [Double]) -> [Double] { t.filter { $0 >= s.start - 0.002 && $0 < s.end - 0.002 }.map { max(0, $0 - s.start) } }
            segments.append(.init(path: path, beats: local(x.beats), downbeats: local(x.downbeats)))
        }
        let out = "\(dir)/mix.wav"
        let (frames, reports) = try BeatMatchJoiner(format: format).join(
            segments: segments, transitions: [.init(beatMatched: true, bars: 4, fadeSeconds: 0, beatsPerOutgoingBeat: 1, semitones: 0)],
            output: out) { _ in }
        let report = try #require(reports.first)
        let mix = try WAVReader(path: out)
        #expect(mix.frameCount == frames)
        #expect(frames == report.incomingFrames + (reports[0].startFrame), "length: A before the overlap plus all of B as rendered")
        let stereo = try mix.read(maxFrames: mix.frameCount)
        let mono = stride(from: 0, to: stereo.count, by: 2).map { stereo[$0] }

        // The overlap starts on A's downbeat (A plays from its first downbeat, so its grid is the truth shifted).
        let start = Double(report.startFrame) / Double(Self.rate)
        let shift = planned.plan.segments[0].start
        let truthDownbeats = a.downbeats.map { $0 - shift }
        let downbeatError = truthDownbeats.map { abs($0 - start) }.min() ?? .infinity
        #expect(downbeatError <= 0.012, "overlap starts \(downbeatError * 1000) ms from a downbeat")

        let end = start + Double(report.overlapFrames) / Double(Self.rate)
        let clicksA = Self.onsets(mono, frequency: 700, from: start - 0.05, to: end)
        let clicksB = Self.onsets(mono, frequency: 3200, from: start - 0.05, to: end)
        let offsets = clicksB.compactMap { t in clicksA.map { abs($0 - t) }.min() }.sorted()
        #expect(offsets.count >= 14, "matched \(offsets.count) clicks of B (\(clicksA.count) of A) in the 4-bar overlap")
        let median = offsets.isEmpty ? .infinity : offsets[offsets.count / 2]
        let worst = offsets.last ?? .infinity
        print(String(format: "120 → 126 BPM overlap: %d click pairs, median offset %.2f ms, max %.2f ms; start %.2f ms from a downbeat",
                     offsets.count, median * 1000, worst * 1000, downbeatError * 1000))
        #expect(median <= 0.005, "median click offset \(median * 1000) ms")
        #expect(worst <= 0.010, "max click offset \(worst * 1000) ms; all: \(offsets.map { Int(($0 * 10000).rounded()) })")
        // B's first click (its downbeat) sounds at the overlap's start.
        let firstB = clicksB.first ?? .infinity
        #expect(abs(firstB - start) <= 0.012, "B's first downbeat \(abs(firstB - start) * 1000) ms from the overlap start")
    }
}

// `crossfade`: joins an ordered list of segments with a transition between each pair; the output
// length is exact to the sample. Knows nothing of where the segments came from.
import DSP
import Foundation
import Mashup
import Pipeline
import TimeStretch

/// Joins segments with crossfades.
public struct CrossfadeStage: StageImplementation {
    /// Creates the stage.
    public init() {}

    /// The `crossfade` kind's declaration.
    public var spec: StageSpec {
        StageSpec(
            kind: "crossfade", doc: "Joins segments in order; each transition overlaps the end of one segment with the start of the next. With `plan` and `tracks`, cuts and joins the segments a plan stage chose.",
            fields: [
                FieldSpec("inputs", .references, doc: "the segments in order; a foreach stage stands for all its items"),
                FieldSpec("plan", .reference, doc: "a plan stage: cut its segments from `tracks` and join them with its crossfades"),
                FieldSpec("tracks", .references, doc: "with plan: the tracks the plan's segments index, in the plan stage's order"),
                FieldSpec("duration", .number(min: 0, max: 60), default: .double(2), doc: "seconds of every transition (default 2)"),
                FieldSpec("durations", .numbers(min: 0, max: 60), doc: "seconds of each transition in order (one fewer than the inputs); overrides duration"),
                FieldSpec("curve", .choice(CrossfadeCurve.allCases.map(\.rawValue)), default: .string("equal-power"),
                          doc: "equal-power (constant power, default), linear, or none (a butt splice with a de-click ramp)"),
                FieldSpec("analysis", .references, doc: "with plan: each track's analyze stage, in the tracks' order; enables beat-matched transitions"),
                FieldSpec("beat_match", .bool, default: .bool(true),
                          doc: "with plan and analysis: carry out the plan's transitions (incoming beats stretched onto the outgoing ones, downbeats aligned, bass handed over); false: plain crossfades of the plan's lengths"),
                FieldSpec("tempo", .choice(["ease", "hold"]), default: .string("ease"),
                          doc: "after a beat-matched overlap, ease the incoming track back to its own tempo (ease) or keep the outgoing tempo (hold)"),
                FieldSpec("ease_bars", .integer(min: 0, max: 32), default: .int(4), doc: "bars over which the incoming track returns to its own tempo"),
                FieldSpec("bass_swap", .bool, default: .bool(true), doc: "hand the bass over at the middle of a beat-matched overlap, so two kick drums never play at full level together"),
            ],
            staticDuration: { context in
                let lengths = context.inputDurations["inputs"] ?? []
                guard !lengths.isEmpty, lengths.allSatisfy({ $0 != nil }) else { return nil }
                return lengths.reduce(0) { $0 + $1! } - CrossfadeStage.transitions(context.settings, count: lengths.count).reduce(0, +)
            },
            check: { context in
                let lengths = context.inputDurations["inputs"] ?? []
                var problems: [FieldProblem] = []
                let hasPlan = context.inputDurations["plan"] != nil
                if hasPlan != (context.inputDurations["tracks"] != nil) {
                    problems.append(FieldProblem(field: hasPlan ? "tracks" : "plan", message: "plan and tracks go together"))
                }
                if let analyses = context.inputDurations["analysis"] {
                    if !hasPlan {
                        problems.append(FieldProblem(field: "analysis", message: "goes with plan and tracks"))
                    } else if let tracks = context.inputDurations["tracks"], analyses.count != tracks.count {
                        problems.append(FieldProblem(field: "analysis", message: "has \(analyses.count) entries but there are \(tracks.count) tracks; give one per track, in order"))
                    }
                }
                if hasPlan == (context.inputDurations["inputs"] != nil) {
                    problems.append(FieldProblem(field: "inputs", message: hasPlan ? "give either inputs or plan with tracks, not both" : "missing: give the segments as inputs, or a plan with tracks"))
                }
                if let list = context.settings["durations"]?.array, list.count != max(0, lengths.count - 1) {
                    problems.append(FieldProblem(field: "durations", message: "has \(list.count) values but \(lengths.count) inputs need \(max(0, lengths.count - 1))"))
                    return problems
                }
                let t = CrossfadeStage.transitions(context.settings, count: lengths.count)
                let field = context.settings["durations"] != nil ? "durations" : "duration"
                for (i, x) in t.enumerated() where x > 0 {
                    if let a = lengths[i], x > a + 1e-9 {
                        problems.append(FieldProblem(field: field, message: "transition \(i + 1) lasts \(NumberText.seconds(x, apartFrom: a)), longer than segment \(i + 1) (\(NumberText.seconds(a, apartFrom: x)))"))
                    } else if let b = lengths[i + 1], x > b + 1e-9 {
                        problems.append(FieldProblem(field: field, message: "transition \(i + 1) lasts \(NumberText.seconds(x, apartFrom: b)), longer than segment \(i + 2) (\(NumberText.seconds(b, apartFrom: x)))"))
                    } else if i > 0, let a = lengths[i], t[i - 1] + x > a + 1e-9 {
                        problems.append(FieldProblem(field: field, message: "transitions \(i) and \(i + 1) together (\(NumberText.seconds(t[i - 1] + x, apartFrom: a))) are longer than segment \(i + 1) (\(NumberText.seconds(a, apartFrom: t[i - 1] + x)))"))
                    }
                }
                return problems
            })
    }

    /// Transition lengths in seconds for `count` inputs (0 for the `none` curve).
    static func transitions(_ settings: [String: Value], count: Int) -> [Double] {
        guard count > 1 else { return [] }
        if settings["curve"]?.string == CrossfadeCurve.none.rawValue { return Array(repeating: 0, count: count - 1) }
        if let list = settings["durations"]?.array?.compactMap(\.number), list.count == count - 1 { return list }
        return Array(repeating: settings["duration"]?.number ?? 2, count: count - 1)
    }

    /// Version 2: beat-matched transitions with a plan and analyses.
    public var version: Int { 2 }

    /// The time-stretching library decides beat-matched output.
    public var toolVersions: [String: String] { ["rubberband": RubberBandInfo.version] }

    /// Joins the inputs into one float WAV.
    public func run(_ context: StageContext) async throws -> StageResult {
        if let plan = context.inputs("plan").first { return try await runPlan(context, plan: plan) }
        let inputs = context.inputs("inputs")
        let rate = Double(context.audio.sampleRate)
        let transitions = Self.transitions(context.settings, count: inputs.count).map { Int(($0 * rate).rounded()) }
        let curve = CrossfadeCurve(rawValue: context.string("curve") ?? "equal-power") ?? .equalPower
        let output = context.workPath("crossfade.wav")
        let id = context.stage.id
        let progress = context.cancellableProgress
        let digest = StreamingDigest()
        let (frames, known) = try await Blocking.run { () throws -> (Int, (digest: Digest, size: Int64)?) in
            do {
                let frames = try Crossfader.join(inputs: inputs.map(\.path), transitions: transitions, curve: curve, output: output,
                                                 sink: digest, progress: progress)
                // Waits here, off the async threads, for the hashing queue to catch up.
                return (frames, digest.result())
            } catch let error as DSPError {
                // Name segments by stage id rather than by blob path.
                var message = error.message
                for input in inputs { message = message.replacingOccurrences(of: input.path, with: input.binding.stage) }
                throw StageFailure(code: .invalidSettings, message: "stage \(id): \(message)")
            }
        }
        return StageResult(outputs: ["audio": ProducedFile(path: output, kind: .audio, known: known)],
                           metadata: ["frames": .int(frames), "duration": .double(Double(frames) / rate),
                                      "transitions": .array(transitions.map { .int($0) })])
    }

    /// Cuts the plan's segments from the tracks (sample-accurate, ramped) and joins them with the plan's crossfades.
    func runPlan(_ context: StageContext, plan planInput: StageInput) async throws -> StageResult {
        let id = context.stage.id
        let tracks = context.inputs("tracks")
        let plan: MixPlan
        do {
            plan = try JSONDecoder().decode(MixPlan.self, from: Data(contentsOf: URL(fileURLWithPath: planInput.path)))
        } catch {
            throw StageFailure(code: .invalidSettings, message: "stage \(id): cannot read the plan from \(planInput.binding.stage): \(error)")
        }
        guard !plan.segments.isEmpty else { throw StageFailure(code: .invalidSettings, message: "stage \(id): the plan has no segments") }
        for (i, s) in plan.segments.enumerated() where !tracks.indices.contains(s.track) {
            throw StageFailure(code: .invalidSettings, message: "stage \(id): plan segment \(i + 1) uses track \(s.track), but only \(tracks.count) tracks are bound")
        }
        let analysisInputs = context.inputs("analysis")
        if !analysisInputs.isEmpty, context.bool("beat_match") ?? true, let transitions = plan.transitions,
           transitions.count == plan.segments.count - 1 {
            return try await runBeatMatched(context, plan: plan, transitions: transitions, analyses: analysisInputs)
        }
        let format = PCMFormat(sampleRate: context.audio.sampleRate, channels: context.audio.channels)
        let rate = Double(format.sampleRate)
        let curve = CrossfadeCurve(rawValue: context.string("curve") ?? "equal-power") ?? .equalPower
        let output = context.workPath("crossfade.wav")
        let work = context.workDirectory
        let progress = context.cancellableProgress
        let segments = plan.segments
        let (frames, transitions) = try await Blocking.run { () throws -> (Int, [Int]) in
            var paths: [String] = []
            var lengths: [Int] = []
            for (i, s) in segments.enumerated() {
                let track = tracks[s.track]
                let path = "\(work)/segment-\(i).wav"
                do {
                    let n = try SegmentCutter.cut(input: track.path, start: s.start, end: s.end, clamp: true, format: format, rampMilliseconds: 5,
                                                  output: path) { p in try progress((Double(i) + p) / Double(segments.count) * 0.7) }
                    lengths.append(n)
                } catch {
                    throw FailureMapping.failure(error, stage: id, file: track.sourceName, readable: [track.path: track.binding.stage])
                }
                paths.append(path)
            }
            // Each crossfade fits inside both neighbours (repair guarantees it; clamping here guards odd plans).
            var transitions: [Int] = []
            for i in 0..<(segments.count - 1) {
                let wanted = Int((segments[i].crossfadeAfter * rate).rounded())
                transitions.append(max(0, min(wanted, lengths[i] / 2, lengths[i + 1] / 2)))
            }
            do {
                let n = try Crossfader.join(inputs: paths, transitions: transitions, curve: curve, output: output) { try progress(0.7 + 0.3 * $0) }
                return (n, transitions)
            } catch let error as DSPError {
                throw StageFailure(code: .invalidSettings, message: "stage \(id): \(error.message)")
            }
        }
        return StageResult(outputs: ["audio": ProducedFile(path: output, kind: .audio)],
                           metadata: ["frames": .int(frames), "duration": .double(Double(frames) / rate),
                                      "transitions": .array(transitions.map { .int($0) }), "segments": .int(segments.count),
                                      "title": .string(plan.title)])
    }
}

// `crossfade`: joins an ordered list of segments with a transition between each pair; the output
// length is exact to the sample. Knows nothing of where the segments came from.
import DSP
import Foundation
import Pipeline

/// Joins segments with crossfades.
public struct CrossfadeStage: StageImplementation {
    /// Creates the stage.
    public init() {}

    /// The `crossfade` kind's declaration.
    public var spec: StageSpec {
        StageSpec(
            kind: "crossfade", doc: "Joins segments in order; each transition overlaps the end of one segment with the start of the next.",
            fields: [
                FieldSpec("inputs", .references, required: true, doc: "the segments in order; a foreach stage stands for all its items"),
                FieldSpec("duration", .number(min: 0, max: 60), default: .double(2), doc: "seconds of every transition (default 2)"),
                FieldSpec("durations", .numbers(min: 0, max: 60), doc: "seconds of each transition in order (one fewer than the inputs); overrides duration"),
                FieldSpec("curve", .choice(CrossfadeCurve.allCases.map(\.rawValue)), default: .string("equal-power"),
                          doc: "equal-power (constant power, default), linear, or none (a butt splice with a de-click ramp)"),
            ],
            staticDuration: { context in
                let lengths = context.inputDurations["inputs"] ?? []
                guard !lengths.isEmpty, lengths.allSatisfy({ $0 != nil }) else { return nil }
                return lengths.reduce(0) { $0 + $1! } - CrossfadeStage.transitions(context.settings, count: lengths.count).reduce(0, +)
            },
            check: { context in
                let lengths = context.inputDurations["inputs"] ?? []
                var problems: [FieldProblem] = []
                if let list = context.settings["durations"]?.array, list.count != max(0, lengths.count - 1) {
                    problems.append(FieldProblem(field: "durations", message: "has \(list.count) values but \(lengths.count) inputs need \(max(0, lengths.count - 1))"))
                    return problems
                }
                let t = CrossfadeStage.transitions(context.settings, count: lengths.count)
                let field = context.settings["durations"] != nil ? "durations" : "duration"
                for (i, x) in t.enumerated() where x > 0 {
                    if let a = lengths[i], x > a + 1e-9 {
                        problems.append(FieldProblem(field: field, message: "transition \(i + 1) lasts \(Value.double(x).canonical) s, longer than segment \(i + 1) (\(Value.double(a).canonical) s)"))
                    } else if let b = lengths[i + 1], x > b + 1e-9 {
                        problems.append(FieldProblem(field: field, message: "transition \(i + 1) lasts \(Value.double(x).canonical) s, longer than segment \(i + 2) (\(Value.double(b).canonical) s)"))
                    } else if i > 0, let a = lengths[i], t[i - 1] + x > a + 1e-9 {
                        problems.append(FieldProblem(field: field, message: "transitions \(i) and \(i + 1) together (\(Value.double(t[i - 1] + x).canonical) s) are longer than segment \(i + 1) (\(Value.double(a).canonical) s)"))
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

    /// Version 1.
    public var version: Int { 1 }

    /// Joins the inputs into one float WAV.
    public func run(_ context: StageContext) async throws -> StageResult {
        let inputs = context.inputs("inputs")
        let rate = Double(context.audio.sampleRate)
        let transitions = Self.transitions(context.settings, count: inputs.count).map { Int(($0 * rate).rounded()) }
        let curve = CrossfadeCurve(rawValue: context.string("curve") ?? "equal-power") ?? .equalPower
        let output = context.workPath("crossfade.wav")
        let id = context.stage.id
        let progress = context.progress
        let frames = try await Blocking.run { () throws -> Int in
            do {
                return try Crossfader.join(inputs: inputs.map(\.path), transitions: transitions, curve: curve, output: output, progress: progress)
            } catch let error as DSPError {
                // Name segments by stage id rather than by blob path.
                var message = error.message
                for input in inputs { message = message.replacingOccurrences(of: input.path, with: input.binding.stage) }
                throw StageFailure(code: .invalidSettings, message: "stage \(id): \(message)")
            }
        }
        return StageResult(outputs: ["audio": ProducedFile(path: output, kind: .audio)],
                           metadata: ["frames": .int(frames), "duration": .double(Double(frames) / rate),
                                      "transitions": .array(transitions.map { .int($0) })])
    }
}

// `cut`: decodes [start, end) of an input with sample accuracy into working-format audio, with
// short de-click ramps at both edges. Knows nothing of what comes before or after it.
import DSP
import Foundation
import MediaIO
import Pipeline

/// Cuts a time range out of an input.
public struct CutStage: StageImplementation {
    /// Creates the stage.
    public init() {}

    /// The `cut` kind's declaration.
    public var spec: StageSpec {
        StageSpec(
            kind: "cut", doc: "Decodes [start, end) of an input with sample accuracy, resampled to the working format, edges ramped.",
            fields: [
                FieldSpec("input", .reference, required: true, doc: "the audio to cut: a source, or any stage's audio"),
                FieldSpec("start", .time, default: .double(0), doc: "where the cut begins: seconds, SS, MM:SS or HH:MM:SS"),
                FieldSpec("end", .time, doc: "where the cut ends (exclusive); omit to cut to the end of the input"),
                FieldSpec("clamp", .bool, default: .bool(false), doc: "allow an end past the input's length and stop at the input's end"),
                FieldSpec("ramp_ms", .number(min: 0, max: 100), default: .double(5), doc: "fade-in and fade-out length at the cut edges, in ms"),
            ],
            staticDuration: { context in
                guard let end = context.settings["end"]?.number else { return nil }
                let length = end - (context.settings["start"]?.number ?? 0)
                if context.settings["clamp"]?.bool == true, let d = context.inputDurations["input"]?.first ?? nil {
                    return max(0, min(end, d) - (context.settings["start"]?.number ?? 0))
                }
                return length
            },
            check: { context in
                let start = context.settings["start"]?.number ?? 0
                var problems: [FieldProblem] = []
                if let end = context.settings["end"]?.number, end <= start {
                    problems.append(FieldProblem(field: "end", message: "must be after start (start \(TimeValue.format(start)), end \(TimeValue.format(end)))"))
                }
                if context.settings["clamp"]?.bool != true, let known = context.inputDurations["input"]?.first ?? nil {
                    if let end = context.settings["end"]?.number, end > known + 0.0005 {
                        problems.append(FieldProblem(field: "end", message: "is past the end of the input (\(TimeValue.format(known))); set 'clamp: true' to stop at the input's end"))
                    } else if start >= known {
                        problems.append(FieldProblem(field: "start", message: "is past the end of the input (\(TimeValue.format(known)))"))
                    }
                }
                return problems
            })
    }

    /// Version 1.
    public var version: Int { 1 }
    /// Decoding and resampling use the FFmpeg libraries.
    public var toolVersions: [String: String] { FFmpegVersions.current }

    /// Decodes the range into a float WAV.
    public func run(_ context: StageContext) async throws -> StageResult {
        let input = try context.input("input")
        let start = context.double("start") ?? 0
        let end = context.double("end")
        let clamp = context.bool("clamp") ?? false
        let format = PCMFormat(sampleRate: context.audio.sampleRate, channels: context.audio.channels)
        let ramp = context.double("ramp_ms") ?? 5
        let output = context.workPath("cut.wav")
        let id = context.stage.id
        let progress = context.cancellableProgress
        let frames = try await Blocking.run { () throws -> Int in
            do {
                return try SegmentCutter.cut(input: input.path, start: start, end: end, clamp: clamp, format: format,
                                             rampMilliseconds: ramp, output: output, progress: progress)
            } catch {
                throw FailureMapping.failure(error, stage: id, file: input.sourceName, readable: [input.path: input.binding.stage])
            }
        }
        guard frames > 0 else {
            throw StageFailure(code: .invalidSettings, message: "stage \(id) (\(input.sourceName)): the cut from \(TimeValue.format(start)) is empty; the input ends before it")
        }
        return StageResult(outputs: ["audio": ProducedFile(path: output, kind: .audio)],
                           metadata: ["frames": .int(frames), "duration": .double(Double(frames) / Double(format.sampleRate)),
                                      "start": .double(start), "source": .string(input.sourceName)])
    }
}

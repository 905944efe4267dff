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
        let rampFrames = EdgeRamp.frames(milliseconds: context.double("ramp_ms") ?? 5, sampleRate: format.sampleRate)
        let output = context.workPath("cut.wav")
        let id = context.stage.id
        let expected = end.map { Int((($0 - start) * Double(format.sampleRate)).rounded()) }
        let progress = context.progress
        let frames = try await Blocking.run { () throws -> Int in
            do {
                let writer = try WAVWriter(path: output, format: format)
                var fadeIn = EdgeRamp(totalFrames: Int.max, fadeInFrames: rampFrames, fadeOutFrames: 0, channels: format.channels)
                // The last `rampFrames` frames are held back until the end is known, then faded out.
                let hold = rampFrames * format.channels
                var pending: [Float] = []
                var decoded = 0
                _ = try AudioDecoder.decode(path: input.path, layout: AudioLayout(sampleRate: format.sampleRate, channels: format.channels),
                                            start: start, end: end, clampToEnd: clamp, chunkFrames: 16384) { chunk in
                    var chunk = chunk
                    chunk.withUnsafeMutableBufferPointer { fadeIn.apply($0) }
                    pending.append(contentsOf: chunk)
                    if pending.count > hold {
                        let n = pending.count - hold
                        try pending.withUnsafeBufferPointer { try writer.write(UnsafeBufferPointer(rebasing: $0[0..<n])) }
                        pending.removeFirst(n)
                    }
                    decoded += chunk.count / format.channels
                    if let expected, expected > 0 { progress(Double(decoded) / Double(expected)) }
                }
                let tailFrames = pending.count / format.channels
                let fadeLength = min(rampFrames, decoded)
                for f in 0..<tailFrames {
                    let fromEnd = tailFrames - 1 - f
                    guard fromEnd < fadeLength else { continue }
                    let g = EdgeRamp.riseGain(fromEnd, length: fadeLength)
                    for c in 0..<format.channels { pending[f * format.channels + c] *= g }
                }
                try writer.write(pending)
                try writer.finish()
                return writer.framesWritten
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

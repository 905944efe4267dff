// `loudness`: measures integrated loudness (ITU-R BS.1770-4 / EBU R128), applies gain to a target,
// and limits true peak. Knows nothing of encoders or where the audio came from.
import DSP
import Foundation
import Pipeline

/// Normalises loudness with a true-peak limiter.
public struct LoudnessStage: StageImplementation {
    /// Creates the stage.
    public init() {}

    /// The `loudness` kind's declaration.
    public var spec: StageSpec {
        StageSpec(
            kind: "loudness", doc: "Gain to a target integrated loudness (BS.1770-4), with a true-peak limiter.",
            fields: [
                FieldSpec("input", .reference, required: true, doc: "the audio to normalise"),
                FieldSpec("target", .number(min: -70, max: -5), default: .double(-14), doc: "target integrated loudness in LUFS (default -14)"),
                FieldSpec("true_peak", .number(min: -9, max: 0), default: .double(-1), doc: "true-peak ceiling in dBTP (default -1)"),
            ],
            staticDuration: { $0.inputDurations["input"]?.first ?? nil })
    }

    /// Version 1.
    public var version: Int { 1 }

    /// Measures, applies gain and limits.
    public func run(_ context: StageContext) async throws -> StageResult {
        let input = try context.input("input")
        let target = context.double("target") ?? -14
        let ceiling = context.double("true_peak") ?? -1
        let output = context.workPath("loudness.wav")
        let id = context.stage.id
        let progress = context.cancellableProgress
        // One streaming digest per pass; the last one made watched the pass that wrote the output.
        let digests = PassDigests()
        let (report, known) = try await Blocking.run { () throws -> (LoudnessReport, (digest: Digest, size: Int64)?) in
            do {
                let report = try LoudnessNormalizer.normalize(input: input.path, output: output, targetLUFS: target,
                                                              truePeakCeilingDBTP: ceiling, progress: progress, sink: { digests.next() })
                // Waits here, off the async threads, for the hashing queue to catch up.
                return (report, digests.last?.result())
            } catch {
                throw FailureMapping.failure(error, stage: id, file: nil, readable: [input.path: input.binding.stage])
            }
        }
        var metadata: [String: Value] = [:]
        if let data = try? JSONEncoder().encode(report), case .object(let o)? = try? JSONDecoder().decode(Value.self, from: data) {
            metadata = o
        }
        if let d = input.metadata["duration"] { metadata["duration"] = d }
        metadata["target"] = .double(target)
        return StageResult(outputs: ["audio": ProducedFile(path: output, kind: .audio, known: known)], metadata: metadata)
    }
}

/// The streaming digests of a normalization's passes, in order.
private final class PassDigests: @unchecked Sendable {
    private let lock = NSLock()
    private var all: [StreamingDigest] = []

    /// A new digest for the next pass.
    func next() -> StreamingDigest {
        lock.withLock {
            all.append(StreamingDigest())
            return all[all.count - 1]
        }
    }

    /// The last pass's digest.
    var last: StreamingDigest? { lock.withLock { all.last } }
}

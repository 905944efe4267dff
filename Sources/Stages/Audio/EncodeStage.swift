// `encode`: the chain's one lossy step. Encodes working audio to mp3, aac, opus, flac or wav with
// tags, and asks the runner to publish the file under a stable name. Knows nothing of the cache.
import DSP
import Foundation
import MediaIO
import Pipeline

/// Encodes audio to a delivery format.
public struct EncodeStage: StageImplementation {
    /// Creates the stage.
    public init() {}

    /// Output formats: codec, file extension, and default bit rate.
    enum Format: String, CaseIterable {
        case mp3, aac, opus, flac, wav

        var fileExtension: String {
            switch self {
            case .mp3: return "mp3"
            case .aac: return "m4a"
            case .opus: return "opus"
            case .flac: return "flac"
            case .wav: return "wav"
            }
        }

        var defaultBitrate: Int? {
            switch self {
            case .mp3, .aac: return 192_000
            case .opus: return 128_000
            case .flac, .wav: return nil
            }
        }
    }

    /// The `encode` kind's declaration.
    public var spec: StageSpec {
        StageSpec(
            kind: "encode", doc: "Encodes audio (the chain's only lossy step) and writes it to the output folder under a stable name.",
            fields: [
                FieldSpec("input", .reference, required: true, doc: "the audio to encode"),
                FieldSpec("format", .choice(Format.allCases.map(\.rawValue)), default: .string("mp3"), doc: "mp3 (LAME), aac (.m4a), opus, flac or wav"),
                FieldSpec("bitrate", .bitrate, doc: "constant bit rate for mp3, aac and opus, such as 192k (defaults: mp3/aac 192k, opus 128k)"),
                FieldSpec("quality", .integer(min: 0, max: 9), doc: "mp3 only: LAME VBR quality 0 (best) to 9, instead of a constant bit rate"),
                FieldSpec("title", .string, doc: "the title tag"),
                FieldSpec("artist", .string, doc: "the artist tag"),
                FieldSpec("tags", .map, doc: "more tags (album, comment, date, ...)"),
                FieldSpec("filename", .string, doc: "output file name without extension (default: the manifest name)"),
            ],
            outputs: ["file"],
            staticDuration: { $0.inputDurations["input"]?.first ?? nil },
            check: { context in
                var problems: [FieldProblem] = []
                let format = Format(rawValue: context.settings["format"]?.string ?? "mp3") ?? .mp3
                if context.settings["bitrate"] != nil && format.defaultBitrate == nil {
                    problems.append(FieldProblem(field: "bitrate", message: "does not apply to \(format.rawValue), which is lossless"))
                }
                if context.settings["quality"] != nil {
                    if format != .mp3 { problems.append(FieldProblem(field: "quality", message: "applies to mp3 only (use bitrate for \(format.rawValue))")) }
                    if context.settings["bitrate"] != nil { problems.append(FieldProblem(field: "quality", message: "give either quality (VBR) or bitrate (CBR), not both")) }
                }
                if let name = context.settings["filename"]?.string, !EncodeStage.isSafeFileName(name) {
                    problems.append(FieldProblem(field: "filename", message: "must be a plain file name (letters, digits, spaces, '.', '_', '-'), without folders"))
                }
                return problems
            })
    }

    /// Whether a name is safe as a single file name.
    static func isSafeFileName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 120 && !name.hasPrefix(".")
            && name.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || " ._-".unicodeScalars.contains($0) }
    }

    /// A manifest name turned into a safe file name.
    static func sanitized(_ name: String) -> String {
        let mapped = String(name.unicodeScalars.map { s -> Character in
            s.properties.isAlphabetic || ("0"..."9").contains(s) || "._-".unicodeScalars.contains(s) ? Character(s) : "-"
        })
        let trimmed = mapped.trimmingCharacters(in: CharacterSet(charactersIn: ".-"))
        return trimmed.isEmpty ? "mix" : String(trimmed.prefix(120))
    }

    /// The MediaIO encoding for a format, bit rate and VBR quality.
    static func encodeFormat(_ format: Format, bitrate: Int?, quality: Int?) -> EncodeFormat {
        switch format {
        case .mp3: return quality.map { .mp3VBR(quality: $0) } ?? .mp3(bitrate: bitrate ?? 192_000)
        case .aac: return .aac(bitrate: bitrate ?? 192_000)
        case .opus: return .opus(bitrate: bitrate ?? 128_000)
        case .flac: return .flac()
        case .wav: return .wav()
        }
    }

    /// Version 2: long MP3s are encoded in parallel runs joined at seams (other bytes than version 1's single run).
    public var version: Int { 2 }
    /// Encoders and muxers are FFmpeg's.
    public var toolVersions: [String: String] { FFmpegVersions.current }

    /// Streams the input WAV through the encoder.
    public func run(_ context: StageContext) async throws -> StageResult {
        let input = try context.input("input")
        let format = Format(rawValue: context.string("format") ?? "mp3") ?? .mp3
        var tags: [String: String] = [:]
        if case .object(let extra)? = context.settings["tags"] { for (k, v) in extra { tags[k] = v.description } }
        if let t = context.string("title") { tags["title"] = t }
        if let a = context.string("artist") { tags["artist"] = a }
        tags["encoder"] = "IntelliMix"
        let allTags = tags
        let base = context.string("filename") ?? Self.sanitized(context.publishBaseName)
        let fileName = "\(base).\(format.fileExtension)"
        let output = context.workPath(fileName)
        let bitrate = context.int("bitrate") ?? (context.int("quality") == nil ? format.defaultBitrate : nil)
        let quality = context.int("quality")
        let id = context.stage.id
        let progress = context.cancellableProgress
        let frames = try await Blocking.run { () throws -> Int in
            do {
                let reader = try WAVReader(path: input.path)
                let layout = AudioLayout(sampleRate: reader.format.sampleRate, channels: reader.format.channels)
                let encodeFormat = Self.encodeFormat(format, bitrate: bitrate, quality: quality)
                // A long MP3 is encoded in runs on every core; in the rare case two runs cannot be joined, in one run.
                if ParallelMP3Encoder.splits(format: encodeFormat, layout: layout, frames: reader.frameCount) {
                    do {
                        try ParallelMP3Encoder.encode(path: output, format: encodeFormat, layout: layout, frames: reader.frameCount,
                                                      tags: allTags, openSource: { try WAVReader(path: input.path) }, progress: progress)
                        return reader.frameCount
                    } catch is ParallelMP3Encoder.NoSeam {}
                }
                let encoder = try AudioEncoder(path: output, format: encodeFormat, input: layout, tags: allTags)
                var done = 0
                while true {
                    let chunk = try reader.read(maxFrames: 32768)
                    if chunk.isEmpty { break }
                    try encoder.write(chunk)
                    done += chunk.count / layout.channels
                    try progress(Double(done) / Double(max(1, reader.frameCount)))
                }
                try encoder.finish()
                return done
            } catch {
                throw FailureMapping.failure(error, stage: id, file: nil, readable: [input.path: input.binding.stage, output: fileName])
            }
        }
        var metadata: [String: Value] = ["format": .string(format.rawValue), "frames": .int(frames), "file_name": .string(fileName)]
        if let bitrate { metadata["bitrate"] = .int(bitrate) }
        if let quality { metadata["quality"] = .int(quality) }
        if let d = input.metadata["duration"] { metadata["duration"] = d }
        return StageResult(outputs: ["file": ProducedFile(path: output, kind: .encoded)], metadata: metadata,
                           publish: PublishRequest(output: "file", fileName: fileName))
    }
}

/// Each run of a parallel MP3 encode reads the working WAV through a reader of its own.
extension WAVReader: PCMFrameSource {}

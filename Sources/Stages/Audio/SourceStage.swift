// `source`: a local audio file, relative to the manifest, stored in the cache by its digest.
// Checks the file is audio FFmpeg can read; knows nothing of what reads it later.
import Foundation
import MediaIO
import Pipeline

/// Brings a local audio file into the cache.
public struct SourceStage: StageImplementation {
    /// Creates the stage.
    public init() {}

    /// The `source` kind's declaration.
    public var spec: StageSpec {
        StageSpec(
            kind: "source", doc: "A local audio file (any format FFmpeg decodes), relative to the manifest.",
            fields: [FieldSpec("path", .string, required: true, doc: "the file's path, relative to the manifest's folder")],
            outputs: ["audio"])
    }

    /// Version 1.
    public var version: Int { 1 }
    /// The FFmpeg libraries probe the file.
    public var toolVersions: [String: String] { FFmpegVersions.current }

    /// The absolute path of the file a source stage names.
    static func resolve(_ path: String, in directory: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let url = expanded.hasPrefix("/") ? URL(fileURLWithPath: expanded) : URL(fileURLWithPath: directory).appendingPathComponent(expanded)
        return url.standardizedFileURL.path
    }

    /// The file's content digest: the only thing about the file that decides the output.
    public func externalIngredients(_ context: StageKeyContext) async throws -> [Ingredient] {
        let relative = context.stage.settings["path"]?.string ?? ""
        let path = Self.resolve(relative, in: context.manifestDirectory)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else {
            throw StageFailure(code: .fileNotFound, message: "stage \(context.stage.id): source file '\(relative)' not found (looked at \(path))")
        }
        let digests = context.fileDigests
        let (digest, _) = try await Blocking.run { try digests.digest(of: path) }
        return [Ingredient("source.digest", digest.hex)]
    }

    /// Probes the file and copies it into the work folder.
    public func run(_ context: StageContext) async throws -> StageResult {
        let relative = context.string("path") ?? ""
        let path = Self.resolve(relative, in: context.manifestDirectory)
        let copy = context.workPath("source")
        let id = context.stage.id
        let info = try await Blocking.run { () throws -> AudioFileInfo in
            do {
                let info = try MediaProbe.probe(path: path)
                try FileManager.default.copyItem(atPath: path, toPath: copy)
                return info
            } catch {
                throw FailureMapping.failure(error, stage: id, file: relative)
            }
        }
        context.progress(1)
        var metadata: [String: Value] = [
            "file": .string(relative), "extension": .string(URL(fileURLWithPath: relative).pathExtension), "format": .string(info.formatName), "codec": .string(info.codecName),
            "sample_rate": .int(info.sampleRate), "channels": .int(info.channels),
        ]
        if let d = info.durationSeconds { metadata["duration"] = .double(d) }
        if let b = info.bitRate { metadata["bit_rate"] = .int(b) }
        for tag in ["title", "artist", "album"] { if let v = info.tags[tag], !v.isEmpty { metadata[tag] = .string(v) } }
        return StageResult(outputs: ["audio": ProducedFile(path: copy, kind: .media)], metadata: metadata)
    }
}

// `source`: a local audio file, relative to the manifest, or a file uploaded through the API;
// stored in the cache by its digest.
// Checks the file is audio FFmpeg can read; knows nothing of what reads it later.
import Foundation
import MediaIO
import Pipeline

/// Brings a local audio file into the cache.
public struct SourceStage: StageImplementation {
    /// Where uploads are found; nil outside the API.
    let uploads: (any UploadLocator)?

    /// Creates the stage.
    public init(uploads: (any UploadLocator)? = nil) { self.uploads = uploads }

    /// The `source` kind's declaration.
    public var spec: StageSpec {
        StageSpec(
            kind: "source", doc: "A local audio file (any format FFmpeg decodes), relative to the manifest, or an upload made through the API.",
            fields: [
                FieldSpec("path", .string, doc: "the file's path, relative to the manifest's folder"),
                FieldSpec("upload", .string, doc: "the id of an audio file uploaded with POST /api/v1/uploads (jobs submitted through the API)"),
            ],
            outputs: ["audio"],
            check: { context in
                (context.settings["path"] == nil) == (context.settings["upload"] == nil)
                    ? [FieldProblem(field: "path", message: "give exactly one of path or upload")] : []
            })
    }

    /// The file a stage reads, and how to name it in messages.
    func file(_ stage: StageInstance, directory: String) throws -> (path: String, label: String) {
        if let id = stage.settings["upload"]?.string {
            guard let uploads else {
                throw StageFailure(code: .fileNotFound, message: "stage \(stage.id): uploads are only available to jobs submitted through the API")
            }
            guard let path = uploads.path(ofUpload: id) else {
                throw StageFailure(code: .fileNotFound, message: "stage \(stage.id): upload '\(id)' not found")
            }
            return (path, "upload \(id)")
        }
        let relative = stage.settings["path"]?.string ?? ""
        return (Self.resolve(relative, in: directory), relative)
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
        let (path, relative) = try file(context.stage, directory: context.manifestDirectory)
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
        let (path, relative) = try file(context.stage, directory: context.manifestDirectory)
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

// Shared by mix, download and mashup: write the generated manifest, then render it like `render`.
import ArgumentParser
import Foundation
import Pipeline

/// Writes a generated manifest and renders it (or only writes it, with --emit-manifest).
enum RequestRendering {
    /// With `emit`, writes the manifest there and stops; otherwise writes it beside the outputs and renders it.
    static func emitOrRender(yaml: String, name: String, emit: String?, render: RenderFlags, cache: CacheOptions) async throws {
        if let emit {
            do { try AtomicFile.write(Data(yaml.utf8), to: URL(fileURLWithPath: emit).standardizedFileURL.path) } catch {
                Terminal.error("cannot write \(emit): \(error.localizedDescription)")
                throw ExitCode(2)
            }
            Terminal.error("wrote \(emit); render it with: intellimix render \(emit)")
            return
        }
        // Kept beside the outputs, so the job can be re-rendered exactly later.
        let path = URL(fileURLWithPath: render.out).standardizedFileURL.appendingPathComponent("\(name).manifest.yaml").path
        try AtomicFile.write(Data(yaml.utf8), to: path)
        Terminal.error("manifest: \(path)")
        let manifest = try ManifestOptions.load(path: path)
        try await render.run(manifest, manifestPath: path, cache: cache)
    }
}

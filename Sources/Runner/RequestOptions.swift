// Options shared by mix, download and mashup: the name, --emit-manifest, and the render flags;
// writes the generated manifest and renders it like `render`.
import ArgumentParser
import Foundation
import Pipeline

/// What every request command takes besides its own inputs.
struct RequestOptions: ParsableArguments {
    @Option(help: "Manifest and output name.")
    var name: String?

    @Option(help: ArgumentHelp("Write the manifest here instead of rendering it.", valueName: "file"))
    var emitManifest: String?

    @OptionGroup var render: RenderFlags
    @OptionGroup var cache: CacheOptions

    /// With --emit-manifest, writes the manifest there and stops; otherwise writes it beside the outputs and renders it.
    func emitOrRender(yaml: String, name: String) async throws {
        if let emitManifest {
            do { try AtomicFile.write(Data(yaml.utf8), to: URL(fileURLWithPath: emitManifest).standardizedFileURL.path) } catch {
                Terminal.error("cannot write \(emitManifest): \(error.localizedDescription)")
                throw ExitCode(2)
            }
            Terminal.error("wrote \(emitManifest); render it with: intellimix render \(emitManifest)")
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

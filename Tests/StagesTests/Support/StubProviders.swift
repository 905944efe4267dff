// Stand-ins for the outside services (an LLM, a lyrics database) and a render with them, for stage tests.
// Knows no HTTP: each stub answers from memory and counts its calls.
import Foundation
import Logging
import Mashup
import Pipeline
import Stages
import Synchronization

/// An LLM that always gives the same reply.
final class StubLLM: LLMProvider {
    let reply: String
    let calls = Mutex(0)
    init(reply: String) { self.reply = reply }
    var identity: String { "stub/fixed" }
    func complete(_ request: LLMRequest) async throws -> String {
        calls.withLock { $0 += 1 }
        return reply
    }
}

/// A lyrics database that finds what it is given (nil: a miss) and counts lookups.
final class StubLyrics: LyricsProvider {
    let result: Mutex<LyricsLookupResult?>
    let lookups = Mutex(0)
    init(_ result: LyricsLookupResult?) { self.result = Mutex(result) }
    func lookup(title: String, artist: String, album: String?, duration: Double?) async throws -> LyricsLookupResult? {
        lookups.withLock { $0 += 1 }
        return result.withLock { $0 }
    }
}

extension RenderHarness {
    /// Loads `yaml` against a catalog built with `providers`.
    func manifest(_ yaml: String, providers: StageProviders, environment: [String: String] = [:]) throws -> Manifest {
        let path = "\(dir)/m.yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return try ManifestLoader(registry: StageCatalog.standard(providers: providers, environment: environment)).load(path: path)
    }

    /// Renders with a catalog built with `providers`.
    func render(_ manifest: Manifest, providers: StageProviders, environment: [String: String] = [:],
                options: RenderOptions = RenderOptions(jobs: 2)) async -> RenderReport {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        var options = options
        options.outputDirectory = "\(dir)/out"
        let runner = PipelineRunner(registry: StageCatalog.standard(providers: providers, environment: environment), cache: cache, logger: logger)
        return await runner.render(manifest, options: options)
    }
}

// `intellimix bench-floor` (hidden; used by scripts/bench): a bare Hummingbird route in this same binary, with no
// middleware, no database and no logging, as the floor the API's request path is measured against.
import ArgumentParser
import Hummingbird
import Logging

struct FloorBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-floor", abstract: "Serve a bare GET /hello on loopback (the floor for scripts/bench).", shouldDisplay: false)

    @Option(help: "The loopback port.")
    var port: Int

    func run() async throws {
        let router = Router()
        router.get("/hello") { _, _ in "ok" }
        var logger = Logger(label: "intellimix.bench-floor")
        logger.logLevel = .error
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "IntelliMix"),
                              logger: logger)
        try await app.runService()
    }
}

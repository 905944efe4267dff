// The access log: every error and slow request gets a line, ordinary requests one in REQUEST_LOG_SAMPLE, and at debug
// level every request; the latency metric and the request id header come with every answer.
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
@testable import API

@Suite("Request log sampling")
struct RequestLogTests {
    /// Keeps the "request" lines logged through it.
    final class Capture: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [(Logger.Level, String)] = []
        func add(_ level: Logger.Level, _ status: String) { lock.withLock { lines.append((level, status)) } }
        var all: [(Logger.Level, String)] { lock.withLock { lines } }
    }

    struct Handler: LogHandler {
        let capture: Capture
        var logLevel: Logger.Level
        var metadata: Logger.Metadata = [:]
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
            if message.description == "request" { capture.add(level, metadata?["http.status"]?.description ?? "") }
        }
    }

    static func run(level: Logger.Level, sample: Int) async throws -> [(Logger.Level, String)] {
        let capture = Capture()
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: RequestLogMiddleware(metrics: ServiceMetrics(), sample: sample))
        router.add(middleware: ErrorMiddleware())
        router.get("/ok") { _, _ in "ok" }
        router.get("/boom") { _, _ -> String in throw APIError.internalError }
        let logger = Logger(label: "test.requests") { _ in Handler(capture: capture, logLevel: level) }
        try await Application(router: router, logger: logger).test(.router) { client in
            for _ in 0..<9 { _ = try await client.execute(uri: "/ok", method: .get) }
            _ = try await client.execute(uri: "/missing", method: .get)
            _ = try await client.execute(uri: "/boom", method: .get)
        }
        return capture.all
    }

    @Test("at info: errors always (404 at info, 500 at error), ordinary requests one in REQUEST_LOG_SAMPLE")
    func sampled() async throws {
        let lines = try await Self.run(level: .info, sample: 3)
        #expect(lines.filter { $0.1 == "200" }.count == 3, "\(lines)")
        #expect(lines.contains { $0.0 == .info && $0.1 == "404" })
        #expect(lines.contains { $0.0 == .error && $0.1 == "500" })
    }

    @Test("REQUEST_LOG_SAMPLE=1 or debug level: every request")
    func everyRequest() async throws {
        #expect(try await Self.run(level: .info, sample: 1).filter { $0.1 == "200" }.count == 9)
        let debug = try await Self.run(level: .debug, sample: 100)
        #expect(debug.filter { $0.1 == "200" }.count == 9)
        #expect(debug.filter { $0.1 == "200" && $0.0 == .debug }.count >= 8)
    }

    @Test("REQUEST_LOG_SAMPLE defaults to 100 and must be 1 or more")
    func setting() throws {
        #expect(try AppConfig(environment: [:]).requestLogSample == 100)
        #expect(throws: ConfigError.self) { try AppConfig(environment: ["REQUEST_LOG_SAMPLE": "0"]) }
    }
}

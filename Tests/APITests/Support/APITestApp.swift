// An in-process IntelliMix API for tests: a temporary storage folder, a fresh SQLite file or
// PostgreSQL schema, the real router, and optionally real workers running as tasks.
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Stages
import Testing
@testable import API

/// One test's API instance.
final class APITestApp: @unchecked Sendable {
    let root: String
    let config: AppConfig
    let store: any AppStore
    let fixture: StoreFixture
    let services: APIServices
    let router: Router<AppRequestContext>
    let metrics = ServiceMetrics()
    private let workerTasks = Locked<[Task<Void, Never>]>([])

    /// Creates an app on `kind` with extra environment variables.
    init(_ kind: StoreKind = .sqlite, env extra: [String: String] = [:]) async throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("im-api-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        var env = ["STORAGE_ROOT": root, "JWT_SECRET_KEY": String(repeating: "s3cr3t-", count: 6), "BCRYPT_COST": "4",
                   "JOB_LEASE_SECONDS": "3", "AUTH_RATE_LIMIT_PER_IP": "1000", "AUTH_RATE_LIMIT_PER_EMAIL": "1000"]
        for (k, v) in extra { env[k] = v }
        config = try AppConfig(environment: env)
        fixture = try StoreFixture(kind)
        let store = try fixture.open()
        try await store.migrate()
        self.store = store
        services = try await APIRuntime.services(config, store: store, metrics: metrics, logger: Self.logger)
        router = APIApplication.router(services).0
    }

    static let logger: Logger = {
        var l = Logger(label: "api-test")
        l.logLevel = .critical
        return l
    }()

    /// Starts `count` workers as tasks (stopped by `shutdown()`).
    func startWorkers(_ count: Int = 1, providers: StageProviders? = nil, retry: RetryPolicy? = nil) throws {
        var environment = try APIRuntime.workerEnvironment(config, store: store, metrics: metrics, logger: Self.logger, providers: providers)
        if let retry { environment.retry = retry }
        for worker in APIRuntime.workers(count, environment: environment) {
            let w = WorkerService(executor: worker.executor, workerId: worker.workerId, pollInterval: .milliseconds(50))
            let task = Task { do { try await w.run() } catch {} }
            workerTasks.withLock { $0.append(task) }
        }
    }

    /// Stops workers, closes the store, removes the folder and the database schema.
    func shutdown() async {
        let tasks = workerTasks.withLock { t in defer { t = [] }; return t }
        for t in tasks { t.cancel() }
        for t in tasks { await t.value }
        await store.close()
        await fixture.destroy()
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Runs `body` against the router in process.
    func test<R: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> R) async throws -> R {
        try await Application(router: router, logger: Self.logger).test(.router, body)
    }
}

/// A decoded response.
struct Reply: Sendable {
    let status: Int
    let headers: HTTPFields
    let body: Data

    /// The body as a JSON object.
    var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]) ?? [:] }
    /// The body as text.
    var text: String { String(decoding: body, as: UTF8.self) }
    /// A header.
    func header(_ name: String) -> String? { headers[HTTPField.Name(name)!] }
}

extension TestClientProtocol {
    /// Sends a request with an optional bearer token and JSON body.
    func send(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json: Any? = nil, body: Data? = nil,
              headers extra: [String: String] = [:]) async throws -> Reply {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        var payload = body
        if let json {
            payload = try JSONSerialization.data(withJSONObject: json)
            headers[.contentType] = "application/json"
        }
        for (k, v) in extra { headers[HTTPField.Name(k)!] = v }
        let response = try await execute(uri: uri, method: method, headers: headers, body: payload.map { ByteBuffer(bytes: $0) })
        return Reply(status: Int(response.status.code), headers: response.headers, body: Data(response.body.readableBytesView))
    }

    /// Registers a user and returns its access and refresh tokens.
    func register(_ email: String, password: String = "correct horse battery") async throws -> (access: String, refresh: String, id: String) {
        let r = try await send(.post, "/api/v1/auth/register", json: ["name": "Test", "email": email, "password": password])
        try #require(r.status == 201, "register failed: \(r.status) \(r.text)")
        let user = r.json["user"] as? [String: Any]
        return (r.json["access_token"] as! String, r.json["refresh_token"] as! String, user?["id"] as? String ?? "")
    }

    /// Polls a job until it reaches a final state.
    func waitForJob(_ id: String, token: String, seconds: Double = 60) async throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let r = try await send(.get, "/api/v1/jobs/\(id)", token: token)
            if let s = r.json["status"] as? String, ["succeeded", "failed", "cancelled"].contains(s) { return r.json }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("job \(id) did not finish in \(seconds) s")
        return [:]
    }

    /// Uploads a file as multipart field `file`.
    func upload(_ data: Data, name: String, token: String, path: String = "/api/v1/uploads", field: String = "file") async throws -> Reply {
        let boundary = "----im\(UUID().uuidString)"
        var body = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"\(name)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
        body.append(data)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        return try await send(.post, path, token: token, body: body, headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"])
    }

    /// Uploads `audio`, submits a manifest that cuts its first `end` seconds and encodes them as `format`, and waits
    /// for the job; returns the finished job view.
    func runCutJob(_ audio: Data, end: Double, format: String, name: String, token: String) async throws -> [String: Any] {
        let up = try await upload(audio, name: "\(name).mp3", token: token)
        guard let upload = up.json["upload_id"] as? String else { throw CutJobError(reply: up.text) }
        let manifest = """
        version: 1
        name: \(name)
        stages:
          - { id: song, kind: source, upload: \(upload) }
          - { id: a, kind: cut, input: song, start: 0, end: \(end) }
          - { id: out, kind: encode, input: a, format: \(format) }
        """
        let r = try await send(.post, "/api/v1/jobs", token: token, body: Data(manifest.utf8))
        guard let jobId = r.json["job_id"] as? String else { throw CutJobError(reply: r.text) }
        return try await waitForJob(jobId, token: token)
    }
}

/// An upload or a submission of `runCutJob` was refused.
struct CutJobError: Error, CustomStringConvertible {
    /// The server's answer.
    var reply: String
    /// The answer, for the test log.
    var description: String { "refused: \(reply)" }
}

/// Test audio made with the ffmpeg CLI (lavfi), cached per process.
enum TestAudio {
    /// A sine tone of `seconds` at `frequency` Hz as WAV bytes.
    static func tone(seconds: Double, frequency: Int = 440, format: String = "wav") throws -> Data {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("im-tone-\(UUID().uuidString).\(format)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i", "sine=frequency=\(frequency):duration=\(seconds):sample_rate=44100",
                       "-ac", "2", path]
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw TestAudioError() }
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    /// Mono pink noise of `seconds` as a 32 kbit/s MP3: long audio in a small upload.
    static func noiseMP3(seconds: Int) throws -> Data {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("im-noise-\(UUID().uuidString).mp3").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i", "anoisesrc=d=\(seconds):c=pink:a=0.2:r=22050",
                       "-ac", "1", "-b:a", "32k", path]
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw TestAudioError() }
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    struct TestAudioError: Error {}
}

// Runs the built `intellimix` binary in a temporary folder, as a user would.
import Foundation

struct CLIResult {
    var status: Int32
    var stdout: String
    var stderr: String

    /// The `--json` summary's stage statuses by id.
    var statuses: [String: String] {
        guard let obj = try? JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any],
              let stages = obj["stages"] as? [[String: Any]] else { return [:] }
        var out: [String: String] = [:]
        for s in stages { if let id = s["id"] as? String, let st = s["status"] as? String { out[id] = st } }
        return out
    }

    /// The `--json` summary's stage keys by id.
    var keys: [String: String] {
        guard let obj = try? JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any],
              let stages = obj["stages"] as? [[String: Any]] else { return [:] }
        var out: [String: String] = [:]
        for s in stages { if let id = s["id"] as? String, let k = s["key"] as? String { out[id] = k } }
        return out
    }
}

/// A temporary working folder with the example manifests and generated demo audio.
struct Workspace {
    static let repo: URL = {
        if let r = ProcessInfo.processInfo.environment["INTELLIMIX_REPO_ROOT"] { return URL(fileURLWithPath: r) }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }()

    static var binary: String {
        ProcessInfo.processInfo.environment["INTELLIMIX_BIN"] ?? repo.appendingPathComponent(".build/debug/intellimix").path
    }

    /// Demo audio shared by all tests in this process (generating it takes a few seconds).
    static let audio: Result<String, Error> = Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("im-e2e-audio-\(getpid())").path
        let r = try run(repo.appendingPathComponent("scripts/make-demo-audio").path, [dir, "120"], cwd: repo.path)
        guard r.status == 0 else { throw WorkspaceError("make-demo-audio failed: \(r.stderr)") }
        return dir
    }

    let dir: String

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("im-e2e-\(UUID().uuidString)").path
        let fm = FileManager.default
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for name in try fm.contentsOfDirectory(atPath: Self.repo.appendingPathComponent("manifests").path) where name.hasSuffix(".yaml") {
            try fm.copyItem(atPath: Self.repo.appendingPathComponent("manifests/\(name)").path, toPath: "\(dir)/\(name)")
        }
        try fm.createSymbolicLink(atPath: "\(dir)/audio", withDestinationPath: try Self.audio.get())
    }

    /// Runs `intellimix` with a private cache folder.
    func intellimix(_ args: [String], cache: String? = nil) throws -> CLIResult {
        try Self.run(Self.binary, args, cwd: dir, env: ["INTELLIMIX_CACHE_DIR": cache ?? "\(dir)/cache"])
    }

    static func run(_ exe: String, _ args: [String], cwd: String, env: [String: String] = [:]) throws -> CLIResult {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: cwd)
        p.environment = ProcessInfo.processInfo.environment.merging(env) { _, b in b }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Read both pipes concurrently so neither fills up.
        let errData = Mutex2()
        let t = Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }
        t.start()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        while !errData.done { usleep(1000) }
        return CLIResult(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: errData.data, as: UTF8.self))
    }
}

final class Mutex2: @unchecked Sendable {
    private let lock = NSLock()
    private var _data = Data()
    private var _done = false
    func set(_ d: Data) { lock.lock(); _data = d; _done = true; lock.unlock() }
    var done: Bool { lock.lock(); defer { lock.unlock() }; return _done }
    var data: Data { lock.lock(); defer { lock.unlock() }; return _data }
}

struct WorkspaceError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

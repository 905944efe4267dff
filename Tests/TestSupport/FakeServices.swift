// Starts the loopback stand-ins for LRCLIB, Gemini, OpenAI-compatible transcription and a media
// host (Tests/EndToEndTests/Support/fake_services.py, speaking the real wire formats). Shared by the
// end-to-end and API tests.
import Foundation

/// A running fake-services process and its request log.
public final class FakeServices: @unchecked Sendable {
    let process = Process()
    /// The loopback port it listens on.
    public let port: Int
    /// The file each request line is appended to.
    public let log: String

    /// Starts the server serving media from `media` (default: an empty folder).
    public init(media: String? = nil) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("im-fake-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let portFile = "\(dir)/port"
        log = "\(dir)/requests.log"
        FileManager.default.createFile(atPath: log, contents: nil)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.repo.appendingPathComponent("Tests/EndToEndTests/Support/fake_services.py").path, media ?? dir, portFile, log]
        try process.run()
        var waited = 0
        while !FileManager.default.fileExists(atPath: portFile) && waited < 100 { usleep(50_000); waited += 1 }
        port = Int((try? String(contentsOfFile: portFile, encoding: .utf8)) ?? "") ?? 0
    }

    /// The repository root ($INTELLIMIX_REPO_ROOT, else found from this file).
    public static let repo: URL = {
        if let r = ProcessInfo.processInfo.environment["INTELLIMIX_REPO_ROOT"] { return URL(fileURLWithPath: r) }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }()

    /// Request lines received so far.
    public var requests: [String] { ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init) }

    // SIGKILL: a child started from a pool thread inherits its blocked SIGTERM.
    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

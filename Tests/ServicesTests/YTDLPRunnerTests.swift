// Tests for YTDLPRunner with the REAL yt-dlp binary downloading from a loopback server (its generic
// extractor reads direct media URLs offline), plus the pure argument builder, error classifier and progress parser.
// The binary comes from INTELLIMIX_YTDLP or .venv-tools (scripts/test installs it); when missing these tests FAIL.
import Foundation
import Mashup
import Testing
@testable import Services

@Suite("YTDLPRunner (real yt-dlp)")
struct YTDLPRunnerTests {
    /// The binary, or a recorded failure that says how to get it.
    func ytdlp() throws -> String {
        guard let path = TestSupport.ytdlpPath() else {
            Issue.record("yt-dlp not found: set INTELLIMIX_YTDLP or run scripts/test (scripts/lib/deps.sh ensure_ytdlp installs it into .venv-tools)")
            throw YTDLPError(.toolMissing, "yt-dlp missing")
        }
        return path
    }

    /// A runner that may reach loopback (the test server), with short limits.
    func runner(_ executable: String, configure: (inout YTDLPConfiguration) -> Void = { _ in }) -> YTDLPRunner {
        var configuration = YTDLPConfiguration(
            executable: executable, socketTimeoutSeconds: 10, downloadTimeout: .seconds(120),
            policy: AddressPolicy(allowPrivateAddresses: true))
        configure(&configuration)
        return YTDLPRunner(configuration: configuration)
    }

    static let wav = TestSupport.wav(seconds: 1)

    func mediaServer() async throws -> LoopbackHTTPServer {
        try await LoopbackHTTPServer.start(routes: [
            "/media/tone.wav": { _ in LoopbackHTTPServer.Response(headers: [("Content-Type", "audio/x-wav")], body: Self.wav) },
            "/media/slow.wav": { _ in
                try? await Task.sleep(for: .seconds(30))
                return LoopbackHTTPServer.Response(headers: [("Content-Type", "audio/x-wav")], body: Self.wav)
            },
        ])
    }

    @Test("reports its version")
    func version() async throws {
        let version = try await runner(try ytdlp()).version(logger: TestSupport.logger)
        #expect(version.split(separator: ".").count >= 3)
        #expect(version.allSatisfy { $0.isNumber || $0 == "." })
    }

    @Test("downloads the original audio stream of a direct URL, with progress")
    func downloadOriginal() async throws {
        let executable = try ytdlp()
        let server = try await mediaServer()
        defer { Task { await server.shutdown() } }
        let folder = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(folder) }
        let reports = LockedList<YTDLPProgress>()
        let download = try await runner(executable).downloadAudio(
            url: "\(server.baseURL)/media/tone.wav", to: folder, logger: TestSupport.logger, progress: { reports.append($0) })
        #expect(download.path == folder + "/tone.wav")
        #expect(download.bytes == Int64(Self.wav.count))
        #expect(try Data(contentsOf: URL(fileURLWithPath: download.path)) == Self.wav)
        let last = try #require(reports.all.last)
        #expect(last.downloadedBytes == Int64(Self.wav.count))
        #expect(last.fraction == 1)
    }

    @Test("converts to MP3 at a quality (yt-dlp runs the ffmpeg CLI)")
    func downloadConverted() async throws {
        let executable = try ytdlp()
        let server = try await mediaServer()
        defer { Task { await server.shutdown() } }
        let folder = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(folder) }
        let download = try await runner(executable).downloadAudio(
            url: "\(server.baseURL)/media/tone.wav", to: folder, format: .converted(.mp3, quality: "128K"), logger: TestSupport.logger)
        #expect(download.path.hasSuffix("/tone.mp3"))
        #expect(download.bytes > 1000)
        let header = try Data(contentsOf: URL(fileURLWithPath: download.path)).prefix(3)
        #expect(header == Data("ID3".utf8) || header.first == 0xFF)
    }

    @Test("a 404 maps to VIDEO_UNAVAILABLE with yt-dlp's line kept for logs only")
    func notFound() async throws {
        let executable = try ytdlp()
        let server = try await mediaServer()
        defer { Task { await server.shutdown() } }
        let folder = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(folder) }
        let error = await #expect(throws: YTDLPError.self) {
            try await runner(executable).downloadAudio(url: "\(server.baseURL)/media/missing.wav", to: folder, logger: TestSupport.logger)
        }
        #expect(error?.code == .videoUnavailable, "\(error?.detail ?? "")")
        #expect(error?.exitStatus == 1)
        #expect(error?.detail?.contains("404") == true)
        #expect(error?.message.contains("404") == false)
    }

    @Test("a file over --max-filesize is TOO_LARGE")
    func tooLarge() async throws {
        let executable = try ytdlp()
        let server = try await mediaServer()
        defer { Task { await server.shutdown() } }
        let folder = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(folder) }
        let error = await #expect(throws: YTDLPError.self) {
            try await runner(executable) { $0.maxFileSizeBytes = 1000 }
                .downloadAudio(url: "\(server.baseURL)/media/tone.wav", to: folder, logger: TestSupport.logger)
        }
        #expect(error?.code == .tooLarge)
    }

    @Test("the wall-clock limit kills a hanging download: TIMEOUT")
    func wallClockTimeout() async throws {
        let executable = try ytdlp()
        let server = try await mediaServer()
        defer { Task { await server.shutdown() } }
        let folder = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(folder) }
        let clock = ContinuousClock()
        let start = clock.now
        let error = await #expect(throws: YTDLPError.self) {
            try await runner(executable) { $0.downloadTimeout = .seconds(2) }
                .downloadAudio(url: "\(server.baseURL)/media/slow.wav", to: folder, logger: TestSupport.logger)
        }
        #expect(error?.code == .timeout, "\(error?.detail ?? "")")
        #expect(clock.now - start < .seconds(15))
    }

    @Test("the time limit kills the whole process group (grandchildren included) with SIGTERM")
    func killsProcessGroup() async throws {
        // A stand-in "yt-dlp" that starts a long-lived child (as yt-dlp starts ffmpeg) and waits for it.
        let folder = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(folder) }
        let fake = folder + "/yt-dlp"
        try "#!/bin/sh\nsleep 60 &\necho $! > \"$CHILD_PID_FILE\"\nwait\n".write(toFile: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake)
        let runner = runner(fake) {
            $0.downloadTimeout = .seconds(1)
            $0.extraEnvironment = ["CHILD_PID_FILE": folder + "/child.pid"]
        }
        let clock = ContinuousClock()
        let start = clock.now
        let error = await #expect(throws: YTDLPError.self) {
            try await runner.downloadAudio(url: "http://127.0.0.1:9/never", to: folder + "/out", logger: TestSupport.logger)
        }
        #expect(error?.code == .timeout)
        // SIGTERM (at 1 s) must end it, not the SIGKILL two seconds later: a child spawned from a pool thread
        // inherits that thread's blocked signal mask and ignores SIGTERM.
        #expect(clock.now - start < .milliseconds(2500), "SIGTERM did not end the group; only the later SIGKILL did")
        let pidText = try String(contentsOfFile: folder + "/child.pid", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let stat = "/proc/\(pidText)/stat"
        var alive = true
        for _ in 0..<30 {
            // Gone, or a zombie waiting to be reaped: either way it no longer runs.
            let state = (try? String(contentsOfFile: stat, encoding: .utf8))?.split(separator: ")").last?.split(separator: " ").first
            if state == nil || state == "Z" { alive = false; break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(!alive, "the grandchild \(pidText) survived the time limit")
    }

    @Test("a connection refused is NETWORK_ERROR")
    func connectionRefused() async throws {
        let executable = try ytdlp()
        let server = try await mediaServer()
        let port = server.port
        await server.shutdown()
        let folder = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(folder) }
        let error = await #expect(throws: YTDLPError.self) {
            try await runner(executable).downloadAudio(url: "http://127.0.0.1:\(port)/media/tone.wav", to: folder, logger: TestSupport.logger)
        }
        #expect(error?.code == .networkError)
    }

    @Test("the default policy refuses a loopback URL before running yt-dlp")
    func blockedByDefault() async throws {
        let executable = try ytdlp()
        let server = try await mediaServer()
        defer { Task { await server.shutdown() } }
        let folder = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(folder) }
        let error = await #expect(throws: YTDLPError.self) {
            try await YTDLPRunner(configuration: YTDLPConfiguration(executable: executable))
                .downloadAudio(url: "\(server.baseURL)/media/tone.wav", to: folder, logger: TestSupport.logger)
        }
        #expect(error?.code == .blockedAddress)
        #expect(server.requests.isEmpty)
    }

    @Test("input starting with '-' is refused before anything runs")
    func optionInjection() async throws {
        // A stand-in "yt-dlp" that leaves a marker if it is ever started.
        let folder = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(folder) }
        let marker = folder + "/ran"
        let fake = folder + "/yt-dlp"
        try "#!/bin/sh\ntouch '\(marker)'\n".write(toFile: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake)
        let runner = runner(fake)
        for input in ["--exec=touch /tmp/pwned", "-o/etc/passwd", "-"] {
            let download = await #expect(throws: YTDLPError.self) {
                try await runner.downloadAudio(url: input, to: folder, logger: TestSupport.logger)
            }
            #expect(download?.code == .invalidInput)
            let video = await #expect(throws: YTDLPError.self) {
                try await runner.downloadVideo(url: input, to: folder, logger: TestSupport.logger)
            }
            #expect(video?.code == .invalidInput)
            let search = await #expect(throws: YTDLPError.self) { try await runner.search(input, logger: TestSupport.logger) }
            #expect(search?.code == .invalidInput)
        }
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test("a missing executable is YTDLP_NOT_FOUND")
    func missingExecutable() async throws {
        let runner = YTDLPRunner(configuration: YTDLPConfiguration(executable: "/nonexistent/yt-dlp"))
        let error = await #expect(throws: YTDLPError.self) { try await runner.version(logger: TestSupport.logger) }
        #expect(error?.code == .toolMissing)
        let onPath = YTDLPRunner(configuration: YTDLPConfiguration(executable: "definitely-not-a-real-tool-\(UUID().uuidString)"))
        #expect(throws: YTDLPError.self) { try onPath.executablePath() }
    }
}

@Suite("yt-dlp arguments, errors and progress (pure)")
struct YTDLPPureTests {
    let configuration = YTDLPConfiguration(maxFileSizeBytes: 1234, socketTimeoutSeconds: 7)

    @Test("audio download arguments: fixed options, then '--', then the URL")
    func audioArguments() throws {
        let arguments = try YTDLPArguments.audio(
            url: "https://youtu.be/abc", outputDirectory: "/tmp/50%", format: .converted(.opus, quality: "5"), configuration: configuration)
        #expect(Array(arguments.suffix(2)) == ["--", "https://youtu.be/abc"])
        for flag in ["--no-playlist", "--no-progress", "--newline", "--ignore-config"] { #expect(arguments.contains(flag)) }
        #expect(arguments.contains("/tmp/50%%/%(id)s.%(ext)s"))
        #expect(arguments.contains("after_move:IMXFILE %(filepath)s"))
        #expect(arguments.split(separator: "--max-filesize").last?.first == "1234")
        #expect(arguments.split(separator: "--socket-timeout").last?.first == "7")
        #expect(arguments.split(separator: "-x").count == 2)
        #expect(arguments.split(separator: "--audio-format").last?.first == "opus")
        #expect(arguments.split(separator: "--audio-quality").last?.first == "5")
        let original = try YTDLPArguments.audio(url: "https://youtu.be/abc", outputDirectory: "/d", format: .original, configuration: configuration)
        #expect(original.split(separator: "-f").last?.first == "bestaudio/best")
        #expect(!original.contains("-x"))
        #expect(throws: YTDLPError.self) {
            try YTDLPArguments.audio(url: "https://x", outputDirectory: "/d", format: .converted(.mp3, quality: "999K"), configuration: configuration)
        }
    }

    @Test("video arguments cap the height and merge to MP4; progress swaps --no-progress for a template")
    func videoArguments() throws {
        let arguments = try YTDLPArguments.video(
            url: "https://youtu.be/abc", outputDirectory: "/d", maxHeight: 720, configuration: configuration, progress: true)
        #expect(arguments.split(separator: "-f").last?.first == "bv*[height<=?720]+ba/b[height<=?720]")
        #expect(arguments.split(separator: "--merge-output-format").last?.first == "mp4")
        #expect(arguments.contains("--progress"))
        #expect(!arguments.contains("--no-progress"))
        #expect(throws: YTDLPError.self) {
            try YTDLPArguments.video(url: "https://x", outputDirectory: "/d", maxHeight: 10, configuration: configuration)
        }
    }

    @Test("search arguments")
    func searchArguments() throws {
        let arguments = try YTDLPArguments.search(query: "Halo Beyonce official", count: 8, configuration: configuration)
        #expect(Array(arguments.suffix(2)) == ["--", "ytsearch8:Halo Beyonce official"])
        for flag in ["--dump-json", "--flat-playlist", "--skip-download"] { #expect(arguments.contains(flag)) }
        #expect(throws: YTDLPError.self) { try YTDLPArguments.search(query: "x\ny", count: 5, configuration: configuration) }
        #expect(throws: YTDLPError.self) { try YTDLPArguments.search(query: "x", count: 0, configuration: configuration) }
        #expect(throws: YTDLPError.self) { try YTDLPArguments.search(query: "", count: 5, configuration: configuration) }
    }

    @Test("search output: JSON lines parsed leniently")
    func searchParsing() {
        let output = """
            {"_type": "url", "ie_key": "Youtube", "id": "bnVUHWCynig", "url": "https://www.youtube.com/watch?v=bnVUHWCynig", "title": "Beyoncé - Halo", "channel": "Beyoncé", "channel_id": "UCuHzBCaKmtaLcRAOoazhCPA", "duration": 261.0, "view_count": 1234567890, "live_status": null}
            WARNING: something odd
            {"id": "x2", "title": "Halo (Lyrics)", "duration": "n/a", "uploader": "Lyrics Channel", "webpage_url": "https://www.youtube.com/watch?v=x2"}
            {"id": "no-title"}
            """
        let entries = SearchCandidate.parseJSONLines(output)
        #expect(entries.count == 2)
        #expect(entries[0].channel == "Beyoncé")
        #expect(entries[0].duration == 261)
        #expect(entries[0].viewCount == 1_234_567_890)
        #expect(entries[0].link == "https://www.youtube.com/watch?v=bnVUHWCynig")
        #expect(entries[1].duration == nil)
        #expect(entries[1].uploader == "Lyrics Channel")
        #expect(entries[1].link == "https://www.youtube.com/watch?v=x2")
    }

    @Test("stderr phrases map to stable codes", arguments: [
        ("ERROR: [youtube] abc: Video unavailable. This video has been removed by the uploader", YTDLPError.Code.videoUnavailable),
        ("ERROR: [youtube] abc: Private video. Sign in if you've been granted access to this video", .videoPrivate),
        ("ERROR: [youtube] abc: Join this channel to get access to members-only content like this video", .videoPrivate),
        ("ERROR: [youtube] abc: The uploader has not made this video available in your country", .geoBlocked),
        ("ERROR: [generic] 'notaurl' is not a valid URL", .unsupportedURL),
        ("ERROR: Unsupported URL: https://example.com/page", .unsupportedURL),
        ("ERROR: [generic] missing: Unable to download webpage: HTTP Error 404: File not found", .videoUnavailable),
        ("ERROR: [generic] x: Unable to download webpage: [Errno 111] Connection refused", .networkError),
        ("ERROR: [youtube] abc: Unable to download API page: <urlopen error [Errno -3] Temporary failure in name resolution>", .networkError),
        ("[download] File is larger than max-filesize (88278 bytes > 1000 bytes). Aborting.", .tooLarge),
        ("ERROR: [generic] tone: Requested format is not available.", .fetchFailed),
        ("", .fetchFailed),
    ])
    func classify(_ output: String, _ code: YTDLPError.Code) {
        let error = YTDLPErrorClassifier.classify(exitStatus: 1, output: output)
        #expect(error.code == code)
        #expect(error.message == YTDLPErrorClassifier.message(for: code))
    }

    @Test("progress lines")
    func progress() {
        #expect(YTDLPProgress.parse("IMXPROGRESS 1024 88278 NA") == YTDLPProgress(downloadedBytes: 1024, totalBytes: 88278))
        #expect(YTDLPProgress.parse("IMXPROGRESS 1024 NA 2000.5") == YTDLPProgress(downloadedBytes: 1024, totalBytes: 2000))
        #expect(YTDLPProgress.parse("IMXPROGRESS 1024 NA NA")?.fraction == nil)
        #expect(YTDLPProgress.parse("[download] 50%") == nil)
        #expect(YTDLPAudioFormat.isValidQuality("0") && YTDLPAudioFormat.isValidQuality("192K") && !YTDLPAudioFormat.isValidQuality("11"))
    }

    @Test("configuration from INTELLIMIX_YTDLP*")
    func configurationFromEnvironment() throws {
        let configuration = try YTDLPConfiguration(environment: [
            "INTELLIMIX_YTDLP": "/opt/yt-dlp", "INTELLIMIX_YTDLP_MAX_FILESIZE_MB": "20", "INTELLIMIX_YTDLP_TIMEOUT_SECONDS": "60",
        ])
        #expect(configuration.executable == "/opt/yt-dlp")
        #expect(configuration.maxFileSizeBytes == 20 << 20)
        #expect(configuration.downloadTimeout == .seconds(60))
        #expect(try YTDLPConfiguration(environment: [:]).executable == "yt-dlp")
        #expect(throws: ConfigurationError.self) { try YTDLPConfiguration(environment: ["INTELLIMIX_YTDLP_SOCKET_TIMEOUT_SECONDS": "0"]) }
    }
}

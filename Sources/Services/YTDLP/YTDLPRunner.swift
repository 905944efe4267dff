// YTDLPRunner: runs the real yt-dlp binary for audio/video downloads, searches and its version, mapping
// failures to stable codes. Knows nothing about scoring search results or about the pipeline's cache.
import Foundation
import Logging
import Mashup

/// Downloads and searches with yt-dlp.
///
/// Before a download, the URL's host is checked by the URLGuard (public addresses only by default). yt-dlp then
/// runs with `--proxy` pointing at a GuardedProxy of its own, so every connection it and its ffmpeg make
/// (redirects, URLs its extractors discover, HLS fragments) passes the same guard, pinned to the checked
/// address. It gets a minimal environment (`YTDLPEnvironment`): none of the service's secrets.
public struct YTDLPRunner: Sendable {
    /// Executable, limits and policy.
    public var configuration: YTDLPConfiguration
    /// The resolver for the URL check and the proxy; default the system resolver.
    public var resolver: HostResolver
    /// Where yt-dlp's PATH, HOME and LANG come from (nothing else is passed on); default this process's environment.
    public var parentEnvironment: [String: String]

    /// Creates a runner.
    public init(
        configuration: YTDLPConfiguration = YTDLPConfiguration(), resolver: HostResolver = .system,
        parentEnvironment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.configuration = configuration
        self.resolver = resolver
        self.parentEnvironment = parentEnvironment
    }

    /// The absolute path of the executable (searched on PATH when it is a bare name); throws `YTDLP_NOT_FOUND`.
    public func executablePath() throws -> String {
        let name = configuration.executable
        let fileManager = FileManager.default
        if name.contains("/") {
            guard fileManager.isExecutableFile(atPath: name) else {
                throw YTDLPError(.toolMissing, YTDLPErrorClassifier.message(for: .toolMissing), detail: "not executable: \(name)")
            }
            return name
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = "\(folder)/\(name)"
            if fileManager.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw YTDLPError(.toolMissing, YTDLPErrorClassifier.message(for: .toolMissing), detail: "\(name) not found on PATH")
    }

    /// yt-dlp's version string (for example "2026.10.26"), for cache keys.
    public func version(logger: Logger) async throws -> String {
        let outcome = try await ProcessRunner.run(
            executable: try executablePath(), arguments: ["--version"], environment: environment(proxy: nil),
            timeout: configuration.searchTimeout)
        let version = outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard outcome.status == 0, !outcome.signalled, !version.isEmpty else {
            throw YTDLPError(.toolMissing, "The downloader (yt-dlp) did not report its version.", detail: outcome.stderr)
        }
        return version
    }

    /// Downloads the audio of `url` into `outputDirectory` as `<id>.<ext>`.
    public func downloadAudio(
        url: String, to outputDirectory: String, format: YTDLPAudioFormat = .original, logger: Logger,
        progress: (@Sendable (YTDLPProgress) -> Void)? = nil
    ) async throws -> YTDLPDownload {
        let arguments = try YTDLPArguments.audio(
            url: url, outputDirectory: outputDirectory, format: format, configuration: configuration, progress: progress != nil)
        return try await download(url: url, arguments: arguments, outputDirectory: outputDirectory, logger: logger, progress: progress)
    }

    /// Downloads the best video up to `maxHeight` plus the best audio of `url`, merged to MP4.
    public func downloadVideo(
        url: String, to outputDirectory: String, maxHeight: Int = 1080, logger: Logger,
        progress: (@Sendable (YTDLPProgress) -> Void)? = nil
    ) async throws -> YTDLPDownload {
        let arguments = try YTDLPArguments.video(
            url: url, outputDirectory: outputDirectory, maxHeight: maxHeight, configuration: configuration,
            progress: progress != nil)
        return try await download(url: url, arguments: arguments, outputDirectory: outputDirectory, logger: logger, progress: progress)
    }

    /// Searches YouTube for `query` (`ytsearchN:`), returning up to `count` entries without downloading.
    public func search(_ query: String, count: Int = 5, logger: Logger) async throws -> [SearchCandidate] {
        let arguments = try YTDLPArguments.search(query: query, count: count, configuration: configuration)
        let executable = try executablePath()
        let (outcome, failures) = try await throughProxy(logger: logger) { proxy in
            try await ProcessRunner.run(
                executable: executable, arguments: ["--proxy", proxy.url] + arguments, environment: environment(proxy: proxy.url),
                timeout: configuration.searchTimeout)
        }
        if outcome.timedOut {
            throw YTDLPError(.timeout, YTDLPErrorClassifier.message(for: .timeout), detail: "search exceeded \(configuration.searchTimeout)")
        }
        let entries = SearchCandidate.parseJSONLines(outcome.stdout)
        if outcome.status != 0 || outcome.signalled, entries.isEmpty {
            let error = Self.guardError(failures)
                ?? YTDLPErrorClassifier.classify(exitStatus: outcome.status, output: outcome.stderr + "\n" + outcome.stdout)
            logger.warning("yt-dlp search failed", metadata: ["error.code": "\(error.codeString)", "error.detail": "\(error.detail ?? "")"])
            throw error
        }
        return entries
    }

    private func download(
        url: String, arguments: [String], outputDirectory: String, logger: Logger,
        progress: (@Sendable (YTDLPProgress) -> Void)?
    ) async throws -> YTDLPDownload {
        do {
            _ = try await URLGuard(policy: configuration.policy, resolver: resolver).check(url)
        } catch let error as FetchError {
            switch error.code {
            case .blockedAddress: throw YTDLPError(.blockedAddress, error.message, detail: error.detail)
            case .invalidURL: throw YTDLPError(.invalidInput, error.message, detail: error.detail)
            default: throw YTDLPError(.networkError, error.message, detail: error.detail)
            }
        }
        let executable = try executablePath()
        do {
            try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        } catch {
            throw YTDLPError(.fetchFailed, "The download folder could not be created.", detail: "\(error)")
        }
        logger.debug("yt-dlp download", metadata: ["ytdlp.url": "\(url)", "ytdlp.folder": "\(outputDirectory)"])
        var onLine: (@Sendable (ProcessRunner.Stream, Substring) -> Void)?
        if let progress {
            onLine = { @Sendable (stream: ProcessRunner.Stream, line: Substring) in
                if stream == .stdout, let value = YTDLPProgress.parse(line) { progress(value) }
            }
        }
        let (outcome, failures) = try await throughProxy(logger: logger) { proxy in
            try await ProcessRunner.run(
                executable: executable, arguments: ["--proxy", proxy.url] + arguments, environment: environment(proxy: proxy.url),
                timeout: configuration.downloadTimeout, onLine: onLine)
        }
        if outcome.timedOut {
            throw YTDLPError(.timeout, YTDLPErrorClassifier.message(for: .timeout), detail: "killed after \(configuration.downloadTimeout)")
        }
        let combined = outcome.stderr + "\n" + outcome.stdout
        let paths = outcome.stdout.split(whereSeparator: \.isNewline)
            .filter { $0.hasPrefix(YTDLPArguments.fileMarker) }
            .map { String($0.dropFirst(YTDLPArguments.fileMarker.count)) }
        guard outcome.status == 0, !outcome.signalled, let path = paths.last else {
            let error = Self.guardError(failures) ?? YTDLPErrorClassifier.classify(exitStatus: outcome.status, output: combined)
            logger.warning(
                "yt-dlp download failed",
                metadata: ["error.code": "\(error.codeString)", "error.detail": "\(error.detail ?? "")", "ytdlp.status": "\(outcome.status)"])
            throw error
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let size = (attributes?[.size] as? NSNumber)?.int64Value else {
            throw YTDLPError(.fetchFailed, YTDLPErrorClassifier.message(for: .fetchFailed), detail: "reported file missing: \(path)")
        }
        return YTDLPDownload(path: path, bytes: size)
    }

    /// The child's whole environment: `YTDLPEnvironment` with the proxy and the configuration's extra variables.
    func environment(proxy: String?) -> [String: String] {
        YTDLPEnvironment.make(parent: parentEnvironment, proxy: proxy, extra: configuration.extraEnvironment)
    }

    /// Runs `body` with a GuardedProxy applying this runner's policy; returns its result and the proxy's failures.
    private func throughProxy(
        logger: Logger, _ body: (GuardedProxy) async throws -> ProcessOutcome
    ) async throws -> (ProcessOutcome, [FetchError]) {
        let urlGuard = URLGuard(policy: configuration.policy, resolver: resolver)
        do {
            return try await GuardedProxy.run(
                guard: urlGuard, connectTimeout: .seconds(configuration.socketTimeoutSeconds), logger: logger
            ) { proxy in
                let outcome = try await body(proxy)
                return (outcome, proxy.failures)
            }
        } catch let error as FetchError {
            throw YTDLPError(.networkError, "The download proxy could not start.", detail: error.detail)
        }
    }

    /// The error to report when the proxy refused or failed a connection: a refused address first.
    static func guardError(_ failures: [FetchError]) -> YTDLPError? {
        guard let failure = failures.first(where: { $0.code == .blockedAddress }) ?? failures.first else { return nil }
        switch failure.code {
        case .blockedAddress: return YTDLPError(.blockedAddress, failure.message, detail: failure.detail)
        case .invalidURL: return YTDLPError(.invalidInput, failure.message, detail: failure.detail)
        case .timeout: return YTDLPError(.timeout, failure.message, detail: failure.detail)
        default: return YTDLPError(.networkError, failure.message, detail: failure.detail)
        }
    }
}

// Builds the stage providers from the Services clients, configured from the environment with the
// original product's variable names. The only place Stages meets the network clients.
import Foundation
import Logging
import Mashup
import Pipeline
import Services

/// Stage providers backed by the real network clients.
public enum ServiceProviders {
    /// Providers configured from environment variables; a malformed variable is reported through `problems`.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment, logger: Logger,
                                       problems: (String) -> Void = { _ in }) -> StageProviders {
        var providers = StageProviders()
        func make<T>(_ what: String, _ body: () throws -> T) -> T? {
            do { return try body() } catch { problems("\(what): \(error)"); return nil }
        }
        if let c = make("lyrics", { try LRCLIBConfiguration(environment: env) }) {
            providers.lyrics = LRCLIBProvider(client: LRCLIBClient(configuration: c), logger: logger)
        }
        if let c = make("gemini", { try GeminiConfiguration(environment: env) }) {
            providers.llms["gemini"] = GeminiProvider(client: GeminiClient(configuration: c), model: c.model, logger: logger)
        }
        if let c = make("openai", { try OpenAIChatConfiguration(environment: env) }) {
            providers.llms["openai"] = OpenAIProvider(client: OpenAIChatClient(configuration: c), model: c.model, base: c.baseURL, logger: logger)
        }
        if env["TRANSCRIBE_BASE_URL"] != nil || env["OPENAI_API_KEY"] != nil,
           let c = make("transcription", { try TranscriptionConfiguration(environment: env) }) {
            providers.transcription = TranscriptionProviderAdapter(client: TranscriptionClient(configuration: c), model: c.model, logger: logger)
        }
        if let y = make("yt-dlp", { try YTDLPConfiguration(environment: env) }), let f = make("fetch", { try FetcherConfiguration(environment: env) }) {
            providers.fetcher = MediaFetcherAdapter(ytdlp: YTDLPRunner(configuration: y), http: SafeHTTPFetcher(configuration: f), logger: logger)
        }
        return providers
    }
}

/// Turns a Services error into a stage failure with the same stable code and the safe message.
func stageFailure(_ error: Error) -> Error {
    guard let s = error as? any ServiceFailure else { return error }
    return StageFailureBridge(code: s.codeString, message: s.message, retryAfterSeconds: (error as? AIError)?.retryAfterSeconds)
}

/// A Services failure seen by stages: a stable code, a message safe for clients, and a rate limit's retry delay.
struct StageFailureBridge: CodedError, StageFailureConvertible {
    var code: String
    var message: String
    var retryAfterSeconds: Double?

    var stageFailure: StageFailure {
        StageFailure(code: StageFailure.Code(rawValue: code), message: message, retryAfterSeconds: retryAfterSeconds)
    }
}

struct LRCLIBProvider: LyricsProvider {
    let client: LRCLIBClient
    let logger: Logger

    func lookup(title: String, artist: String, album: String?, duration: Double?) async throws -> LyricsLookupResult? {
        do {
            guard let r = try await client.lookup(track: title, artist: artist, album: album, duration: duration, logger: logger) else { return nil }
            return LyricsLookupResult(synced: r.syncedLyrics, plain: r.plainLyrics, instrumental: r.instrumental)
        } catch { throw stageFailure(error) }
    }
}

struct GeminiProvider: LLMProvider {
    let client: GeminiClient
    let model: String
    let logger: Logger
    var identity: String { "gemini/\(model)" }

    func complete(_ request: LLMRequest) async throws -> String {
        do {
            let prompt = try StructuredPrompt(systemInstruction: request.systemInstruction, userText: request.userText,
                                              schema: request.responseSchema, schemaName: request.schemaName)
            return String(decoding: try await client.generateJSON(prompt, logger: logger), as: UTF8.self)
        } catch { throw stageFailure(error) }
    }
}

struct OpenAIProvider: LLMProvider {
    let client: OpenAIChatClient
    let model: String
    let base: String
    let logger: Logger
    var identity: String { "openai/\(model)@\(base)" }

    func complete(_ request: LLMRequest) async throws -> String {
        do {
            let prompt = try StructuredPrompt(systemInstruction: request.systemInstruction, userText: request.userText,
                                              schema: request.responseSchema.openAIStrict(), schemaName: request.schemaName)
            return String(decoding: try await client.generateJSON(prompt, logger: logger), as: UTF8.self)
        } catch { throw stageFailure(error) }
    }
}

struct TranscriptionProviderAdapter: TranscriptionProvider {
    let client: TranscriptionClient
    let model: String
    let logger: Logger

    func transcribe(file: URL) async throws -> Transcript {
        do {
            let t = try await client.transcribe(fileAt: file.path, logger: logger)
            return Transcript(text: t.text, language: t.language,
                              segments: t.segments.map { TimedLine(start: $0.start, end: $0.end, text: $0.text.trimmingCharacters(in: .whitespaces), confidence: 0.9) },
                              words: t.words.map { TimedWord(start: $0.start, end: $0.end, text: $0.word) })
        } catch { throw stageFailure(error) }
    }
}

struct MediaFetcherAdapter: MediaFetcher {
    let ytdlp: YTDLPRunner
    let http: SafeHTTPFetcher
    let logger: Logger

    func download(url: String, mode: FetchMode, into directory: String, progress: @escaping @Sendable (Double) -> Void) async throws -> FetchedMedia {
        let report: @Sendable (YTDLPProgress) -> Void = { p in if let f = p.fraction { progress(f) } }
        do {
            let d: YTDLPDownload
            switch mode {
            case .audio(let format, let bitrate):
                let f: YTDLPAudioFormat
                switch format {
                case "mp3": f = .converted(.mp3, quality: bitrate.map { "\($0 / 1000)K" } ?? "192K")
                case "m4a": f = .converted(.m4a, quality: bitrate.map { "\($0 / 1000)K" } ?? "192K")
                case "opus": f = .converted(.opus, quality: bitrate.map { "\($0 / 1000)K" } ?? "192K")
                default: f = .original
                }
                d = try await ytdlp.downloadAudio(url: url, to: directory, format: f, logger: logger, progress: report)
            case .video(let h):
                d = try await ytdlp.downloadVideo(url: url, to: directory, maxHeight: h, logger: logger, progress: report)
            }
            return FetchedMedia(path: d.path, webpageURL: url)
        } catch { throw stageFailure(error) }
    }

    func downloadDirect(url: String, to path: String, progress: @escaping @Sendable (Double) -> Void) async throws {
        do { _ = try await http.download(url, to: path, logger: logger) } catch { throw stageFailure(error) }
    }

    func search(_ query: String, limit: Int) async throws -> [SearchCandidate] {
        do {
            return try await ytdlp.search(query, count: limit, logger: logger)
        } catch { throw stageFailure(error) }
    }
}

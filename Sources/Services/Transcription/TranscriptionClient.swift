// TranscriptionClient: OpenAI-compatible POST /audio/transcriptions (multipart upload, verbose_json with
// segment and word timestamps), with the AI retries and error codes. Knows nothing about lyrics alignment.
import Foundation
import Logging
import NIOHTTP1

/// Speech-to-text through an OpenAI-compatible API (OpenAI, faster-whisper-server, LocalAI, …).
public struct TranscriptionClient: Sendable {
    /// Base URL, model, key, limits.
    public var configuration: TranscriptionConfiguration
    /// The HTTP layer.
    public var transport: HTTPTransport
    /// The back-off pause (tests inject one that records instead of waiting).
    public var sleeper: Sleeper

    /// Creates a client.
    public init(configuration: TranscriptionConfiguration, transport: HTTPTransport = HTTPTransport(), sleeper: Sleeper = .real) {
        self.configuration = configuration
        self.transport = transport
        self.sleeper = sleeper
    }

    /// Transcribes the audio file at `path`; throws AIError (`AI_UPLOAD_TOO_LARGE` and `AI_KEY_MISSING` before sending).
    public func transcribe(fileAt path: String, prompt: String? = nil, logger: Logger) async throws -> Transcript {
        let key = configuration.apiKey.flatMap { $0.isEmpty ? nil : $0 }
        if key == nil, configuration.requiresAPIKey {
            throw AIError(.keyMissing, "No transcription API key is configured (TRANSCRIBE_API_KEY or OPENAI_API_KEY).")
        }
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw AIError(.invalidResponse, "The audio file to transcribe cannot be read.", detail: "\(error)")
        }
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        guard size <= configuration.maxUploadBytes else {
            throw AIError(
                .uploadTooLarge, "The audio file is larger than the \(ByteSize.describe(configuration.maxUploadBytes)) upload limit.",
                detail: "\(size) bytes")
        }
        let audio: Data
        do {
            audio = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw AIError(.invalidResponse, "The audio file to transcribe cannot be read.", detail: "\(error)")
        }
        let filename = URL(fileURLWithPath: path).lastPathComponent
        var form = MultipartFormData()
        form.add(name: "file", filename: filename, contentType: Self.mediaType(forFile: filename), data: audio)
        form.add(name: "model", value: configuration.model)
        form.add(name: "response_format", value: "verbose_json")
        form.add(name: "timestamp_granularities[]", value: "segment")
        form.add(name: "timestamp_granularities[]", value: "word")
        if let language = configuration.language { form.add(name: "language", value: language) }
        if let prompt, !prompt.isEmpty { form.add(name: "prompt", value: prompt) }
        var headers = HTTPHeaders()
        if let key { headers.add(name: "Authorization", value: "Bearer \(key)") }
        headers.add(name: "Content-Type", value: form.contentType)
        headers.add(name: "Accept", value: "application/json")
        let request = TransportRequest(
            method: .POST, url: "\(configuration.baseURL)/audio/transcriptions", headers: headers, body: form.finished(),
            timeout: configuration.timeout)
        let executor = AIRequestExecutor(
            service: "transcription", model: configuration.model, transport: transport, policy: configuration.retry, sleeper: sleeper)
        let (response, attempts) = try await executor.send(request, logger: logger)
        do {
            return try JSONDecoder().decode(Transcript.self, from: response.body)
        } catch {
            throw AIError(
                .invalidResponse, "The transcription reply cannot be read.", detail: "\(error)", httpStatus: response.status,
                attempts: attempts)
        }
    }

    /// The media type sent for a file name's extension.
    static func mediaType(forFile name: String) -> String {
        switch URL(fileURLWithPath: name).pathExtension.lowercased() {
        case "mp3", "mpga", "mpeg": return "audio/mpeg"
        case "wav": return "audio/wav"
        case "m4a", "mp4": return "audio/mp4"
        case "ogg", "oga", "opus": return "audio/ogg"
        case "flac": return "audio/flac"
        case "webm": return "audio/webm"
        default: return "application/octet-stream"
        }
    }
}

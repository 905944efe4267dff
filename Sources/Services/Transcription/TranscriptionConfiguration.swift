// TranscriptionConfiguration: where the OpenAI-compatible speech-to-text service is, the model, key, upload
// limit, retries and timeout, with environment names and defaults. Pure data.
import Foundation

/// Settings for TranscriptionClient.
public struct TranscriptionConfiguration: Sendable {
    /// The API base URL; default `OPENAI_BASE_URL`, else `https://api.openai.com/v1` (`TRANSCRIBE_BASE_URL`).
    public var baseURL: String
    /// The model; default `whisper-1` (`TRANSCRIBE_MODEL`). It must support `verbose_json` with timestamps.
    public var model: String
    /// The bearer token (`TRANSCRIBE_API_KEY`, else `OPENAI_API_KEY`); optional for local servers.
    public var apiKey: String?
    /// The largest file uploaded; default 25 MiB, OpenAI's limit (`TRANSCRIBE_MAX_UPLOAD_MB`).
    public var maxUploadBytes: Int64
    /// A language hint (ISO-639-1, e.g. "en"); default nil, detect (`TRANSCRIBE_LANGUAGE`).
    public var language: String?
    /// Retries and back-off; defaults 2 retries (`TRANSCRIBE_MAX_RETRIES`), base 2 s, cap 60 s.
    public var retry: AIRetryPolicy
    /// The time limit of one request; default 300 s (`TRANSCRIBE_TIMEOUT_SECONDS`).
    public var timeout: Duration

    /// Creates a configuration; every default is listed on its property.
    public init(
        baseURL: String = "https://api.openai.com/v1", model: String = "whisper-1", apiKey: String? = nil,
        maxUploadBytes: Int64 = 25 << 20, language: String? = nil, retry: AIRetryPolicy = AIRetryPolicy(),
        timeout: Duration = .seconds(300)
    ) {
        self.baseURL = BaseURL.trimmed(baseURL)
        self.model = model
        self.apiKey = apiKey
        self.maxUploadBytes = maxUploadBytes
        self.language = language
        self.retry = retry
        self.timeout = timeout
    }

    /// Reads `TRANSCRIBE_*`, falling back to `OPENAI_BASE_URL` and `OPENAI_API_KEY`; throws ConfigurationError.
    public init(environment: [String: String]) throws {
        let env = EnvironmentReader(environment: environment)
        self.init()
        if let url = try env.baseURL("TRANSCRIBE_BASE_URL") ?? env.baseURL("OPENAI_BASE_URL") { baseURL = url }
        if let model = env.string("TRANSCRIBE_MODEL") {
            guard ModelName.isValid(model) else {
                throw ConfigurationError(variable: "TRANSCRIBE_MODEL", message: "TRANSCRIBE_MODEL may hold only letters, digits, '.', '-', '_', ':' and '/'")
            }
            self.model = model
        }
        apiKey = env.string("TRANSCRIBE_API_KEY") ?? env.string("OPENAI_API_KEY")
        if let megabytes = try env.int("TRANSCRIBE_MAX_UPLOAD_MB", in: 1...2048) { maxUploadBytes = Int64(megabytes) << 20 }
        if let language = env.string("TRANSCRIBE_LANGUAGE") {
            guard (2...3).contains(language.count), language.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                throw ConfigurationError(variable: "TRANSCRIBE_LANGUAGE", message: "TRANSCRIBE_LANGUAGE must be an ISO-639-1 code such as \"en\"")
            }
            self.language = language.lowercased()
        }
        if let retries = try env.int("TRANSCRIBE_MAX_RETRIES", in: 0...10) { retry.maxRetries = retries }
        if let seconds = try env.double("TRANSCRIBE_TIMEOUT_SECONDS", in: 1...7200) { timeout = .seconds(double: seconds) }
    }

    /// True when the base URL is OpenAI's own API, where a key is required.
    public var requiresAPIKey: Bool {
        guard let host = URL(string: baseURL)?.host?.lowercased() else { return false }
        return host == "openai.com" || host.hasSuffix(".openai.com")
    }
}

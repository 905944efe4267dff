// OpenAIChatConfiguration: key, base URL, model, retries and timeout for OpenAIChatClient (OpenAI itself or a
// local OpenAI-compatible server: Ollama, llama.cpp, vLLM, LM Studio). Pure data.
import Foundation

/// Settings for OpenAIChatClient.
public struct OpenAIChatConfiguration: Sendable {
    /// The bearer token; optional for local servers, required for api.openai.com (`OPENAI_API_KEY`).
    public var apiKey: String?
    /// The API base URL; default `https://api.openai.com/v1` (`OPENAI_BASE_URL`), e.g. `http://127.0.0.1:11434/v1` for Ollama.
    public var baseURL: String
    /// The model; default `gpt-4o-mini` (`OPENAI_MODEL`).
    public var model: String
    /// Retries and back-off; defaults 2 retries (`OPENAI_MAX_RETRIES`), base 2 s (`OPENAI_RETRY_BASE_SECONDS`), cap 60 s.
    public var retry: AIRetryPolicy
    /// The time limit of one request; default 120 s (`OPENAI_TIMEOUT_SECONDS`).
    public var timeout: Duration
    /// Temperature when the prompt sets none; default nil (the server's default).
    public var temperature: Double?

    /// Creates a configuration; every default is listed on its property.
    public init(
        apiKey: String? = nil, baseURL: String = "https://api.openai.com/v1", model: String = "gpt-4o-mini",
        retry: AIRetryPolicy = AIRetryPolicy(), timeout: Duration = .seconds(120), temperature: Double? = nil
    ) {
        self.apiKey = apiKey
        self.baseURL = BaseURL.trimmed(baseURL)
        self.model = model
        self.retry = retry
        self.timeout = timeout
        self.temperature = temperature
    }

    /// Reads `OPENAI_API_KEY`, `OPENAI_BASE_URL`, `OPENAI_MODEL`, `OPENAI_MAX_RETRIES`, `OPENAI_RETRY_BASE_SECONDS`
    /// and `OPENAI_TIMEOUT_SECONDS`; throws ConfigurationError.
    public init(environment: [String: String]) throws {
        let env = EnvironmentReader(environment: environment)
        self.init()
        apiKey = env.string("OPENAI_API_KEY")
        if let url = try env.baseURL("OPENAI_BASE_URL") { baseURL = url }
        if let model = env.string("OPENAI_MODEL") {
            guard ModelName.isValid(model) else {
                throw ConfigurationError(variable: "OPENAI_MODEL", message: "OPENAI_MODEL may hold only letters, digits, '.', '-', '_', ':' and '/'")
            }
            self.model = model
        }
        if let retries = try env.int("OPENAI_MAX_RETRIES", in: 0...10) { retry.maxRetries = retries }
        if let seconds = try env.double("OPENAI_RETRY_BASE_SECONDS", in: 0...300) { retry.baseDelay = .seconds(double: seconds) }
        if let seconds = try env.double("OPENAI_TIMEOUT_SECONDS", in: 1...3600) { timeout = .seconds(double: seconds) }
    }

    /// True when the base URL is OpenAI's own API, where a key is required (local servers need none).
    public var requiresAPIKey: Bool {
        guard let host = URL(string: baseURL)?.host?.lowercased() else { return false }
        return host == "openai.com" || host.hasSuffix(".openai.com")
    }

    /// True when calls can be sent: a key is set, or the base URL is a server that needs none.
    public var isUsable: Bool { apiKey?.isEmpty == false || !requiresAPIKey }
}

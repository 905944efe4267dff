// GeminiConfiguration: key, model, base URL, retries and timeouts for GeminiClient, with the original's
// environment names and defaults. Pure data.

/// Settings for GeminiClient.
public struct GeminiConfiguration: Sendable {
    /// The API key; nil means every call fails with `AI_KEY_MISSING` before sending (`GOOGLE_API_KEY`, else `GEMINI_API_KEY`).
    public var apiKey: String?
    /// The model; default `gemini-3-flash-preview` (`GEMINI_MODEL_NAME`).
    public var model: String
    /// The API base URL; default `https://generativelanguage.googleapis.com` (`GEMINI_BASE_URL`).
    public var baseURL: String
    /// Retries and back-off; defaults 2 retries (`GEMINI_MAX_RETRIES`), base 2 s (`GEMINI_RETRY_BASE_SECONDS`), cap 60 s.
    public var retry: AIRetryPolicy
    /// The time limit of one request; default 120 s (`GEMINI_TIMEOUT_SECONDS`).
    public var timeout: Duration
    /// Temperature when the prompt sets none; default nil (the model's own default).
    public var temperature: Double?

    /// Creates a configuration; every default is listed on its property.
    public init(
        apiKey: String? = nil, model: String = "gemini-3-flash-preview",
        baseURL: String = "https://generativelanguage.googleapis.com", retry: AIRetryPolicy = AIRetryPolicy(),
        timeout: Duration = .seconds(120), temperature: Double? = nil
    ) {
        self.apiKey = apiKey
        self.model = model
        self.baseURL = BaseURL.trimmed(baseURL)
        self.retry = retry
        self.timeout = timeout
        self.temperature = temperature
    }

    /// Reads `GOOGLE_API_KEY` (or `GEMINI_API_KEY`), `GEMINI_MODEL_NAME`, `GEMINI_MAX_RETRIES`, `GEMINI_RETRY_BASE_SECONDS`,
    /// `GEMINI_BASE_URL` and `GEMINI_TIMEOUT_SECONDS`; throws ConfigurationError.
    public init(environment: [String: String]) throws {
        let env = EnvironmentReader(environment: environment)
        self.init()
        apiKey = env.string("GOOGLE_API_KEY") ?? env.string("GEMINI_API_KEY")
        if let model = env.string("GEMINI_MODEL_NAME") {
            guard ModelName.isValid(model) else {
                throw ConfigurationError(variable: "GEMINI_MODEL_NAME", message: "GEMINI_MODEL_NAME may hold only letters, digits, '.', '-', '_' and ':'")
            }
            self.model = model
        }
        if let url = try env.baseURL("GEMINI_BASE_URL") { baseURL = url }
        if let retries = try env.int("GEMINI_MAX_RETRIES", in: 0...10) { retry.maxRetries = retries }
        if let seconds = try env.double("GEMINI_RETRY_BASE_SECONDS", in: 0...300) { retry.baseDelay = .seconds(double: seconds) }
        if let seconds = try env.double("GEMINI_TIMEOUT_SECONDS", in: 1...3600) { timeout = .seconds(double: seconds) }
    }

    /// True when calls can be sent: a key is set.
    public var isUsable: Bool { apiKey?.isEmpty == false }
}

/// Model-name checks shared by the AI configurations.
enum ModelName {
    /// True for non-empty names of letters, digits, ".", "-", "_", ":" and "/" (no "..", at most 200 characters).
    static func isValid(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 200 && !name.contains("..")
            && name.unicodeScalars.allSatisfy { $0.properties.isAlphabetic && $0.isASCII || ("0"..."9").contains($0) || ".-_:/".unicodeScalars.contains($0) }
    }
}

// GeminiClient: Gemini's REST generateContent with a response schema, JSON mime type, retries and error codes.
// Knows nothing about what the JSON means; callers decode it into their own types.
import Foundation
import Logging
import NIOHTTP1

/// A structured-output client for Google's Gemini API.
public struct GeminiClient: StructuredLLMClient {
    /// Key, model, base URL, retries, timeout.
    public var configuration: GeminiConfiguration
    /// The HTTP layer.
    public var transport: HTTPTransport
    /// The back-off pause (tests inject one that records instead of waiting).
    public var sleeper: Sleeper

    /// Creates a client.
    public init(configuration: GeminiConfiguration, transport: HTTPTransport = HTTPTransport(), sleeper: Sleeper = .real) {
        self.configuration = configuration
        self.transport = transport
        self.sleeper = sleeper
    }

    /// Finish reasons that mean the model refused or was stopped by a filter.
    static let blockedReasons: Set<String> = ["SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY", "LANGUAGE"]

    /// The reply's JSON bytes; throws AIError (`AI_KEY_MISSING` before any request when no key is set).
    public func generateJSON(_ prompt: StructuredPrompt, logger: Logger) async throws -> Data {
        guard let key = configuration.apiKey, !key.isEmpty else {
            throw AIError(.keyMissing, "No Gemini API key is configured (GOOGLE_API_KEY).")
        }
        var model = configuration.model
        if model.hasPrefix("models/") { model.removeFirst("models/".count) }
        guard ModelName.isValid(model), !model.contains("/") else {
            throw AIError(.modelNotFound, "The Gemini model name is not valid.", detail: "model \(model)")
        }
        let body = GeminiWire.Request(
            contents: [GeminiWire.Content(role: "user", parts: [GeminiWire.Part(text: prompt.userText)])],
            systemInstruction: prompt.systemInstruction.isEmpty
                ? nil : GeminiWire.Content(role: nil, parts: [GeminiWire.Part(text: prompt.systemInstruction)]),
            generationConfig: GeminiWire.GenerationConfig(
                responseMimeType: "application/json", responseSchema: prompt.responseSchema,
                temperature: prompt.temperature ?? configuration.temperature, maxOutputTokens: prompt.maxOutputTokens))
        var headers = HTTPHeaders()
        headers.add(name: "x-goog-api-key", value: key)
        headers.add(name: "Content-Type", value: "application/json")
        let request = TransportRequest(
            method: .POST, url: "\(configuration.baseURL)/v1beta/models/\(model):generateContent", headers: headers,
            body: try JSONEncoder().encode(body), timeout: configuration.timeout)
        let executor = AIRequestExecutor(
            service: "Gemini", model: model, transport: transport, policy: configuration.retry, sleeper: sleeper)
        let (response, attempts) = try await executor.send(request, logger: logger)
        do {
            return try Self.replyJSON(response.body)
        } catch var error as AIError {
            error.attempts = attempts
            error.httpStatus = response.status
            logger.warning("Gemini reply unusable", metadata: ["error.code": "\(error.codeString)", "error.detail": "\(error.detail ?? "")"])
            throw error
        }
    }

    /// The candidate text as JSON bytes, or `AI_INVALID_RESPONSE` (no candidate, blocked, empty, not JSON).
    static func replyJSON(_ body: Data) throws -> Data {
        let response: GeminiWire.Response
        do {
            response = try JSONDecoder().decode(GeminiWire.Response.self, from: body)
        } catch {
            throw AIError(.invalidResponse, "The Gemini reply cannot be read.", detail: "envelope: \(error)")
        }
        guard let candidate = response.candidates?.first else {
            if let reason = response.promptFeedback?.blockReason {
                throw AIError(.invalidResponse, "Gemini declined the request (\(reason)).", detail: "promptFeedback.blockReason \(reason)")
            }
            throw AIError(.invalidResponse, "Gemini returned no answer.", detail: "no candidates")
        }
        let reason = candidate.finishReason ?? ""
        if blockedReasons.contains(reason) {
            throw AIError(.invalidResponse, "Gemini declined to answer (\(reason)).", detail: "finishReason \(reason)")
        }
        let text = (candidate.content?.parts ?? []).filter { $0.thought != true }.compactMap(\.text).joined()
        return try JSONReply.validated(text, service: "Gemini", finishReason: reason, truncatedReason: "MAX_TOKENS")
    }
}

// OpenAIChatClient: OpenAI-compatible /chat/completions with a strict json_schema response format, the same
// retries and error codes as GeminiClient. Knows nothing about what the JSON means.
import Foundation
import Logging
import NIOHTTP1

/// A structured-output client for OpenAI and OpenAI-compatible servers.
public struct OpenAIChatClient: StructuredLLMClient {
    /// Key, base URL, model, retries, timeout.
    public var configuration: OpenAIChatConfiguration
    /// The HTTP layer.
    public var transport: HTTPTransport
    /// The back-off pause (tests inject one that records instead of waiting).
    public var sleeper: Sleeper

    /// Creates a client.
    public init(configuration: OpenAIChatConfiguration, transport: HTTPTransport = HTTPTransport(), sleeper: Sleeper = .real) {
        self.configuration = configuration
        self.transport = transport
        self.sleeper = sleeper
    }

    /// The reply's JSON bytes; throws AIError (`AI_KEY_MISSING` before any request when OpenAI's own API has no key).
    public func generateJSON(_ prompt: StructuredPrompt, logger: Logger) async throws -> Data {
        let key = configuration.apiKey.flatMap { $0.isEmpty ? nil : $0 }
        if key == nil, configuration.requiresAPIKey {
            throw AIError(.keyMissing, "No OpenAI API key is configured (OPENAI_API_KEY).")
        }
        var messages: [OpenAIWire.Message] = []
        if !prompt.systemInstruction.isEmpty { messages.append(.init(role: "system", content: prompt.systemInstruction)) }
        messages.append(.init(role: "user", content: prompt.userText))
        let body = OpenAIWire.Request(
            model: configuration.model, messages: messages,
            responseFormat: .init(jsonSchema: .init(name: Self.schemaName(prompt.schemaName), schema: prompt.responseSchema, strict: true)),
            temperature: prompt.temperature ?? configuration.temperature, maxCompletionTokens: prompt.maxOutputTokens)
        var headers = HTTPHeaders()
        if let key { headers.add(name: "Authorization", value: "Bearer \(key)") }
        headers.add(name: "Content-Type", value: "application/json")
        let request = TransportRequest(
            method: .POST, url: "\(configuration.baseURL)/chat/completions", headers: headers,
            body: try JSONEncoder().encode(body), timeout: configuration.timeout)
        let executor = AIRequestExecutor(
            service: "OpenAI-compatible", model: configuration.model, transport: transport, policy: configuration.retry, sleeper: sleeper)
        let (response, attempts) = try await executor.send(request, logger: logger)
        do {
            return try Self.replyJSON(response.body)
        } catch var error as AIError {
            error.attempts = attempts
            error.httpStatus = response.status
            logger.warning("OpenAI-compatible reply unusable", metadata: ["error.code": "\(error.codeString)", "error.detail": "\(error.detail ?? "")"])
            throw error
        }
    }

    /// A schema name OpenAI accepts: letters, digits, "_" and "-", at most 64 characters.
    static func schemaName(_ name: String) -> String {
        let cleaned = String(name.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-")
                ? Character(scalar) : "_"
        }.prefix(64))
        return cleaned.isEmpty ? "response" : cleaned
    }

    /// The first choice's content as JSON bytes, or `AI_INVALID_RESPONSE` (no choice, refusal, filter, not JSON).
    static func replyJSON(_ body: Data) throws -> Data {
        let response: OpenAIWire.Response
        do {
            response = try JSONDecoder().decode(OpenAIWire.Response.self, from: body)
        } catch {
            throw AIError(.invalidResponse, "The OpenAI-compatible reply cannot be read.", detail: "envelope: \(error)")
        }
        guard let choice = response.choices?.first else {
            throw AIError(.invalidResponse, "The OpenAI-compatible service returned no answer.", detail: "no choices")
        }
        let reason = choice.finishReason ?? ""
        if let refusal = choice.message?.refusal, !refusal.isEmpty {
            throw AIError(.invalidResponse, "The model declined to answer.", detail: "refusal: \(refusal.prefix(300))")
        }
        if reason == "content_filter" {
            throw AIError(.invalidResponse, "The model's answer was blocked by a content filter.", detail: "finish_reason content_filter")
        }
        return try JSONReply.validated(choice.message?.content ?? "", service: "OpenAI-compatible", finishReason: reason, truncatedReason: "length")
    }
}

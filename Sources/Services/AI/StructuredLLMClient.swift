// StructuredLLMClient: the one operation stages need from an LLM: a JSON reply to a StructuredPrompt.
// Knows nothing about any provider's wire format.
import Foundation
import Logging

/// An LLM that answers with JSON following a schema (GeminiClient, OpenAIChatClient).
public protocol StructuredLLMClient: Sendable {
    /// The reply's JSON bytes (checked to be valid JSON); throws AIError.
    func generateJSON(_ prompt: StructuredPrompt, logger: Logger) async throws -> Data
}

extension StructuredLLMClient {
    /// The reply decoded as `T` with JSONDecoder; a reply that does not fit throws `AI_INVALID_RESPONSE`.
    public func generate<T: Decodable>(_ prompt: StructuredPrompt, as type: T.Type, logger: Logger) async throws -> T {
        let data = try await generateJSON(prompt, logger: logger)
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw AIError(.invalidResponse, "The AI reply does not have the expected shape.", detail: "\(error)")
        }
    }
}

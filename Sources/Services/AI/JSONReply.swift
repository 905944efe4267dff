// JSONReply: checks that a model's reply text is one JSON document and returns its bytes.
// Parses with JSONDecoder only: no regex, no searching free text for braces.
import Foundation

/// Validation of JSON reply text.
enum JSONReply {
    /// The trimmed text's bytes when it parses as JSON; `AI_INVALID_RESPONSE` otherwise.
    static func validated(_ text: String, service: String, finishReason: String, truncatedReason: String) throws -> Data {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw AIError(.invalidResponse, "\(service) returned an empty answer.", detail: "finishReason \(finishReason)")
        }
        let data = Data(trimmed.utf8)
        do {
            _ = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            if finishReason == truncatedReason {
                throw AIError(.invalidResponse, "The \(service) answer was cut off before it was complete.", detail: "finishReason \(finishReason)")
            }
            throw AIError(.invalidResponse, "The \(service) answer is not valid JSON.", detail: "\(error)")
        }
        return data
    }
}

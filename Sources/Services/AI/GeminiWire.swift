// GeminiWire: the Codable shapes of Gemini's generateContent request and response (REST v1beta).
// Pure data; GeminiClient fills and reads them.

/// Gemini's wire format.
enum GeminiWire {
    /// `POST …:generateContent` body.
    struct Request: Encodable {
        var contents: [Content]
        var systemInstruction: Content?
        var generationConfig: GenerationConfig
    }

    /// A turn: a role and its parts.
    struct Content: Codable {
        var role: String?
        var parts: [Part]?
    }

    /// One part; only text is used (thought parts are skipped).
    struct Part: Codable {
        var text: String?
        var thought: Bool?
    }

    /// Output settings.
    struct GenerationConfig: Encodable {
        var responseMimeType: String
        var responseSchema: JSONValue
        var temperature: Double?
        var maxOutputTokens: Int?
    }

    /// The response.
    struct Response: Decodable {
        var candidates: [Candidate]?
        var promptFeedback: PromptFeedback?
    }

    /// One candidate reply.
    struct Candidate: Decodable {
        var content: Content?
        var finishReason: String?
    }

    /// Why the prompt itself was blocked.
    struct PromptFeedback: Decodable {
        var blockReason: String?
    }
}

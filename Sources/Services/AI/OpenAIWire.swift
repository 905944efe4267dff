// OpenAIWire: the Codable shapes of the OpenAI-compatible chat completions request and response.
// Pure data; OpenAIChatClient fills and reads them.

/// The OpenAI chat-completions wire format.
enum OpenAIWire {
    /// `POST /chat/completions` body.
    struct Request: Encodable {
        var model: String
        var messages: [Message]
        var responseFormat: ResponseFormat
        var temperature: Double?
        var maxCompletionTokens: Int?

        enum CodingKeys: String, CodingKey {
            case model, messages, temperature
            case responseFormat = "response_format"
            case maxCompletionTokens = "max_completion_tokens"
        }
    }

    /// One chat message.
    struct Message: Encodable {
        var role: String
        var content: String
    }

    /// `{"type": "json_schema", "json_schema": {...}}`.
    struct ResponseFormat: Encodable {
        var type = "json_schema"
        var jsonSchema: NamedSchema

        enum CodingKeys: String, CodingKey {
            case type
            case jsonSchema = "json_schema"
        }
    }

    /// `{"name", "schema", "strict"}`.
    struct NamedSchema: Encodable {
        var name: String
        var schema: JSONValue
        var strict: Bool
    }

    /// The response.
    struct Response: Decodable {
        var choices: [Choice]?
    }

    /// One choice.
    struct Choice: Decodable {
        var message: ReplyMessage?
        var finishReason: String?

        enum CodingKeys: String, CodingKey {
            case message
            case finishReason = "finish_reason"
        }
    }

    /// The assistant's message: content, or a refusal.
    struct ReplyMessage: Decodable {
        var content: String?
        var refusal: String?
    }
}

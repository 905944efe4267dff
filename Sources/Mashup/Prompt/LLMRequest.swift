// LLMRequest: the provider-neutral text of one structured-output LLM call: system instruction, user text, schema.
// Pure data; the Gemini and OpenAI clients turn it into their own wire formats.

/// One request to a structured-output LLM.
public struct LLMRequest: Sendable, Codable, Equatable {
    /// The system instruction (Gemini `systemInstruction`, OpenAI `system` message).
    public var systemInstruction: String
    /// The user message.
    public var userText: String
    /// The JSON schema the reply must follow (Gemini `responseSchema`; OpenAI: use `responseSchema.openAIStrict()`).
    public var responseSchema: JSONSchema
    /// A name for the schema (OpenAI `json_schema.name`).
    public var schemaName: String

    /// Creates a request.
    public init(systemInstruction: String, userText: String, responseSchema: JSONSchema, schemaName: String) {
        self.systemInstruction = systemInstruction
        self.userText = userText
        self.responseSchema = responseSchema
        self.schemaName = schemaName
    }
}

// StructuredPrompt: the provider-neutral text of one structured-output LLM call: system instruction, user
// text, JSON schema. Pure data; GeminiClient and OpenAIChatClient turn it into their wire formats.

/// One request for a JSON reply that follows a schema.
public struct StructuredPrompt: Sendable, Equatable {
    /// The system instruction.
    public var systemInstruction: String
    /// The user message.
    public var userText: String
    /// The JSON schema of the reply (Gemini `responseSchema`; OpenAI `json_schema.schema`).
    public var responseSchema: JSONValue
    /// A name for the schema (OpenAI `json_schema.name`; letters, digits, "_" and "-").
    public var schemaName: String
    /// Sampling temperature; nil uses the client's configured value (or the model's default).
    public var temperature: Double?
    /// Upper bound on reply tokens; nil leaves it to the service.
    public var maxOutputTokens: Int?

    /// Creates a prompt from a schema already in JSONValue form.
    public init(
        systemInstruction: String, userText: String, responseSchema: JSONValue, schemaName: String,
        temperature: Double? = nil, maxOutputTokens: Int? = nil
    ) {
        self.systemInstruction = systemInstruction
        self.userText = userText
        self.responseSchema = responseSchema
        self.schemaName = schemaName
        self.temperature = temperature
        self.maxOutputTokens = maxOutputTokens
    }

    /// Creates a prompt from any Encodable schema type (for example the Mashup target's JSONSchema).
    public init<Schema: Encodable>(
        systemInstruction: String, userText: String, schema: Schema, schemaName: String,
        temperature: Double? = nil, maxOutputTokens: Int? = nil
    ) throws {
        self.init(
            systemInstruction: systemInstruction, userText: userText, responseSchema: try JSONValue(encoding: schema),
            schemaName: schemaName, temperature: temperature, maxOutputTokens: maxOutputTokens)
    }
}

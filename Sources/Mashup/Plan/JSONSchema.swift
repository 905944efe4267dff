// JSONSchema: the small JSON Schema subset both Gemini `responseSchema` and OpenAI `json_schema` accept.
// Pure data; knows nothing about the HTTP clients that send it.

/// A JSON Schema limited to `type`, `description`, `properties`, `required`, `items`, `enum`
/// (plus `additionalProperties` and `nullable`, which only the provider variants set). No `$ref`.
public struct JSONSchema: Sendable, Codable, Equatable {
    /// A JSON type name.
    public enum Kind: String, Sendable, Codable, Equatable {
        /// A JSON object.
        case object
        /// A JSON array.
        case array
        /// A string.
        case string
        /// Any number.
        case number
        /// A whole number.
        case integer
        /// true or false.
        case boolean
        /// null (used only by `openAIStrict()` for optional properties).
        case null
    }

    /// The accepted types; one type in every schema this target builds, more after `openAIStrict()`.
    public var types: [Kind]
    /// What the value means, for the model.
    public var description: String?
    /// Object properties by name.
    public var properties: [String: JSONSchema]?
    /// Property names that must be present.
    public var required: [String]?
    /// Allowed string values.
    public var enumValues: [String]?
    /// Whether unknown object properties are allowed (OpenAI strict mode wants false); nil to leave unsaid.
    public var additionalProperties: Bool?
    /// Gemini's way to allow null; nil to leave unsaid.
    public var nullable: Bool?
    private var itemStorage: [JSONSchema]?

    /// The schema of array elements.
    public var items: JSONSchema? {
        get { itemStorage?.first }
        set { itemStorage = newValue.map { [$0] } }
    }

    /// Creates a schema of one type.
    public init(
        _ type: Kind,
        description: String? = nil,
        properties: [String: JSONSchema]? = nil,
        required: [String]? = nil,
        items: JSONSchema? = nil,
        enumValues: [String]? = nil
    ) {
        self.types = [type]
        self.description = description
        self.properties = properties
        self.required = required
        self.enumValues = enumValues
        self.itemStorage = items.map { [$0] }
    }

    enum CodingKeys: String, CodingKey {
        case type, description, properties, required, items, additionalProperties, nullable
        case enumValues = "enum"
    }

    /// Decodes `type` as a string or an array of strings.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let single = try? c.decode(Kind.self, forKey: .type) {
            types = [single]
        } else {
            types = try c.decode([Kind].self, forKey: .type)
        }
        description = try c.decodeIfPresent(String.self, forKey: .description)
        properties = try c.decodeIfPresent([String: JSONSchema].self, forKey: .properties)
        required = try c.decodeIfPresent([String].self, forKey: .required)
        enumValues = try c.decodeIfPresent([String].self, forKey: .enumValues)
        additionalProperties = try c.decodeIfPresent(Bool.self, forKey: .additionalProperties)
        nullable = try c.decodeIfPresent(Bool.self, forKey: .nullable)
        itemStorage = try c.decodeIfPresent(JSONSchema.self, forKey: .items).map { [$0] }
    }

    /// Encodes `type` as a string when there is one type, else as an array; absent fields are omitted.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if types.count == 1 { try c.encode(types[0], forKey: .type) } else { try c.encode(types, forKey: .type) }
        try c.encodeIfPresent(description, forKey: .description)
        try c.encodeIfPresent(properties, forKey: .properties)
        try c.encodeIfPresent(required, forKey: .required)
        try c.encodeIfPresent(items, forKey: .items)
        try c.encodeIfPresent(enumValues, forKey: .enumValues)
        try c.encodeIfPresent(additionalProperties, forKey: .additionalProperties)
        try c.encodeIfPresent(nullable, forKey: .nullable)
    }

    /// The variant OpenAI's strict `json_schema` mode needs: every object closed (`additionalProperties: false`),
    /// every property required, and formerly optional properties made nullable (`"type": ["number", "null"]`).
    public func openAIStrict() -> JSONSchema {
        var copy = self
        copy.items = items?.openAIStrict()
        if let properties {
            let required = Set(self.required ?? [])
            var strict: [String: JSONSchema] = [:]
            for (name, schema) in properties {
                var property = schema.openAIStrict()
                if !required.contains(name), !property.types.contains(.null) { property.types.append(.null) }
                strict[name] = property
            }
            copy.properties = strict
            copy.required = strict.keys.sorted()
            copy.additionalProperties = false
        }
        return copy
    }

    /// Every problem that keeps this schema out of the Gemini subset (empty when it fits).
    public func geminiProblems(path: String = "$") -> [String] {
        var problems: [String] = []
        if types.count != 1 { problems.append("\(path): Gemini takes one type (use nullable)") }
        if additionalProperties != nil { problems.append("\(path): Gemini has no additionalProperties") }
        if let required, let properties {
            for name in required where properties[name] == nil { problems.append("\(path): required '\(name)' is not a property") }
        }
        if types.contains(.array) && items == nil { problems.append("\(path): array without items") }
        for (name, schema) in (properties ?? [:]).sorted(by: { $0.key < $1.key }) {
            problems += schema.geminiProblems(path: path + "." + name)
        }
        if let items { problems += items.geminiProblems(path: path + "[]") }
        return problems
    }
}

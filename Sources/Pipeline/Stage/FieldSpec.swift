// The declared settings of a stage kind: names, types, defaults, ranges and docs.
// Pure data: validation reads it, the JSON Schema is generated from it, stages read it back.

/// The type of one stage setting.
public enum FieldType: Sendable, Hashable {
    /// A number, optionally bounded (inclusive unless `exclusiveMin`).
    case number(min: Double? = nil, max: Double? = nil, exclusiveMin: Bool = false)
    /// A whole number, optionally bounded.
    case integer(min: Int? = nil, max: Int? = nil)
    /// Free text.
    case string
    /// One of a fixed set of strings.
    case choice([String])
    /// A list of numbers, each optionally bounded (inclusive).
    case numbers(min: Double? = nil, max: Double? = nil)
    /// true or false.
    case bool
    /// A time: seconds, or `SS`, `MM:SS`, `HH:MM:SS` with fractions; normalised to seconds.
    case time
    /// A bit rate: bits per second, or `192k`; normalised to bits per second.
    case bitrate
    /// A reference to one stage output (`song1`, `song1.audio`, `clips[2]`).
    case reference
    /// A list of references; a `foreach` stage stands for all of its items, in order.
    case references
    /// A mapping of string keys to scalar values (for example tags).
    case map
}

/// One declared setting of a stage kind.
public struct FieldSpec: Sendable {
    /// The setting's key in the manifest.
    public var name: String
    /// Its type.
    public var type: FieldType
    /// Whether the manifest must give it.
    public var required: Bool
    /// The value used when it is absent (nil: absent stays absent).
    public var defaultValue: Value?
    /// One line of documentation.
    public var doc: String

    /// Creates a field spec.
    public init(_ name: String, _ type: FieldType, required: Bool = false, default defaultValue: Value? = nil, doc: String) {
        self.name = name
        self.type = type
        self.required = required
        self.defaultValue = defaultValue
        self.doc = doc
    }

    /// Whether this field names other stages.
    public var isReference: Bool {
        switch type {
        case .reference, .references: return true
        default: return false
        }
    }
}

/// A problem that a stage kind's own cross-field check found.
public struct FieldProblem: Sendable, Hashable {
    /// The setting at fault.
    public var field: String
    /// What is wrong.
    public var message: String

    /// Creates a problem.
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// What a stage kind's static check can see: resolved settings and what is known of its inputs.
public struct StaticCheckContext: Sendable {
    /// The resolved, normalised settings (defaults applied).
    public var settings: [String: Value]
    /// For each reference field, the durations of its inputs in order, when known before running.
    public var inputDurations: [String: [Double?]]
}

/// The full declaration of a stage kind.
public struct StageSpec: Sendable {
    /// The kind's name, as written in `kind:`.
    public var kind: String
    /// One line of documentation.
    public var doc: String
    /// The settings it accepts.
    public var fields: [FieldSpec]
    /// The names of its outputs; the first is the default when a reference names none.
    public var outputs: [String]
    /// Whether running it needs the network (refused by `render --offline`).
    public var needsNetwork: Bool
    /// The output's duration in seconds when it can be known before running.
    public var staticDuration: @Sendable (StaticCheckContext) -> Double?
    /// Cross-field checks (for example a crossfade longer than a segment).
    public var check: @Sendable (StaticCheckContext) -> [FieldProblem]

    /// Creates a stage spec.
    public init(
        kind: String, doc: String, fields: [FieldSpec], outputs: [String] = ["audio"], needsNetwork: Bool = false,
        staticDuration: @escaping @Sendable (StaticCheckContext) -> Double? = { _ in nil },
        check: @escaping @Sendable (StaticCheckContext) -> [FieldProblem] = { _ in [] }
    ) {
        self.kind = kind
        self.doc = doc
        self.fields = fields
        self.outputs = outputs
        self.needsNetwork = needsNetwork
        self.staticDuration = staticDuration
        self.check = check
    }

    /// The field with this name.
    public func field(_ name: String) -> FieldSpec? { fields.first { $0.name == name } }
}

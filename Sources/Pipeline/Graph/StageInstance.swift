// One runnable stage after `foreach` expansion and parameter substitution.
// Pure data: no I/O, no knowledge of how the stage runs.

/// A link from one of a stage's reference fields to another stage's output.
public struct InputBinding: Sendable, Hashable, Codable {
    /// The reference field (`input`, `inputs`, ...).
    public var field: String
    /// Position within a list field (0 for a single reference).
    public var position: Int
    /// The producing stage instance's id.
    public var stage: String
    /// The producing stage's output name.
    public var output: String

    /// Creates a binding.
    public init(field: String, position: Int, stage: String, output: String) {
        self.field = field
        self.position = position
        self.stage = stage
        self.output = output
    }

    /// The reference as a person would write it: `stage` or `stage.output`.
    public var label: String { "\(stage).\(output)" }
}

/// A fully resolved stage: settings normalised, defaults applied, inputs bound.
public struct StageInstance: Sendable {
    /// Unique id: the declared id, plus `[i]` for each item of a `foreach` stage.
    public var id: String
    /// The id as declared in the manifest.
    public var declarationId: String
    /// The stage kind.
    public var kind: String
    /// The item index for `foreach` stages.
    public var index: Int?
    /// Resolved settings, reference fields excluded.
    public var settings: [String: Value]
    /// Inputs in field order.
    public var inputs: [InputBinding]
    /// Where the stage is declared.
    public var location: SourceLocation
    /// Where each setting was written (absent for defaults).
    public var settingLocations: [String: SourceLocation]

    /// Creates an instance.
    public init(id: String, declarationId: String, kind: String, index: Int?, settings: [String: Value],
                inputs: [InputBinding], location: SourceLocation, settingLocations: [String: SourceLocation] = [:]) {
        self.id = id
        self.declarationId = declarationId
        self.kind = kind
        self.index = index
        self.settings = settings
        self.inputs = inputs
        self.location = location
        self.settingLocations = settingLocations
    }

    /// The ids of the stages this one reads, without repeats, in order.
    public var dependencies: [String] {
        var seen = Set<String>()
        return inputs.map(\.stage).filter { seen.insert($0).inserted }
    }
}

// Typed reads of a stage's resolved settings; validation has already checked the types.
// Knows nothing of any particular stage kind.
import Pipeline

extension StageContext {
    /// A number setting (times are already seconds).
    func double(_ name: String) -> Double? { settings[name]?.number }
    /// A whole-number setting.
    func int(_ name: String) -> Int? { settings[name]?.int }
    /// A string setting.
    func string(_ name: String) -> String? { settings[name]?.string }
    /// A boolean setting.
    func bool(_ name: String) -> Bool? { settings[name]?.bool }
    /// A number-list setting.
    func doubles(_ name: String) -> [Double]? { settings[name]?.array?.compactMap(\.number) }
}

extension StageInput {
    /// The name of the file a source stage read, for error messages.
    var sourceName: String { metadata["file"]?.string ?? binding.stage }
}

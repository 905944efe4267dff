// The stage kinds IntelliMix ships, gathered into a registry for the runner and the validator.
// Knows which kinds exist, not how the runner schedules them.
import Pipeline

/// The built-in stage kinds.
public enum StageCatalog {
    /// Every built-in stage kind.
    public static var all: [any StageImplementation] {
        [SourceStage(), CutStage(), CrossfadeStage(), LoudnessStage(), EncodeStage()]
    }

    /// A registry of every built-in stage kind.
    public static func standard() -> StageRegistry { StageRegistry(all) }
}

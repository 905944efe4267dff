// The stage kinds IntelliMix ships, gathered into a registry for the runner and the validator.
// Knows which kinds exist and which outside services they get, not how the runner schedules them.
import Foundation
import Pipeline

/// The built-in stage kinds.
public enum StageCatalog {
    /// Every built-in stage kind, given the outside services available.
    public static func all(providers: StageProviders = StageProviders(),
                           environment: [String: String] = ProcessInfo.processInfo.environment) -> [any StageImplementation] {
        [SourceStage(uploads: providers.uploads), CutStage(), CrossfadeStage(), LoudnessStage(), EncodeStage(),
         FetchStage(fetcher: providers.fetcher, limits: providers.mediaLimits), LyricsStage(provider: providers.lyrics), TranscribeStage(provider: providers.transcription),
         PlanStage(llms: providers.llms, environment: environment), AnalyzeStage()]
    }

    /// A registry of every built-in stage kind.
    public static func standard(providers: StageProviders = StageProviders(),
                                environment: [String: String] = ProcessInfo.processInfo.environment) -> StageRegistry {
        StageRegistry(all(providers: providers, environment: environment))
    }
}

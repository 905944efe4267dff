// The manifest of an AI mashup job (`POST /generate-ai`): built at once when the prompt names its
// songs, or in the worker after the LLM proposes them.
import Foundation
import Mashup
import Stages

/// Builds AI mashup manifests from the stored request.
public enum AIJobManifest {
    /// The stored request of an AI job.
    public struct Input: Codable, Sendable {
        /// The user's prompt.
        public var prompt: String
        /// The planner: heuristic, gemini or openai.
        public var provider: String
        /// Target length in seconds.
        public var target_seconds: Double

        /// Creates an input.
        public init(prompt: String, provider: String, target_seconds: Double) {
            self.prompt = prompt
            self.provider = provider
            self.target_seconds = target_seconds
        }
    }

    /// The manifest when the prompt itself names the songs; nil when an LLM must propose them.
    public static func immediate(_ input: Input) throws -> String? {
        let songs = SongListParser().parse(input.prompt)
        guard !songs.isEmpty else { return nil }
        return try build(input, songs: songs)
    }

    /// Resolves the songs (the prompt's list, else the LLM's proposals) and builds the manifest.
    public static func resolve(input json: String, providers: StageProviders) async throws -> String {
        let input = try JSONDecoder().decode(Input.self, from: Data(json.utf8))
        let llm = providers.llms[input.provider] ?? providers.llms["gemini"] ?? providers.llms["openai"]
        let songs = try await SongResolver(llm: llm).resolve(prompt: input.prompt)
        return try build(input, songs: songs)
    }

    private static func build(_ input: Input, songs: [SongRequest]) throws -> String {
        try RequestManifests.mashup(name: RequestManifests.name("mashup", from: input.prompt), prompt: input.prompt, songs: songs,
                                    provider: input.provider, targetSeconds: input.target_seconds)
    }
}

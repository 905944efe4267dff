// Resolves the songs of an AI-mashup prompt: an explicit list in the prompt if there is one,
// otherwise the LLM's proposals. Knows no HTTP; the LLM comes through LLMProvider.
import Foundation
import Mashup
import Pipeline

/// Finds the songs a mashup prompt asks for.
public struct SongResolver: Sendable {
    /// The LLM to ask when the prompt names no songs.
    public var llm: (any LLMProvider)?
    /// At most this many songs (the original capped at 8).
    public var maxSongs: Int

    /// Creates a resolver.
    public init(llm: (any LLMProvider)?, maxSongs: Int = 8) {
        self.llm = llm
        self.maxSongs = maxSongs
    }

    /// The songs: parsed from the prompt, else proposed by the LLM; an error names what is missing.
    public func resolve(prompt: String) async throws -> [SongRequest] {
        let explicit = SongListParser(maxSongs: maxSongs).parse(prompt)
        if !explicit.isEmpty { return explicit }
        guard let llm else {
            throw StageFailure(code: StageFailure.Code(rawValue: "AI_KEY_MISSING"),
                               message: "the prompt names no songs (write them as \"Title - Artist, Title - Artist\"), and no LLM is configured to propose some")
        }
        let request = PlanPromptBuilder().songProposalRequest(prompt: prompt, maxSongs: maxSongs)
        let reply = try await llm.complete(request)
        do {
            let songs = try SongProposals.decode(llmReply: reply, maxSongs: maxSongs)
            guard !songs.isEmpty else { throw StageFailure(code: StageFailure.Code(rawValue: "AI_INVALID_PLAN"), message: "the LLM proposed no songs") }
            return songs
        } catch let e as MashupError {
            throw StageFailure(code: StageFailure.Code(rawValue: e.code.rawValue), message: e.message)
        }
    }
}

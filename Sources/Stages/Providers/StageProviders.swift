// The outside services some stages call (lyrics lookup, transcription, LLMs, media fetching),
// as protocols so stages stay testable and the network clients live in the Services target.
import Foundation
import Mashup

/// Synced and plain lyrics for a track, as a lyrics database returns them.
public struct LyricsLookupResult: Sendable {
    /// LRC text with time tags, when the database has it.
    public var synced: String?
    /// Untimed lyrics.
    public var plain: String?
    /// Whether the track is marked instrumental.
    public var instrumental: Bool

    /// Creates a result.
    public init(synced: String?, plain: String?, instrumental: Bool) {
        self.synced = synced
        self.plain = plain
        self.instrumental = instrumental
    }
}

/// Looks up lyrics by title, artist and duration (LRCLIB in production).
public protocol LyricsProvider: Sendable {
    /// The lyrics, or nil when the database has none (a 404 is not a failure).
    func lookup(title: String, artist: String, album: String?, duration: Double?) async throws -> LyricsLookupResult?
}

/// A transcription with segment and word timings.
public struct Transcript: Sendable, Codable {
    /// The full text.
    public var text: String
    /// The detected language.
    public var language: String?
    /// Timed segments.
    public var segments: [TimedLine]
    /// Timed words (may be empty when the server gives segments only).
    public var words: [TimedWord]

    /// Creates a transcript.
    public init(text: String, language: String?, segments: [TimedLine], words: [TimedWord]) {
        self.text = text
        self.language = language
        self.segments = segments
        self.words = words
    }
}

/// Transcribes an audio file (an OpenAI-compatible transcription server in production).
public protocol TranscriptionProvider: Sendable {
    /// The model name, part of the cache key.
    var model: String { get }
    /// Transcribes the file.
    func transcribe(file: URL) async throws -> Transcript
}

/// Answers a structured request with JSON text (Gemini or an OpenAI-compatible chat API).
public protocol LLMProvider: Sendable {
    /// The provider and model, part of the cache key, such as `gemini/gemini-3-flash-preview`.
    var identity: String { get }
    /// The model's reply: JSON text meant to match `request.responseSchema`.
    func complete(_ request: LLMRequest) async throws -> String
}

/// The providers a stage catalog is built with; each is optional and configured from the environment.
public struct StageProviders: Sendable {
    /// Lyrics lookup.
    public var lyrics: (any LyricsProvider)?
    /// Transcription.
    public var transcription: (any TranscriptionProvider)?
    /// LLMs by provider name (`gemini`, `openai`).
    public var llms: [String: any LLMProvider]

    /// Creates a set of providers.
    public init(lyrics: (any LyricsProvider)? = nil, transcription: (any TranscriptionProvider)? = nil, llms: [String: any LLMProvider] = [:]) {
        self.lyrics = lyrics
        self.transcription = transcription
        self.llms = llms
    }
}

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
    /// Media downloads and search.
    public var fetcher: (any MediaFetcher)?
    /// Files users uploaded through the API (`source` stages with `upload:`).
    public var uploads: (any UploadLocator)?
    /// Limits on each fetched file (length, sample rate, channels); nil for none (the CLI).
    public var mediaLimits: MediaLimits?

    /// Creates a set of providers.
    public init(lyrics: (any LyricsProvider)? = nil, transcription: (any TranscriptionProvider)? = nil,
                llms: [String: any LLMProvider] = [:], fetcher: (any MediaFetcher)? = nil, uploads: (any UploadLocator)? = nil) {
        self.lyrics = lyrics
        self.transcription = transcription
        self.llms = llms
        self.fetcher = fetcher
        self.uploads = uploads
    }
}

/// Finds the file behind an upload id, for the user whose job is rendering.
public protocol UploadLocator: Sendable {
    /// The stored file of upload `id`, or nil when that user has no such upload.
    func path(ofUpload id: String) -> String?
}

/// What to download.
public enum FetchMode: Sendable, Hashable {
    /// Audio: `original` stream, or converted to mp3, m4a or opus at a bit rate.
    case audio(format: String, bitrate: Int?)
    /// Best video plus best audio merged into MP4, at most this tall.
    case video(maxHeight: Int)
}

/// A downloaded file and what the site said about it.
public struct FetchedMedia: Sendable {
    /// The downloaded file.
    public var path: String
    /// The title, when known.
    public var title: String?
    /// The artist, channel or uploader, when known.
    public var artist: String?
    /// The page the media came from.
    public var webpageURL: String?

    /// Creates a result.
    public init(path: String, title: String? = nil, artist: String? = nil, webpageURL: String? = nil) {
        self.path = path
        self.title = title
        self.artist = artist
        self.webpageURL = webpageURL
    }
}

/// Downloads media from YouTube and other sites (yt-dlp) or direct HTTP URLs, and searches.
public protocol MediaFetcher: Sendable {
    /// Downloads a page URL with yt-dlp into a folder.
    func download(url: String, mode: FetchMode, into directory: String, progress: @escaping @Sendable (Double) -> Void) async throws -> FetchedMedia
    /// Downloads a direct media URL over HTTP (SSRF-guarded) into a file.
    func downloadDirect(url: String, to path: String, progress: @escaping @Sendable (Double) -> Void) async throws
    /// Search results for a query (yt-dlp `ytsearch`).
    func search(_ query: String, limit: Int) async throws -> [SearchCandidate]
}

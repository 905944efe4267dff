// SongRequest: one song asked for by a user or proposed by the LLM: a title, maybe an artist, maybe a window.
// Pure data; knows nothing about searching or downloading.

/// A song to find and use in a mashup.
public struct SongRequest: Sendable, Codable, Equatable, Hashable {
    /// The song's title as asked for.
    public var title: String
    /// The performing artist, when given.
    public var artist: String?
    /// A suggested start inside the song, in seconds, when given.
    public var start: Double?
    /// A suggested end inside the song, in seconds, when given.
    public var end: Double?

    /// Creates a request; empty artists become nil.
    public init(title: String, artist: String? = nil, start: Double? = nil, end: Double? = nil) {
        self.title = title
        self.artist = artist.flatMap { $0.isEmpty ? nil : $0 }
        self.start = start
        self.end = end
    }

    /// The text to search for: "title artist official audio".
    public var searchQuery: String {
        [title, artist ?? "", "official audio"].filter { !$0.isEmpty }.joined(separator: " ")
    }
}

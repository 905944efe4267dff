// LRCLIBRecord: one lyrics record as LRCLIB returns it from /get, /get-cached and /search.
// Pure data; parsing the LRC text is the Mashup target's job.

/// A track's lyrics on LRCLIB.
public struct LRCLIBRecord: Sendable, Codable, Equatable {
    /// LRCLIB's id.
    public var id: Int
    /// The track title.
    public var trackName: String
    /// The artist.
    public var artistName: String
    /// The album, when known.
    public var albumName: String?
    /// Length in seconds, when known.
    public var duration: Double?
    /// True for instrumentals (no lyrics).
    public var instrumental: Bool
    /// Lyrics without timestamps.
    public var plainLyrics: String?
    /// LRC text with `[mm:ss.xx]` timestamps.
    public var syncedLyrics: String?

    /// Creates a record.
    public init(
        id: Int, trackName: String, artistName: String, albumName: String? = nil, duration: Double? = nil,
        instrumental: Bool = false, plainLyrics: String? = nil, syncedLyrics: String? = nil
    ) {
        self.id = id
        self.trackName = trackName
        self.artistName = artistName
        self.albumName = albumName
        self.duration = duration
        self.instrumental = instrumental
        self.plainLyrics = plainLyrics
        self.syncedLyrics = syncedLyrics
    }

    /// Decodes leniently: a missing `instrumental` is false.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Int.self, forKey: .id)
        trackName = try container.decode(String.self, forKey: .trackName)
        artistName = try container.decode(String.self, forKey: .artistName)
        albumName = try container.decodeIfPresent(String.self, forKey: .albumName)
        duration = try container.decodeIfPresent(Double.self, forKey: .duration)
        instrumental = try container.decodeIfPresent(Bool.self, forKey: .instrumental) ?? false
        plainLyrics = try container.decodeIfPresent(String.self, forKey: .plainLyrics)
        syncedLyrics = try container.decodeIfPresent(String.self, forKey: .syncedLyrics)
    }

    /// True when `syncedLyrics` has text.
    public var hasSyncedLyrics: Bool { !(syncedLyrics?.isEmpty ?? true) }
}

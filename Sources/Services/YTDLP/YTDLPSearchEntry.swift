// YTDLPSearchEntry: one result of `yt-dlp --dump-json --flat-playlist ytsearchN:QUERY`, lenient about missing fields.
// Pure data and decoding; knows nothing about running yt-dlp or scoring results.
import Foundation

/// A search result as yt-dlp describes it.
public struct YTDLPSearchEntry: Sendable, Codable, Equatable {
    /// The video id.
    public var id: String?
    /// The title.
    public var title: String
    /// The channel name.
    public var channel: String?
    /// The uploader name.
    public var uploader: String?
    /// Length in seconds, when known.
    public var duration: Double?
    /// View count, when known.
    public var viewCount: Int?
    /// The watch page URL.
    public var webpageURL: String?
    /// The URL yt-dlp lists (with `--flat-playlist`, the watch URL).
    public var url: String?
    /// `not_live`, `is_live`, `was_live`, … when known.
    public var liveStatus: String?

    enum CodingKeys: String, CodingKey {
        case id, title, channel, uploader, duration, url
        case viewCount = "view_count"
        case webpageURL = "webpage_url"
        case liveStatus = "live_status"
    }

    /// Creates an entry.
    public init(
        id: String? = nil, title: String, channel: String? = nil, uploader: String? = nil, duration: Double? = nil,
        viewCount: Int? = nil, webpageURL: String? = nil, url: String? = nil, liveStatus: String? = nil
    ) {
        self.id = id
        self.title = title
        self.channel = channel
        self.uploader = uploader
        self.duration = duration
        self.viewCount = viewCount
        self.webpageURL = webpageURL
        self.url = url
        self.liveStatus = liveStatus
    }

    /// Decodes leniently: wrong-typed optional fields become nil; only `title` is required.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        title = try container.decode(String.self, forKey: .title)
        id = try? container.decodeIfPresent(String.self, forKey: .id)
        channel = try? container.decodeIfPresent(String.self, forKey: .channel)
        uploader = try? container.decodeIfPresent(String.self, forKey: .uploader)
        duration = try? container.decodeIfPresent(Double.self, forKey: .duration)
        viewCount = try? container.decodeIfPresent(Int.self, forKey: .viewCount)
        webpageURL = try? container.decodeIfPresent(String.self, forKey: .webpageURL)
        url = try? container.decodeIfPresent(String.self, forKey: .url)
        liveStatus = try? container.decodeIfPresent(String.self, forKey: .liveStatus)
    }

    /// The best link to the video: `webpage_url`, else `url`, else a YouTube watch URL built from the id.
    public var link: String? {
        webpageURL ?? url ?? id.map { "https://www.youtube.com/watch?v=\($0)" }
    }

    /// Parses JSON lines, skipping lines that are not entries (warnings, blank lines).
    public static func parseLines(_ text: String) -> [YTDLPSearchEntry] {
        let decoder = JSONDecoder()
        return text.split(whereSeparator: \.isNewline).compactMap { line in
            guard line.first == "{" else { return nil }
            return try? decoder.decode(YTDLPSearchEntry.self, from: Data(line.utf8))
        }
    }
}

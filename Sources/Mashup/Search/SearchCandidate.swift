// SearchCandidate: one result of `yt-dlp --dump-json "ytsearchN:…"`, reduced to the fields the scorer reads.
// Pure data plus lenient JSON-lines decoding; knows nothing about running yt-dlp.

import Foundation

/// A video found by a search, as yt-dlp describes it.
public struct SearchCandidate: Sendable, Codable, Equatable {
    /// The video id.
    public var id: String?
    /// The video title.
    public var title: String
    /// The channel name (YouTube's " - Topic" channels carry auto-generated audio tracks).
    public var channel: String?
    /// The uploader name (often equal to the channel).
    public var uploader: String?
    /// Length in seconds, when known.
    public var duration: Double?
    /// View count, when known.
    public var viewCount: Int?
    /// The watch page URL.
    public var webpageURL: String?
    /// The URL yt-dlp lists (with `--flat-playlist` the watch URL).
    public var url: String?
    /// `not_live`, `is_live`, `is_upcoming`, `was_live` or `post_live`, when known.
    public var liveStatus: String?

    enum CodingKeys: String, CodingKey {
        case id, title, channel, uploader, duration, url
        case viewCount = "view_count"
        case webpageURL = "webpage_url"
        case liveStatus = "live_status"
    }

    /// Creates a candidate.
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

    /// Decodes leniently: a view count written as a float is accepted, wrongly typed optional fields are nil.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func string(_ key: CodingKeys) -> String? { (try? c.decodeIfPresent(String.self, forKey: key)) ?? nil }
        title = try c.decode(String.self, forKey: .title)
        id = string(.id)
        channel = string(.channel)
        uploader = string(.uploader)
        webpageURL = string(.webpageURL)
        url = string(.url)
        liveStatus = string(.liveStatus)
        duration = ((try? c.decodeIfPresent(Double.self, forKey: .duration)) ?? nil).flatMap { $0.isFinite && $0 >= 0 ? $0 : nil }
        if let views = (try? c.decodeIfPresent(Int.self, forKey: .viewCount)) ?? nil {
            viewCount = views
        } else if let views = (try? c.decodeIfPresent(Double.self, forKey: .viewCount)) ?? nil, views.isFinite, views >= 0,
                  views < 1e15 {
            viewCount = Int(views)
        } else {
            viewCount = nil
        }
    }

    /// The page to fetch: `webpageURL`, else `url`, else a YouTube watch URL built from the id.
    public var link: String? { webpageURL ?? url ?? id.map { "https://www.youtube.com/watch?v=\($0)" } }

    /// Candidates from yt-dlp's output, one JSON object per line; undecodable lines are skipped.
    /// Reads at most `maxLines` lines (default 50) of at most `maxLineBytes` each (default 2 MiB).
    public static func parseJSONLines(_ text: String, maxLines: Int = 50, maxLineBytes: Int = 2 << 20) -> [SearchCandidate] {
        let decoder = JSONDecoder()
        return text.split(whereSeparator: \.isNewline).prefix(maxLines).compactMap { line in
            guard line.utf8.count <= maxLineBytes else { return nil }
            return try? decoder.decode(SearchCandidate.self, from: Data(line.utf8))
        }
    }
}

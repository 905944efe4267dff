// TimedLine: one lyric or transcript line with its time span and how much we trust that span.
// Pure data; knows nothing about where the timing came from (see TimedLyrics.Source).

/// A line of text sung or spoken between `start` and `end` (seconds from the track's start).
public struct TimedLine: Sendable, Codable, Equatable, Hashable {
    /// When the line begins, in seconds.
    public var start: Double
    /// When the line ends, in seconds; never before `start`.
    public var end: Double
    /// The line's text, trimmed.
    public var text: String
    /// Trust in the timing, 0...1: 1 for hand-synced LRC, low for evenly spread plain lyrics.
    public var confidence: Double

    /// Creates a line; `end` is raised to `start` and `confidence` clamped to 0...1.
    public init(start: Double, end: Double, text: String, confidence: Double = 1) {
        self.start = start
        self.end = max(start, end)
        self.text = text
        self.confidence = min(1, max(0, confidence))
    }

    /// Decodes through `init(start:end:text:confidence:)`, so decoded values obey the same bounds.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            start: try container.decode(Double.self, forKey: .start),
            end: try container.decode(Double.self, forKey: .end),
            text: try container.decode(String.self, forKey: .text),
            confidence: try container.decodeIfPresent(Double.self, forKey: .confidence) ?? 1
        )
    }

    /// `end - start`.
    public var duration: Double { end - start }
}

// TimedLyrics: the lyrics artifact of one track (timed lines, where they came from, language, instrumental flag).
// Pure data plus JSON coding; knows nothing about LRCLIB, files or transcription services.

import Foundation

/// The timed lines of one track, as stored in the lyrics stage's JSON artifact.
public struct TimedLyrics: Sendable, Codable, Equatable {
    /// Where the timing came from; it decides how far planners may trust line boundaries.
    public enum Source: String, Sendable, Codable, Equatable, CaseIterable {
        /// Synced LRC (for example from LRCLIB `syncedLyrics`).
        case syncedLRC
        /// Plain lyrics spread evenly over the track (low confidence).
        case plainSpread
        /// Plain lyrics aligned to a transcription.
        case aligned
        /// A transcription's own segments.
        case transcription
        /// A local lyrics file given by the user.
        case file
        /// Lyrics written inline in the manifest.
        case inline
    }

    /// Default cap on lines per track (`AI_TIMESTAMPED_LYRICS_MAX_LINES_PER_TRACK`): 120.
    public static let defaultMaxLines = 120

    /// The lines, sorted by start time.
    public var lines: [TimedLine]
    /// Where the timing came from.
    public var source: Source
    /// BCP 47 language tag when known (for example "en").
    public var language: String?
    /// True when the track has no sung words (LRCLIB `instrumental`, or only instrumental markers).
    public var instrumental: Bool

    /// Creates lyrics; lines are sorted by start time (stable for equal starts).
    public init(lines: [TimedLine], source: Source, language: String? = nil, instrumental: Bool = false) {
        self.lines = lines.enumerated()
            .sorted { $0.element.start != $1.element.start ? $0.element.start < $1.element.start : $0.offset < $1.offset }
            .map(\.element)
        self.source = source
        self.language = language
        self.instrumental = instrumental
    }

    /// Decodes through `init(lines:source:language:instrumental:)`, so decoded lines are sorted too.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            lines: try container.decode([TimedLine].self, forKey: .lines),
            source: try container.decode(Source.self, forKey: .source),
            language: try container.decodeIfPresent(String.self, forKey: .language),
            instrumental: try container.decodeIfPresent(Bool.self, forKey: .instrumental) ?? false
        )
    }

    /// These lyrics keeping only the first `maxLines` lines (by time); default 120.
    public func capped(to maxLines: Int = TimedLyrics.defaultMaxLines) -> TimedLyrics {
        var copy = self
        copy.lines = Array(lines.prefix(max(0, maxLines)))
        return copy
    }

    /// The mean line confidence, or 0 when there are no lines.
    public var meanConfidence: Double {
        lines.isEmpty ? 0 : lines.map(\.confidence).reduce(0, +) / Double(lines.count)
    }

    /// Pretty, key-sorted JSON for the artifact store (deterministic bytes for equal values).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    /// Reads an artifact written by `jsonData()`.
    public static func decode(from data: Data) throws -> TimedLyrics {
        try JSONDecoder().decode(TimedLyrics.self, from: data)
    }
}

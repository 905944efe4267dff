// LRCDocument: what the LRC parser found in one file: timed lyrics, metadata tags, the offset and the problems.
// Pure data; knows nothing about how the text was obtained.

/// The result of parsing LRC text.
public struct LRCDocument: Sendable, Equatable, Codable {
    /// A line of the input that was skipped or changed, and why.
    public struct Issue: Sendable, Equatable, Codable {
        /// The 1-based input line.
        public var line: Int
        /// What was wrong, for a person.
        public var message: String
    }

    /// The timed lines (offset applied, sorted, capped).
    public var lyrics: TimedLyrics
    /// Metadata tags by lower-cased key (`ar`, `ti`, `al`, `au`, `length`, `by`, `re`, `ve`, ...), last one wins.
    public var metadata: [String: String]
    /// The `[offset:]` tag in milliseconds as written (positive: lyrics shown earlier); 0 when absent.
    public var offsetMilliseconds: Int
    /// True when at least one line carried a time tag; false means the text is plain lyrics.
    public var hasTimeTags: Bool
    /// Skipped or changed input lines.
    public var issues: [Issue]
}

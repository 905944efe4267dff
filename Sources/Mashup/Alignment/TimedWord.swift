// TimedWord: one transcribed word with its time span, and the split of timed segments into such words.
// Pure data; knows nothing about the transcription service that produced it.

/// A word of a transcription, `start` to `end` seconds.
public struct TimedWord: Sendable, Codable, Equatable, Hashable {
    /// When the word begins, in seconds.
    public var start: Double
    /// When the word ends, in seconds; never before `start`.
    public var end: Double
    /// The word as transcribed.
    public var text: String

    /// Creates a word; `end` is raised to `start`.
    public init(start: Double, end: Double, text: String) {
        self.start = start
        self.end = max(start, end)
        self.text = text
    }

    /// Words from timed segments (for transcriptions without word timestamps): each segment's
    /// whitespace-separated words share its span in proportion to their length plus one.
    public static func words(fromSegments segments: [TimedLine]) -> [TimedWord] {
        var result: [TimedWord] = []
        for segment in segments {
            let parts = segment.text.split(whereSeparator: \.isWhitespace).map(String.init)
            guard !parts.isEmpty else { continue }
            let weights = parts.map { Double($0.count + 1) }
            let total = weights.reduce(0, +)
            var cursor = segment.start
            for (part, weight) in zip(parts, weights) {
                let length = segment.duration * weight / total
                result.append(TimedWord(start: cursor, end: cursor + length, text: part))
                cursor += length
            }
        }
        return result
    }
}

// PlainLyrics: untimed lyric text: its sung lines, and those lines spread evenly over a track (as the original did).
// Knows nothing about LRC tags or transcriptions; LyricAligner does better when a transcription exists.

import Foundation

/// Helpers for lyrics without timestamps.
public enum PlainLyrics {
    /// Confidence given to evenly spread lines: 0.2.
    public static let spreadConfidence = 0.2
    /// Seconds per line used when the track's duration is unknown: 4.
    public static let secondsPerLineWithoutDuration = 4.0

    /// The sung lines of `text`: blank lines, symbol-only lines and labels ("[Chorus]", "(Instrumental)") removed.
    ///
    /// Stops after `maxInputLines` input lines (default 5000); each kept line is cut to `maxTextLength` characters.
    public static func lines(from text: String, maxInputLines: Int = 5000, maxTextLength: Int = 300) -> [String] {
        var result: [String] = []
        for raw in text.split(whereSeparator: \.isNewline).prefix(maxInputLines) {
            if case .lyric(let words) = LyricLineKind.classify(String(raw)) {
                result.append(String(words.prefix(maxTextLength)))
            }
        }
        return result
    }

    /// Spreads the sung lines of `text` evenly over `0..<duration`, each with confidence 0.2, then keeps the first `maxLines`.
    ///
    /// A non-positive or non-finite `duration` gives each line 4 s. Throws `inputTooLarge` above `maxInputBytes`.
    public static func spread(
        _ text: String,
        duration: Double,
        maxLines: Int = TimedLyrics.defaultMaxLines,
        maxInputBytes: Int = 512 * 1024
    ) throws -> TimedLyrics {
        guard text.utf8.count <= maxInputBytes else {
            throw MashupError(.inputTooLarge, "lyrics text is \(text.utf8.count) bytes; the limit is \(maxInputBytes)")
        }
        let sung = lines(from: text)
        let instrumental = sung.isEmpty && text.split(whereSeparator: \.isNewline).contains {
            LyricLineKind.classify(String($0)) == .marker(instrumental: true)
        }
        guard !sung.isEmpty else { return TimedLyrics(lines: [], source: .plainSpread, instrumental: instrumental) }
        let step = duration > 0 && duration.isFinite ? duration / Double(sung.count) : secondsPerLineWithoutDuration
        let timed = sung.enumerated().map { index, line in
            TimedLine(start: Double(index) * step, end: Double(index + 1) * step, text: line, confidence: spreadConfidence)
        }
        return TimedLyrics(lines: timed, source: .plainSpread).capped(to: maxLines)
    }
}

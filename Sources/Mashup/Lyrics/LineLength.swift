// LineLength: how long a sung line can plausibly last, from its text, so a line never runs on into an outro.
// Knows nothing about LRC tags or tracks; a rough syllable count is all it reads.

/// The longest plausible span of a sung line, estimated from its text.
///
/// A line lasts at most `holdSeconds` plus `secondsPerSyllable` per syllable (a slow, held
/// delivery), and never more than `maxSeconds`. Syllables are vowel groups in Latin-script words
/// (a final silent "e" not counted), and one per letter in scripts without such vowels (CJK, kana,
/// Hangul blocks).
public enum LineLength {
    /// Upper bound on any line's length: 8 s.
    public static let maxSeconds = 8.0
    /// Time allowed per syllable: 0.5 s (2 syllables per second, slower than most singing).
    public static let secondsPerSyllable = 0.5
    /// Time added for the held last note: 1 s.
    public static let holdSeconds = 1.0

    /// The longest a line with `text` may last, in seconds: 1 s + 0.5 s per syllable, at most 8 s.
    public static func cap(for text: String) -> Double {
        min(maxSeconds, holdSeconds + secondsPerSyllable * Double(syllables(in: text)))
    }

    /// When a line starting at `start` ends: at `next` (the next line's or marker's start) when given,
    /// but no later than `cap(for: text)` after its start, nor after `limit` (the track's end).
    public static func end(start: Double, text: String, next: Double?, limit: Double? = nil) -> Double {
        var end = start + cap(for: text)
        if let next { end = min(end, next) }
        if let limit { end = min(end, limit) }
        return max(start, end)
    }

    /// A rough syllable count of `text`, at least 1 for any text with letters or digits.
    public static func syllables(in text: String) -> Int {
        var total = 0
        for word in text.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "'") }) {
            total += syllables(inWord: word)
        }
        return max(total, text.contains(where: { $0.isLetter || $0.isNumber }) ? 1 : 0)
    }

    static let vowels: Set<Character> = Set("aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿœ")

    static func syllables(inWord word: Substring) -> Int {
        let lower = word.lowercased()
        guard lower.contains(where: { $0.isASCII && $0.isLetter }) || lower.contains(where: vowels.contains) else {
            // Digits count one per digit ("99" is sung as two words at least); other scripts one per letter.
            return lower.filter { $0.isLetter || $0.isNumber }.count
        }
        var groups = 0
        var previousVowel = false
        for ch in lower {
            let vowel = vowels.contains(ch)
            if vowel && !previousVowel { groups += 1 }
            previousVowel = vowel
        }
        if groups > 1, lower.hasSuffix("e"), !lower.hasSuffix("le"), let before = lower.dropLast().last, !vowels.contains(before) {
            groups -= 1
        }
        return max(1, groups)
    }
}

// TextNormalizer: turns lyric, transcript and title text into comparable word tokens, and scores word similarity.
// Knows nothing about timing, alignment or search results; the same rules apply to both sides of every comparison.

import Foundation

/// Word tokenisation and fuzzy word similarity shared by the aligner, the search scorer and the planners.
public enum TextNormalizer {
    /// Lower-cased, diacritic-free word tokens with simple English contractions expanded ("don't" → "do", "not").
    ///
    /// Punctuation separates words; apostrophes inside words are resolved first ("runnin'" → "running",
    /// "'cause" → "because", "it's" → "it", "is", "john's" → "johns"). Digits are kept as tokens.
    public static func words(_ text: String) -> [String] {
        let folded = text
            .folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .lowercased()
        var tokens: [String] = []
        var current = ""
        for ch in folded {
            if ch.isLetter || ch.isNumber {
                current.append(ch)
            } else if apostrophes.contains(ch) {
                current.append("'")
            } else if !current.isEmpty {
                tokens.append(current)
                current = ""
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens.flatMap(expand)
    }

    /// Similarity of two tokens in 0...1: 1 for equal, `1 - editDistance / longerLength` otherwise.
    public static func similarity(_ a: String, _ b: String) -> Double {
        if a == b { return 1 }
        let x = Array(a.unicodeScalars.prefix(maxWordLength))
        let y = Array(b.unicodeScalars.prefix(maxWordLength))
        let longest = max(x.count, y.count)
        guard longest > 0 else { return 0 }
        return 1 - Double(editDistance(x, y)) / Double(longest)
    }

    /// Words longer than this are compared on their first this-many characters.
    static let maxWordLength = 48

    static let apostrophes: Set<Character> = ["'", "\u{2019}", "\u{2018}", "`", "\u{00B4}", "\u{02BC}"]

    static let whole: [String: [String]] = [
        "won't": ["will", "not"], "can't": ["can", "not"], "cannot": ["can", "not"], "shan't": ["shall", "not"],
        "ain't": ["is", "not"], "let's": ["let", "us"], "'cause": ["because"], "cause": ["because"],
        "cuz": ["because"], "cos": ["because"], "'cos": ["because"], "'em": ["them"], "'til": ["until"],
        "til": ["until"], "till": ["until"], "'bout": ["about"], "'round": ["around"],
        "gonna": ["going", "to"], "wanna": ["want", "to"], "gotta": ["got", "to"], "tryna": ["trying", "to"],
        "lemme": ["let", "me"], "gimme": ["give", "me"], "kinda": ["kind", "of"], "outta": ["out", "of"],
        "y'all": ["you", "all"], "ya": ["you"], "o'": ["of"], "ol'": ["old"],
    ]

    static let isContractors: Set<String> = [
        "it", "that", "what", "he", "she", "there", "here", "where", "who", "how", "when", "why", "this",
    ]

    static let suffixes: [(String, String)] = [
        ("n't", "not"), ("'re", "are"), ("'ve", "have"), ("'ll", "will"), ("'d", "would"), ("'m", "am"),
    ]

    /// Expands one raw token (letters, digits, apostrophes) into normalised words.
    static func expand(_ raw: String) -> [String] {
        if let known = whole[raw] { return known }
        var token = raw
        if token.hasSuffix("in'") { token = String(token.dropLast()) + "g" }
        if let known = whole[token] { return known }
        for (suffix, word) in suffixes where token.hasSuffix(suffix) && token.count > suffix.count {
            let stem = String(token.dropLast(suffix.count))
            return plain(stem) + [word]
        }
        if token.hasSuffix("'s"), token.count > 2 {
            let stem = String(token.dropLast(2))
            if isContractors.contains(stem) { return [stem, "is"] }
        }
        return plain(token)
    }

    /// The token with apostrophes removed, or nothing when only apostrophes remain.
    static func plain(_ token: String) -> [String] {
        let stripped = token.replacingOccurrences(of: "'", with: "")
        return stripped.isEmpty ? [] : [stripped]
    }

    /// Levenshtein distance with two rolling rows.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

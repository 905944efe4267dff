// LyricLineKind: classifies one line of lyric text as sung words, blank, or a marker (instrumental, section label).
// Knows nothing about timing; shared by the LRC parser, the plain-lyrics spreader and the aligner.

/// What a line of lyric text is, once tags are removed.
enum LyricLineKind: Equatable {
    /// Sung words, with music symbols and word-timing tags removed and whitespace collapsed.
    case lyric(String)
    /// Nothing but whitespace.
    case blank
    /// A label that is not sung: `instrumental` is true for instrumental/break markers and symbol-only
    /// lines ("♪", "(Instrumental)", "[guitar solo]"), false for section labels ("[Chorus]", "Verse 2:").
    case marker(instrumental: Bool)

    /// Music symbols that decorate lines but are never sung.
    static let musicSymbols: Set<Character> = ["♪", "♫", "♬", "♩", "🎵", "🎶", "🎼", "🎸", "🎹", "🎷", "•"]

    static let instrumentalWords: Set<String> = [
        "instrumental", "instrumentals", "interlude", "music", "musical", "solo", "break", "breakdown",
        "drop", "beat", "guitar", "piano", "sax", "saxophone", "drum", "drums", "bass", "synth", "fade",
    ]
    static let sectionWords: Set<String> = [
        "chorus", "verse", "bridge", "hook", "intro", "outro", "refrain", "prechorus", "postchorus",
    ]
    static let fillerWords: Set<String> = ["pre", "post", "x", "repeat", "out", "part", "and", "no", "lyrics"]

    /// Classifies `text` (already stripped of LRC time tags).
    static func classify(_ text: String) -> LyricLineKind {
        let cleaned = clean(text)
        if cleaned.isEmpty {
            return text.contains(where: { !$0.isWhitespace }) ? .marker(instrumental: true) : .blank
        }
        if !cleaned.contains(where: { $0.isLetter || $0.isNumber }) { return .marker(instrumental: true) }
        let words = TextNormalizer.words(cleaned).filter { !$0.allSatisfy(\.isNumber) }
        if !words.isEmpty, words.count <= 5,
           words.allSatisfy({ instrumentalWords.contains($0) || sectionWords.contains($0) || fillerWords.contains($0) }) {
            if words == ["no", "lyrics"] || words.contains(where: instrumentalWords.contains) {
                return .marker(instrumental: true)
            }
            if words.contains(where: sectionWords.contains) { return .marker(instrumental: false) }
        }
        return .lyric(cleaned)
    }

    /// Removes enhanced-LRC word tags (`<01:02.03>`), music symbols and repeated whitespace.
    static func clean(_ text: String) -> String {
        let chars = Array(text)
        var out = ""
        var pendingSpace = false
        var i = 0
        while i < chars.count {
            let ch = chars[i]
            if ch == "<", let close = wordTagEnd(chars, from: i) {
                i = close + 1
                continue
            }
            if musicSymbols.contains(ch) || ch.isWhitespace {
                pendingSpace = !out.isEmpty
                i += 1
                continue
            }
            if pendingSpace { out.append(" "); pendingSpace = false }
            out.append(ch)
            i += 1
        }
        return out
    }

    /// The index of the `>` closing a `<mm:ss.xx>` word tag that opens at `start`, if one does.
    static func wordTagEnd(_ chars: [Character], from start: Int) -> Int? {
        var i = start + 1
        var sawColon = false
        while i < chars.count, i - start <= 12 {
            let ch = chars[i]
            if ch == ">" { return sawColon && i > start + 3 ? i : nil }
            if ch == ":" { sawColon = true } else if !(ch.isASCII && (ch.isNumber || ch == ".")) { return nil }
            i += 1
        }
        return nil
    }
}

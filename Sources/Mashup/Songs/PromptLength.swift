// PromptLength: the length a prompt asks for ("a 3-minute mashup", "90 seconds", "2:30"), in seconds.
// Knows nothing about songs or manifests; SongListParser reads the songs from the same prompt.

import Foundation

/// Reads the mix length a free-text prompt asks for.
///
/// Understood, case-insensitively: `90 seconds`, `90 secs`, `90 sec`, `90s`, `90-second`; `3 minutes`, `3-minute`,
/// `3 min`, `3 mins`, `1.5 minutes` (or `1,5`); `2 min 30`, `2 minutes 30 seconds`, `2 minutes and 30 seconds`,
/// `2m30s`; `1 hour`; number words up to twenty and "a"/"an"/"half a" (`a two-minute mix`, `half a minute`);
/// and a bare `2:30` or `1:02:30`. Not read as a length: a time in a range or in parentheses (a song window such as
/// `(1:00-1:30)`), a decade (`the 90s`, `'80s`, `90s hits`), and a length per song (`30 seconds of each`,
/// `20 seconds per song`). The first length mentioned wins; lengths outside `range` give nil.
public enum PromptLength {
    /// Lengths accepted, in seconds: 10...7200 (the plan stage's `target_seconds` range).
    public static let range: ClosedRange<Double> = 10...7200

    /// The length `prompt` asks for in seconds, or nil when it names none (or one outside `range`).
    public static func seconds(in prompt: String) -> Double? {
        let text = " " + prompt.prefix(4000).lowercased()
            .replacingOccurrences(of: "\u{2013}", with: "-").replacingOccurrences(of: "\u{2014}", with: "-")
            .replacingOccurrences(of: "\u{2019}", with: "'") + " "
        var best: (offset: Int, seconds: Double)?
        for (pattern, read) in readers {
            let regex = try! NSRegularExpression(pattern: pattern)
            let ns = text as NSString
            for match in regex.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
                let groups = (0..<match.numberOfRanges).map { i -> String? in
                    let r = match.range(at: i)
                    return r.location == NSNotFound ? nil : ns.substring(with: r)
                }
                let before = ns.substring(to: match.range.location)
                let after = ns.substring(from: match.range.location + match.range.length)
                guard let seconds = read(groups, before, after), !perSong(after) else { continue }
                if best == nil || match.range.location < best!.offset { best = (match.range.location, seconds) }
                break
            }
        }
        guard let seconds = best?.seconds, range.contains(seconds) else { return nil }
        return seconds
    }

    typealias Reader = @Sendable ([String?], String, String) -> Double?

    static let number = #"(\d+(?:[.,]\d+)?|a|an|half an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)"#
    static let minuteWord = #"(?:minutes?|mins?|m)"#
    static let secondWord = #"(?:seconds?|secs?|s)"#

    /// Patterns tried on the whole prompt, each with the function reading a match into seconds (nil: not a length).
    static let readers: [(String, Reader)] = [
        // 2 min 30 / 2 minutes and 30 seconds / 2m30s; the seconds need their unit unless the phrase ends there
        (#"(?<![\w.,:'])"# + number + #"[ -]?"# + minuteWord + #"(?: and)? ?(\d{1,2})(?: ?"# + secondWord + #"(?![\w:])|(?=\s*(?:[.,;!?)]|$)))"#,
         { g, _, _ in
             guard let m = value(g[1]), let s = g[2].flatMap(Double.init), s < 60 else { return nil }
             return m * 60 + s
         }),
        // 3 hours / an hour
        (#"(?<![\w.,:'])"# + number + #"[ -]?(?:hours?|hrs?|h)(?![\w:])"#, { g, _, _ in value(g[1]).map { $0 * 3600 } }),
        // 3-minute / 3 minutes / 1.5 min
        (#"(?<![\w.,:'])"# + number + #"[ -]?"# + minuteWord + #"(?![\w:])"#, { g, _, _ in value(g[1]).map { $0 * 60 } }),
        // 90 seconds / 90-second / 90s (not a decade)
        (#"(?<![\w.,:'])"# + number + #"([ -]?)(seconds?|secs?|s)(?![\w:])"#, { g, before, after in
             guard let s = value(g[1]) else { return nil }
             if g[2] == "" && g[3] == "s" {
                 guard g[1]?.first?.isNumber == true, !isDecade(s, before: before, after: after) else { return nil }
             }
             return s
         }),
        // 2:30 or 1:02:30, not in a range or parentheses
        (#"(?<![\w.,:'(-])(\d{1,2}):([0-5]\d)(?::([0-5]\d))?(?![\w:)])"#, { g, before, after in
             guard !inRange(before: before, after: after), let a = g[1].flatMap(Double.init), let b = g[2].flatMap(Double.init) else { return nil }
             if let c = g[3].flatMap(Double.init) { return a * 3600 + b * 60 + c }
             return a * 60 + b
         }),
    ]

    static let words: [String: Double] = [
        "a": 1, "an": 1, "half a": 0.5, "half an": 0.5, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
        "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
        "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    ]

    static func value(_ text: String?) -> Double? {
        guard let text else { return nil }
        if let w = words[text] { return w }
        return Double(text.replacingOccurrences(of: ",", with: "."))
    }

    /// "90s" after "the" or an apostrophe, or before a word naming music or an era, is a decade.
    static func isDecade(_ n: Double, before: String, after: String) -> Bool {
        guard n == n.rounded(), Int(n) % 10 == 0, n <= 90 else { return false }
        let earlier = before.split(separator: " ").suffix(2).map(String.init)
        let previous = earlier.last ?? ""
        if ["the", "of", "from", "in", "early", "late", "mid"].contains(previous) { return true }
        // "the 80s and 90s": a decade listed after another one.
        if ["and", "or", "to", "&"].contains(previous), earlier.count == 2,
           earlier[0].range(of: #"^'?\d?\d0s,?$"#, options: .regularExpression) != nil { return true }
        let next = after.split(whereSeparator: { !$0.isLetter && $0 != "&" }).first.map(String.init) ?? ""
        return ["hits", "songs", "music", "pop", "rock", "hip", "r&b", "rap", "dance", "classics", "style", "vibes", "tracks",
                "era", "bands", "artists", "throwback", "throwbacks", "anthems", "tunes", "jams", "boy", "girl", "grunge",
                "house", "techno", "disco", "country", "kids", "nostalgia", "and", "or", "tunes", "favorites", "favourites"].contains(next)
    }

    /// True when a time is one end of a range ("1:00-1:30", "from 1:00 to 1:30").
    static func inRange(before: String, after: String) -> Bool {
        let b = before.trimmingCharacters(in: .whitespaces), a = after.trimmingCharacters(in: .whitespaces)
        return b.hasSuffix("-") || b.hasSuffix(" to") || b.hasSuffix("from") || a.hasPrefix("-") || a.hasPrefix("to ")
    }

    /// True when the length that ends here is per song ("30 seconds of each", "20 s per song", "each").
    static func perSong(_ after: String) -> Bool {
        let a = after.trimmingCharacters(in: .whitespaces)
        return ["of each", "each", "per ", "from each", "of every", "for each", "a song", "a track", "of the chorus", "of every song"]
            .contains { a.hasPrefix($0) }
    }
}

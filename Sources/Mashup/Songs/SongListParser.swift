// SongListParser: finds an explicit list of songs in a free-text prompt ("1. Title - Artist", "mix of A, B and C").
// Knows nothing about the LLM: when it returns nothing, the caller asks the LLM to propose songs.

import Foundation

/// Reads explicit song lists out of a prompt, or returns nothing when there is none.
///
/// Tried in order, the first form that yields songs wins:
/// 1. numbered lists (`1. Title - Artist`, `2) Title by Artist`, on separate lines or inline), two items or more;
/// 2. bulleted lines (`- `, `* `, `• `), two or more;
/// 3. a trigger phrase ("mix of", "mashup of", "medley of", "blend of", "mashup between", "combine", or an
///    imperative "Mix …" / "Mash up …" opening the prompt) followed by items separated by commas, semicolons,
///    "and", "with" or "vs", up to the end of the sentence or an instruction ("for my party", "with smooth …");
/// 4. two or more `Title - Artist` items separated by commas, semicolons or newlines;
/// 5. two or more `Title by Artist` items;
/// 6. two or more quoted titles, each optionally followed by `by Artist`.
///
/// An item is `Title - Artist`, `Title by Artist` (not when "by" is followed by a pronoun, as in "Stand by Me")
/// or a bare title, optionally ending in a window such as `(1:00-1:30)`. Items made only of genre or mood words
/// ("chill", "80s hits", "upbeat songs") make a trigger-phrase list count as no list at all; items that are
/// instructions ("5 minutes long") are dropped. In "mashup of A and B by X" (two items), X is given to A
/// too when only B names an artist. Duplicates are removed; at most `maxSongs` are returned.
public struct SongListParser: Sendable {
    /// Most songs returned; default 8.
    public var maxSongs: Int
    /// Characters of the prompt read; default 4000.
    public var maxPromptLength: Int

    /// Creates a parser; every argument has the default named in its property's doc.
    public init(maxSongs: Int = 8, maxPromptLength: Int = 4000) {
        self.maxSongs = maxSongs
        self.maxPromptLength = maxPromptLength
    }

    /// The songs listed in `prompt`, or an empty array when the prompt has no explicit list.
    public func parse(_ prompt: String) -> [SongRequest] {
        let text = Self.normalize(String(prompt.prefix(maxPromptLength)))
        let strategies: [(String) -> [SongRequest]] = [
            Self.numbered, Self.bulleted, Self.triggered, Self.dashList, Self.byList, Self.quoted,
        ]
        for strategy in strategies {
            let songs = strategy(text)
            if !songs.isEmpty { return finish(songs) }
        }
        return []
    }

    /// Removes duplicates (case-insensitively) and applies the cap.
    func finish(_ songs: [SongRequest]) -> [SongRequest] {
        var seen: Set<String> = []
        var result: [SongRequest] = []
        for song in songs {
            let key = TextNormalizer.words(song.title).joined(separator: " ") + "|"
                + TextNormalizer.words(song.artist ?? "").joined(separator: " ")
            if seen.insert(key).inserted { result.append(song) }
            if result.count == maxSongs { break }
        }
        return result
    }

    // MARK: - Strategies

    static func numbered(_ text: String) -> [SongRequest] {
        let chars = Array(text)
        var markers: [(number: Int, start: Int, content: Int)] = []
        var i = 0
        while i < chars.count {
            let atBoundary = i == 0 || chars[i - 1].isWhitespace || chars[i - 1] == "(" || chars[i - 1] == ":"
            if atBoundary, chars[i].isASCII, chars[i].isNumber {
                var j = i
                while j < chars.count, j - i < 3, chars[j].isASCII, chars[j].isNumber { j += 1 }
                if j - i <= 2, j + 1 < chars.count, chars[j] == "." || chars[j] == ")", chars[j + 1] == " " || chars[j + 1] == "\t",
                   let number = Int(String(chars[i..<j])) {
                    var k = j + 1
                    while k < chars.count, chars[k] == " " || chars[k] == "\t" { k += 1 }
                    markers.append((number, i, k))
                    i = k
                    continue
                }
            }
            i += 1
        }
        var chosen: [(start: Int, content: Int)] = []
        for marker in markers where marker.number == chosen.count + 1 {
            chosen.append((marker.start, marker.content))
        }
        guard chosen.count >= 2 else { return [] }
        var songs: [SongRequest] = []
        for (index, marker) in chosen.enumerated() {
            let stop = index + 1 < chosen.count ? chosen[index + 1].start : chars.count
            var item = String(chars[marker.content..<stop])
            if let newline = item.firstIndex(of: "\n") { item = String(item[..<newline]) }
            item = cutSentence(item)
            if let song = parseItem(item), !isGeneric(song), !isInstruction(song.title) { songs.append(song) }
        }
        return songs.count >= 2 ? songs : []
    }

    static func bulleted(_ text: String) -> [SongRequest] {
        var songs: [SongRequest] = []
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard let first = trimmed.first, "-*•+".contains(first) else { continue }
            let item = String(trimmed.dropFirst()).trimmingCharacters(in: .whitespaces)
            guard trimmed.dropFirst().first == " ",
                  let song = parseItem(cutSentence(item)), !isGeneric(song), !isInstruction(song.title) else { continue }
            songs.append(song)
        }
        return songs.count >= 2 ? songs : []
    }

    static var nounTrigger: Regex<Substring> { #/(?i)\b(?:mix|mixes|mashup|mash-up|mash up|medley|blend|combination|megamix|crossover|remix)\s+(?:of|with|between|from|using|featuring|combining)\s+/# }
    static var verbTrigger: Regex<Substring> { #/(?i)\b(?:combine|combining|blend|blending|merge|merging)\s+/# }
    static var openingTrigger: Regex<Substring> { #/(?i)^\s*(?:please\s+)?(?:mix|mash\s*up|mashup)\s+(?!(?:of|with|between|from|using|featuring|combining|up)\b)/# }

    static func triggered(_ text: String) -> [SongRequest] {
        var starts: [String.Index] = []
        for match in text.matches(of: nounTrigger) { starts.append(match.range.upperBound) }
        for match in text.matches(of: verbTrigger) { starts.append(match.range.upperBound) }
        if let match = text.firstMatch(of: openingTrigger) { starts.append(match.range.upperBound) }
        for start in starts.sorted() {
            var list = String(text[start...])
            if let newline = list.firstIndex(of: "\n") { list = String(list[..<newline]) }
            list = cutSentence(list)
            if let colon = list.lastIndex(of: ":") { list = String(list[list.index(after: colon)...]) }
            list = cutInstructions(list)
            var songs: [SongRequest] = []
            var generic = false
            for piece in splitList(list) {
                guard let song = parseItem(piece) else { continue }
                if isInstruction(song.title) { continue }
                if isGeneric(song) { generic = true; break }
                songs.append(song)
            }
            if generic { continue }
            songs = shareTrailingArtist(songs)
            if songs.count >= 2 || (songs.count == 1 && songs[0].artist != nil) { return songs }
        }
        return []
    }

    static func dashList(_ text: String) -> [SongRequest] {
        var songs: [SongRequest] = []
        for line in text.split(separator: "\n") {
            var lineText = String(line)
            if let colon = lineText.lastIndex(of: ":"), hasDash(String(lineText[colon...])) {
                lineText = String(lineText[lineText.index(after: colon)...])
            }
            for piece in splitList(cutInstructions(lineText)) where hasDash(piece) {
                if let song = parseItem(stripPreamble(piece)), song.artist != nil, !isGeneric(song) { songs.append(song) }
            }
        }
        return songs.count >= 2 ? songs : []
    }

    static func byList(_ text: String) -> [SongRequest] {
        var songs: [SongRequest] = []
        for line in text.split(separator: "\n") {
            var lineText = String(line)
            if let colon = lineText.lastIndex(of: ":") { lineText = String(lineText[lineText.index(after: colon)...]) }
            for piece in splitList(cutInstructions(cutSentence(lineText))) {
                if let song = parseItem(stripPreamble(piece)), song.artist != nil, !isGeneric(song) { songs.append(song) }
            }
        }
        return songs.count >= 2 ? songs : []
    }

    static func quoted(_ text: String) -> [SongRequest] {
        var songs: [SongRequest] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "\"") {
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "\"") else { break }
            let title = rest[afterOpen..<close].trimmingCharacters(in: .whitespaces)
            rest = rest[rest.index(after: close)...]
            guard !title.isEmpty, title.count <= 120 else { continue }
            var artist: String?
            let following = rest.drop { $0 == " " }
            if following.lowercased().hasPrefix("by ") {
                var name = String(following.dropFirst(3))
                for stop in [",", ";", "\"", "\n", " and ", " with "] {
                    if let range = name.range(of: stop, options: .caseInsensitive) { name = String(name[..<range.lowerBound]) }
                }
                name = cutInstructions(cutSentence(name))
                artist = cleanName(name)
            }
            let song = SongRequest(title: title, artist: artist)
            if !isGeneric(song) { songs.append(song) }
        }
        return songs.count >= 2 ? songs : []
    }

    // MARK: - Items

    static let pronouns: Set<String> = ["me", "you", "us", "him", "her", "them", "my", "your", "his", "our", "their", "myself", "yourself"]

    /// A song from one list item, or nil when the item has no usable title.
    static func parseItem(_ raw: String) -> SongRequest? {
        var item = raw.trimmingCharacters(in: .whitespaces)
        var start: Double?
        var end: Double?
        if let window = trailingWindow(item) {
            item = window.rest
            start = window.start
            end = window.end
        }
        item = item.trimmingCharacters(in: CharacterSet(charactersIn: " \t.,;:"))
        var title = item
        var artist: String?
        if let dash = item.range(of: " - ") {
            title = String(item[..<dash.lowerBound])
            artist = String(item[dash.upperBound...])
        } else if let by = item.range(of: " by ", options: [.caseInsensitive, .backwards]) {
            let candidate = String(item[by.upperBound...])
            if let first = TextNormalizer.words(candidate).first, !pronouns.contains(first) {
                title = String(item[..<by.lowerBound])
                artist = candidate
            }
        }
        guard let cleanTitle = cleanName(title), cleanTitle.count <= 120,
              cleanTitle.split(separator: " ").count <= 12 else { return nil }
        let cleanArtist = artist.flatMap(cleanName).flatMap { $0.count <= 80 && $0.split(separator: " ").count <= 8 ? $0 : nil }
        if artist != nil && cleanArtist == nil { return nil }
        return SongRequest(title: cleanTitle, artist: cleanArtist, start: start, end: end)
    }

    /// Trims whitespace, quotes and stray punctuation; nil when no letter or digit remains.
    static func cleanName(_ raw: String) -> String? {
        let trimmed = raw.trimmingCharacters(in: CharacterSet(charactersIn: " \t\"'.,;:-*•"))
        let collapsed = trimmed.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return collapsed.contains(where: { $0.isLetter || $0.isNumber }) ? collapsed : nil
    }

    /// A trailing `(1:00-1:30)` or `[1:00 - 1:30]` window, with the text before it.
    static func trailingWindow(_ item: String) -> (rest: String, start: Double, end: Double)? {
        guard let last = item.last, last == ")" || last == "]" else { return nil }
        let open: Character = last == ")" ? "(" : "["
        guard let openIndex = item.lastIndex(of: open) else { return nil }
        let inner = item[item.index(after: openIndex)..<item.index(before: item.endIndex)]
        let parts = inner.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let start = ClipTime.parse(String(parts[0])), let end = ClipTime.parse(String(parts[1])), end > start
        else { return nil }
        return (String(item[..<openIndex]), start, end)
    }

    static func hasDash(_ text: String) -> Bool { text.contains(" - ") }

    static func hasArtist(_ text: String) -> Bool {
        if hasDash(text) { return true }
        guard let by = text.range(of: " by ", options: [.caseInsensitive, .backwards]) else { return false }
        return TextNormalizer.words(String(text[by.upperBound...])).first.map { !pronouns.contains($0) } ?? false
    }

    // MARK: - Lists

    static let connectors: [(String, Bool)] = [
        (" and ", true), (" with ", true), (" vs. ", true), (" vs ", true), (" versus ", true), (" + ", true),
        (" plus ", true), (" then ", true), (" into ", true), (" & ", false), (" x ", false),
    ]

    /// Splits a list on commas and semicolons, then on connectors ("and", "with", "vs", …).
    ///
    /// A piece is split on a connector only when every part names an artist or none does; plain titles are
    /// split only in the last piece ("A, B and C") or when there are no commas ("A and B"). "&" and "x" split
    /// only items that all name artists ("Hello - Adele & Yesterday - The Beatles").
    static func splitList(_ text: String) -> [String] {
        let pieces = text.split(whereSeparator: { $0 == "," || $0 == ";" })
            .map { stripLeadingConjunction($0.trimmingCharacters(in: .whitespaces)) }
            .filter { !$0.isEmpty }
        var result: [String] = []
        for (index, piece) in pieces.enumerated() {
            var parts = [piece]
            for (connector, plainOK) in connectors {
                var next: [String] = []
                for part in parts {
                    let split = part.components(separatedBy: connector).map { $0.trimmingCharacters(in: .whitespaces) }
                    guard split.count > 1, split.allSatisfy({ !$0.isEmpty }) else { next.append(part); continue }
                    let withArtist = split.filter(hasArtist).count
                    let allArtists = withArtist == split.count
                    let plain = withArtist == 0 || (withArtist == 1 && hasArtist(split[split.count - 1]) && !hasDash(split[split.count - 1]))
                    let lastPiece = index == pieces.count - 1
                    if allArtists || (plainOK && plain && lastPiece) {
                        next.append(contentsOf: split)
                    } else {
                        next.append(part)
                    }
                }
                parts = next
            }
            result.append(contentsOf: parts)
        }
        return result
    }

    static func stripLeadingConjunction(_ piece: String) -> String {
        for prefix in ["and ", "or ", "& ", "plus ", "then ", "also "] where piece.lowercased().hasPrefix(prefix) {
            return String(piece.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
        }
        return piece
    }

    static let preambles = [
        "i would like", "i'd like", "i want", "i need", "give me", "make me", "please use", "please", "use", "using",
        "play", "include", "including", "songs", "tracks", "with",
    ]

    /// Drops a leading request phrase ("I want", "use", …) from the first item of a sentence.
    static func stripPreamble(_ piece: String) -> String {
        var text = piece
        var changed = true
        while changed {
            changed = false
            for phrase in preambles where text.lowercased().hasPrefix(phrase + " ") {
                text = String(text.dropFirst(phrase.count + 1)).trimmingCharacters(in: .whitespaces)
                changed = true
            }
        }
        if let match = text.firstMatch(of: nounTrigger) ?? text.firstMatch(of: openingTrigger) {
            text = String(text[match.range.upperBound...])
        }
        return text
    }

    static let abbreviations: Set<String> = ["mr", "mrs", "ms", "dr", "st", "jr", "sr", "vs", "feat", "ft", "vol", "no", "pt", "mt"]

    /// The text before the first sentence end: `.`, `!` or `?` followed by whitespace and then a capital letter or
    /// nothing, not after an abbreviation ("Mr.") or an initial ("R."). A mark ending the text is kept ("Hey Ya!").
    static func cutSentence(_ text: String) -> String {
        let chars = Array(text)
        for (i, ch) in chars.enumerated() where ch == "." || ch == "!" || ch == "?" {
            let nextIndex = i + 1
            guard nextIndex < chars.count, chars[nextIndex].isWhitespace else { continue }
            var k = nextIndex
            while k < chars.count, chars[k].isWhitespace { k += 1 }
            if k < chars.count, !chars[k].isUppercase { continue }
            if ch == "." {
                var w = i
                while w > 0, chars[w - 1].isLetter { w -= 1 }
                let word = String(chars[w..<i]).lowercased()
                if word.count == 1 || abbreviations.contains(word) { continue }
            }
            return String(chars[..<i])
        }
        return text
    }

    static var instructionStarts: Regex<Substring> { #/(?i)(?:\s+|\s*[,;]\s*)(?:for (?:my|a|an|our|your|me|us|the party|some)\b|that\s|which\s|lasting\b|about \d|around \d|under \d|in under\b|in the style\b|please\b|make it\b|keep it\b|with (?:a|an|some|smooth|long|short|no|crossfades?|transitions?|fades?)\b|in \d|at \d|\d+(?:\.\d+)?\s*-?\s*(?:min|mins|minutes?|secs?|seconds?|hours?)\b)/# }

    /// The text before the first instruction phrase ("for my party", "with smooth transitions", "about 3 minutes").
    static func cutInstructions(_ text: String) -> String {
        guard let match = text.firstMatch(of: instructionStarts) else { return text }
        return String(text[..<match.range.lowerBound])
    }

    /// In "A and B by X" (exactly two items), gives X to A when only B names an artist.
    static func shareTrailingArtist(_ songs: [SongRequest]) -> [SongRequest] {
        guard songs.count == 2, let artist = songs[songs.count - 1].artist,
              songs.dropLast().allSatisfy({ $0.artist == nil }) else { return songs }
        return songs.map { SongRequest(title: $0.title, artist: $0.artist ?? artist, start: $0.start, end: $0.end) }
    }

    // MARK: - Generic words

    static let genericNouns: Set<String> = [
        "songs", "music", "tracks", "hits", "vibes", "beats", "tunes", "genres", "artists", "stuff", "playlist",
        "classics", "bangers", "anthems", "styles", "moods", "sounds", "something", "anything", "these", "those",
        "following", "favorites", "favourites",
    ]
    static let genreWords: Set<String> = [
        "chill", "upbeat", "summer", "winter", "party", "sad", "happy", "rock", "pop", "jazz", "hip", "hop", "hiphop",
        "rap", "edm", "house", "techno", "country", "classical", "lofi", "lo", "fi", "rnb", "r", "b", "soul", "funk",
        "disco", "metal", "punk", "indie", "electronic", "dance", "acoustic", "ambient", "60s", "70s", "80s", "90s",
        "2000s", "2010s", "old", "new", "school", "latin", "reggae", "reggaeton", "kpop", "k", "blues", "folk", "trap",
        "drill", "dubstep", "trance", "romantic", "workout", "energetic", "relaxing", "calm", "slow", "fast", "mellow",
        "dark", "epic", "emotional", "some", "different", "various", "my", "favorite", "favourite", "popular", "top",
        "best", "greatest", "modern", "classic", "retro", "oldies", "christmas", "holiday", "wedding", "gym", "study",
        "sleep", "morning", "night", "evening", "road", "trip", "feel", "good", "a", "the", "of", "and", "few", "bit",
        "more", "less", "vibey", "groovy", "heavy", "soft", "light", "deep", "tropical", "afrobeat", "afrobeats", "bollywood",
        "anime", "video", "game", "movie", "tv", "cinematic", "orchestral", "instrumental", "love", "breakup", "club",
    ]

    /// True for items that name a genre, a mood or a category rather than a song ("chill", "80s hits").
    /// With an artist only an all-generic title counts ("songs by Queen"), so "Your Song - Elton John" stays.
    static func isGeneric(_ song: SongRequest) -> Bool {
        let words = TextNormalizer.words(song.title)
        guard !words.isEmpty else { return true }
        if words.allSatisfy({ genreWords.contains($0) || genericNouns.contains($0) }) { return true }
        return song.artist == nil && words.contains(where: genericNouns.contains)
    }

    static var instructionPattern: Regex<Substring> { #/(?i)^(?:\d+(?:\.\d+)?\s*(?:-\s*)?(?:min|mins|minute|minutes|sec|secs|second|seconds|s|m|hour|hours|h)\b.*|(?:make|keep) (?:it|the|this)\b.*|(?:no|less|more) than\b.*|(?:short|long)(?:er)?(?: one)?)$/# }

    /// True for items that are instructions about the mix ("5 minutes long", "make it short").
    static func isInstruction(_ title: String) -> Bool {
        title.wholeMatch(of: instructionPattern) != nil
    }

    /// Straightens typographic quotes and dashes, unifies line ends.
    static func normalize(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for ch in text {
            switch ch {
            case "\u{201C}", "\u{201D}", "\u{201E}", "\u{00AB}", "\u{00BB}": out.append("\"")
            case "\u{2018}", "\u{2019}": out.append("'")
            case "\u{2013}", "\u{2014}", "\u{2012}", "\u{2212}": out.append("-")
            case "\r\n", "\r": out.append("\n")
            case "\t": out.append(" ")
            default: out.append(ch)
            }
        }
        return out
    }
}

// LRCParser: reads LRC text (time tags, offset and metadata tags, markers) into timed lines; never traps on bad input.
// Knows nothing about where the text came from (LRCLIB, a file, a manifest) or about the track's audio.

import Foundation

/// Parses LRC lyrics.
///
/// Accepted time tags: `[mm:ss]`, `[mm:ss.x]`, `[mm:ss.xx]`, `[mm:ss.xxx]`, `[m:ss]` and `[mm:ss:xx]`
/// (the last field read as a decimal fraction), several per line (`[00:12.00][01:30.50]chorus`).
/// `[offset:±ms]` follows the LRC convention: a positive offset makes lyrics appear *earlier*, so it is
/// subtracted from every time (results are clamped at 0). Other `[key:value]` tags before any time tag are
/// metadata; `[length:mm:ss]` also serves as the duration when none is given.
///
/// Blank lines, symbol-only lines ("♪") and labels ("[Instrumental]", "(Chorus)") produce no line but end
/// the line before them at their time. A line ends where the next timed entry starts, but no later than
/// `LineLength.cap(for:)` after its start (its text at a slow syllable rate, at most 8 s); the last line is
/// capped the same way (and by the duration), never stretched to the track's end. Equal times with equal text are kept
/// once; equal times with different text are joined with " / ". Lines without a time tag, bad tags and
/// times past the duration are skipped and reported in `LRCDocument.issues`.
public struct LRCParser: Sendable {
    /// Largest accepted input in UTF-8 bytes; default 512 KiB. Larger input throws `inputTooLarge`.
    public var maxInputBytes: Int
    /// Input lines read; later lines are ignored with an issue. Default 5000.
    public var maxInputLines: Int
    /// Longest line text kept, in characters; longer text is cut with an issue. Default 300.
    public var maxTextLength: Int
    /// Timed lines kept (the first by time); default 120 (`AI_TIMESTAMPED_LYRICS_MAX_LINES_PER_TRACK`).
    public var maxLines: Int
    /// Confidence given to every parsed line; default 1 (hand-synced).
    public var confidence: Double

    /// Creates a parser; every argument has the default named in its property's doc.
    public init(
        maxInputBytes: Int = 512 * 1024,
        maxInputLines: Int = 5000,
        maxTextLength: Int = 300,
        maxLines: Int = TimedLyrics.defaultMaxLines,
        confidence: Double = 1
    ) {
        self.maxInputBytes = maxInputBytes
        self.maxInputLines = maxInputLines
        self.maxTextLength = maxTextLength
        self.maxLines = maxLines
        self.confidence = confidence
    }

    /// One timed thing in the file: a sung line (`text` non-nil) or a marker that only ends the line before it.
    private struct Entry {
        var time: Double
        var text: String?
        var instrumental: Bool
        var order: Int
    }

    /// Parses `text`; `duration` (seconds) drops lines starting at or after it and bounds every line's end.
    public func parse(_ text: String, duration: Double? = nil, source: TimedLyrics.Source = .syncedLRC) throws -> LRCDocument {
        guard text.utf8.count <= maxInputBytes else {
            throw MashupError(.inputTooLarge, "LRC text is \(text.utf8.count) bytes; the limit is \(maxInputBytes)")
        }
        var metadata: [String: String] = [:]
        var issues: [LRCDocument.Issue] = []
        var offsetMs = 0
        var hasTimeTags = false
        var entries: [Entry] = []

        let rawLines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (index, rawLine) in rawLines.enumerated() {
            let lineNumber = index + 1
            if index >= maxInputLines {
                issues.append(.init(line: lineNumber, message: "input has more than \(maxInputLines) lines; the rest is ignored"))
                break
            }
            var rest = Substring(rawLine.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\u{FEFF}", with: ""))
            var times: [Double] = []
            var badTag = false
            while rest.first == "[", let close = rest.firstIndex(of: "]") {
                let inner = rest[rest.index(after: rest.startIndex)..<close]
                if let time = Self.parseTimeTag(inner) {
                    times.append(time)
                } else if times.isEmpty, let (key, value) = Self.metadataTag(inner) {
                    if key == "offset" {
                        if let ms = Int(value.replacingOccurrences(of: "+", with: "")), (-600_000...600_000).contains(ms) {
                            offsetMs = ms
                        } else {
                            issues.append(.init(line: lineNumber, message: "offset tag '\(value)' is not a whole number of milliseconds; ignored"))
                        }
                    } else {
                        metadata[key] = value
                    }
                } else if Self.looksLikeTimeTag(inner) {
                    badTag = true
                    break
                } else {
                    break
                }
                rest = rest[rest.index(after: close)...]
            }
            if badTag {
                issues.append(.init(line: lineNumber, message: "malformed time tag; line skipped"))
                continue
            }
            if times.isEmpty {
                let kind = LyricLineKind.classify(String(rest))
                if case .lyric = kind {
                    issues.append(.init(line: lineNumber, message: "text without a time tag; line skipped"))
                }
                continue
            }
            hasTimeTags = true
            var entryText: String?
            var instrumental = false
            switch LyricLineKind.classify(String(rest)) {
            case .lyric(let words):
                if words.count > maxTextLength {
                    issues.append(.init(line: lineNumber, message: "line text longer than \(maxTextLength) characters; cut"))
                    entryText = String(words.prefix(maxTextLength))
                } else {
                    entryText = words
                }
            case .blank:
                break
            case .marker(let isInstrumental):
                instrumental = isInstrumental
            }
            for time in times {
                entries.append(Entry(time: time, text: entryText, instrumental: instrumental, order: entries.count))
            }
        }

        let knownDuration = duration.flatMap { $0 > 0 && $0.isFinite ? $0 : nil }
            ?? metadata["length"].flatMap { Self.parseTimeTag(Substring($0.trimmingCharacters(in: .whitespaces))) }
        let shift = Double(offsetMs) / 1000
        for i in entries.indices {
            entries[i].time = max(0, ((entries[i].time - shift) * 1000).rounded() / 1000)
        }
        entries.sort { $0.time != $1.time ? $0.time < $1.time : $0.order < $1.order }
        if let knownDuration {
            let late = entries.filter { $0.time >= knownDuration && $0.text != nil }.count
            if late > 0 {
                issues.append(.init(line: 0, message: "\(late) line(s) start at or after the track's end (\(ClipTime.format(knownDuration))); skipped"))
            }
            entries.removeAll { $0.time >= knownDuration }
        }

        // One entry per time: sung text wins over markers; equal texts kept once, different ones joined.
        var merged: [Entry] = []
        for entry in entries {
            guard let last = merged.last, last.time == entry.time else {
                merged.append(entry)
                continue
            }
            switch (last.text, entry.text) {
            case (nil, .some):
                merged[merged.count - 1] = entry
            case (.some(let a), .some(let b)) where a != b:
                merged[merged.count - 1].text = a + " / " + b
            default:
                merged[merged.count - 1].instrumental = last.instrumental || entry.instrumental
            }
        }

        var lines: [TimedLine] = []
        for (i, entry) in merged.enumerated() {
            guard let text = entry.text else { continue }
            let next = i + 1 < merged.count ? merged[i + 1].time : nil
            let end = LineLength.end(start: entry.time, text: text, next: next, limit: knownDuration)
            lines.append(TimedLine(start: entry.time, end: end, text: text, confidence: confidence))
        }
        if lines.count > maxLines {
            issues.append(.init(line: 0, message: "\(lines.count) timed lines; kept the first \(maxLines)"))
            lines = Array(lines.prefix(maxLines))
        }
        let instrumental = lines.isEmpty && merged.contains { $0.instrumental }
        return LRCDocument(
            lyrics: TimedLyrics(lines: lines, source: source, language: metadata["la"] ?? metadata["lang"], instrumental: instrumental),
            metadata: metadata,
            offsetMilliseconds: offsetMs,
            hasTimeTags: hasTimeTags,
            issues: issues
        )
    }

    /// Timed lyrics from text that may be LRC or plain: LRC when it has time tags, else spread evenly.
    public func lyrics(fromText text: String, duration: Double?, source: TimedLyrics.Source) throws -> TimedLyrics {
        let document = try parse(text, duration: duration, source: source)
        if document.hasTimeTags { return document.lyrics }
        var spread = try PlainLyrics.spread(text, duration: duration ?? 0, maxLines: maxLines, maxInputBytes: maxInputBytes)
        spread.source = source
        return spread
    }

    /// Seconds for `mm:ss`, `m:ss`, `mm:ss.x…`, `mm:ss:xx`; nil for anything else.
    static func parseTimeTag(_ inner: Substring) -> Double? {
        let parts = inner.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return nil }
        var secondsPart = parts[1]
        var fractionPart: Substring = ""
        if parts.count == 3 {
            fractionPart = parts[2]
            guard !fractionPart.isEmpty else { return nil }
        } else if let dot = secondsPart.firstIndex(of: ".") {
            fractionPart = secondsPart[secondsPart.index(after: dot)...]
            secondsPart = secondsPart[..<dot]
            guard !fractionPart.isEmpty else { return nil }
        }
        guard (1...3).contains(parts[0].count), (1...2).contains(secondsPart.count), fractionPart.count <= 3,
              let minutes = digitsValue(parts[0]), let seconds = digitsValue(secondsPart), seconds < 60,
              fractionPart.isEmpty || digitsValue(fractionPart) != nil
        else { return nil }
        let fraction = fractionPart.isEmpty ? 0 : Double("0." + fractionPart) ?? 0
        return Double(minutes * 60 + seconds) + fraction
    }

    /// True for tags that start like a time (`[0…`) but did not parse, so the line is reported, not read as text.
    static func looksLikeTimeTag(_ inner: Substring) -> Bool {
        guard let first = inner.first else { return false }
        return (first.isASCII && first.isNumber) || first == "-"
            ? inner.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ":" || $0 == "." || $0 == "-" || $0 == "+") }
            : false
    }

    /// `(key, value)` for `key:value` with an alphabetic key of 1...16 letters; the key lower-cased.
    static func metadataTag(_ inner: Substring) -> (String, String)? {
        guard let colon = inner.firstIndex(of: ":") else { return nil }
        let key = inner[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        guard (1...16).contains(key.count), key.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "#") }) else { return nil }
        let value = inner[inner.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        return (key, value)
    }

    static func digitsValue(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }
}

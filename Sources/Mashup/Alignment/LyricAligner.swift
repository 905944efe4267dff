// LyricAligner: gives plain lyric lines times by aligning their words to a transcription's timed words.
// Knows nothing about audio or the transcription service; interpolates the lines it cannot match.

/// Aligns plain lyric lines to a transcription (the pipeline's "align lyrics" path).
///
/// Words on both sides are normalised (`TextNormalizer.words`) and aligned globally by dynamic programming
/// (exact match +10, fuzzy match by edit distance +3…+6, mismatch −6, skipped lyric word −4, skipped
/// transcript word −3, free before the first and after the last lyric word). A line with at least one
/// matched word starts at its first paired word and ends at its last paired word; its confidence is the
/// sum of its words' similarities divided by its word count. Other lines share the time between their
/// matched neighbours in proportion to their word counts, with confidence `interpolatedConfidence`.
public struct LyricAligner: Sendable {
    /// Most lyric words accepted; default 6000. More throws `inputTooLarge`.
    public var maxLyricWords: Int
    /// Most transcript words accepted; default 20000. More throws `inputTooLarge`.
    public var maxTranscriptWords: Int
    /// DP cells computed before a diagonal band is used; default 4,000,000.
    public var maxCells: Int
    /// Minimum word similarity (0...1) counted as a fuzzy match; default 0.6.
    public var fuzzyThreshold: Double
    /// Confidence of interpolated lines; default 0.1.
    public var interpolatedConfidence: Double

    /// Creates an aligner; every argument has the default named in its property's doc.
    public init(
        maxLyricWords: Int = 6000,
        maxTranscriptWords: Int = 20000,
        maxCells: Int = 4_000_000,
        fuzzyThreshold: Double = 0.6,
        interpolatedConfidence: Double = 0.1
    ) {
        self.maxLyricWords = maxLyricWords
        self.maxTranscriptWords = maxTranscriptWords
        self.maxCells = maxCells
        self.fuzzyThreshold = fuzzyThreshold
        self.interpolatedConfidence = interpolatedConfidence
    }

    /// Timed lyrics (source `.aligned`) for `lines`, one output line per input line, in order.
    ///
    /// `duration`, when known, bounds extrapolated lines at the end. Lines are usually
    /// `PlainLyrics.lines(from:)` of the plain text.
    public func align(lines: [String], to transcription: [TimedWord], duration: Double? = nil) throws -> TimedLyrics {
        let lineWords = lines.map(TextNormalizer.words)
        let lyricCount = lineWords.reduce(0) { $0 + $1.count }
        guard lyricCount <= maxLyricWords else {
            throw MashupError(.inputTooLarge, "lyrics have \(lyricCount) words; the aligner's limit is \(maxLyricWords)")
        }
        var tokens: [String] = []
        var tokenStart: [Double] = []
        var tokenEnd: [Double] = []
        let sorted = transcription.filter { $0.start.isFinite && $0.end.isFinite }.sorted { $0.start < $1.start }
        for word in sorted {
            let parts = TextNormalizer.words(word.text)
            guard !parts.isEmpty else { continue }
            let step = (word.end - word.start) / Double(parts.count)
            for (k, part) in parts.enumerated() {
                tokens.append(part)
                tokenStart.append(word.start + Double(k) * step)
                tokenEnd.append(word.start + Double(k + 1) * step)
            }
        }
        guard tokens.count <= maxTranscriptWords else {
            throw MashupError(.inputTooLarge, "transcription has \(tokens.count) words; the aligner's limit is \(maxTranscriptWords)")
        }

        let flat = lineWords.flatMap { $0 }
        let pairs = SequenceAligner(fuzzyThreshold: fuzzyThreshold, maxCells: maxCells).align(flat, tokens)

        // Anchor each line on its paired words.
        var anchored: [TimedLine?] = []
        var offset = 0
        for (index, words) in lineWords.enumerated() {
            let slice = pairs[offset..<(offset + words.count)]
            offset += words.count
            let matched = slice.indices.filter { slice[$0].similarity > 0 }
            guard let firstMatch = matched.first, let lastMatch = matched.last,
                  let firstMatchToken = slice[firstMatch].partner, let lastMatchToken = slice[lastMatch].partner
            else {
                anchored.append(nil)
                continue
            }
            var start = tokenStart[firstMatchToken]
            var end = tokenEnd[lastMatchToken]
            // A mis-heard first or last word still marks where the line begins or ends, if it is close by.
            if let k = slice.indices.first(where: { slice[$0].partner != nil }), k < firstMatch,
               let token = slice[k].partner, start - tokenStart[token] <= Double(firstMatch - k) * 1.0 {
                start = tokenStart[token]
            }
            if let k = slice.indices.last(where: { slice[$0].partner != nil }), k > lastMatch,
               let token = slice[k].partner, tokenEnd[token] - end <= Double(k - lastMatch) * 1.0 {
                end = tokenEnd[token]
            }
            let score = (slice.reduce(0.0) { $0 + $1.similarity } / Double(max(1, words.count)) * 1000).rounded() / 1000
            anchored.append(TimedLine(start: start, end: end, text: lines[index], confidence: score))
        }

        let timed = interpolate(anchored, lines: lines, weights: lineWords.map { max(1, $0.count) },
                                span: (tokenStart.first ?? 0, tokenEnd.last ?? duration ?? 0), duration: duration)
        return TimedLyrics(lines: timed, source: .aligned)
    }

    /// Convenience for transcriptions that only have timed segments.
    public func align(lines: [String], toSegments segments: [TimedLine], duration: Double? = nil) throws -> TimedLyrics {
        try align(lines: lines, to: TimedWord.words(fromSegments: segments), duration: duration)
    }

    /// Fills the unmatched (nil) lines between matched neighbours, in proportion to `weights`.
    func interpolate(
        _ anchored: [TimedLine?], lines: [String], weights: [Int], span: (Double, Double), duration: Double?
    ) -> [TimedLine] {
        var result: [TimedLine] = []
        let matchedIndices = anchored.indices.filter { anchored[$0] != nil }
        // Seconds per word from matched lines, used when a run of unmatched lines has only one neighbour.
        let matchedSeconds = matchedIndices.reduce(0.0) { $0 + (anchored[$1]?.duration ?? 0) }
        let matchedWords = matchedIndices.reduce(0) { $0 + weights[$1] }
        let secondsPerWord = matchedWords > 0 && matchedSeconds > 0 ? matchedSeconds / Double(matchedWords) : 0.4
        let upperBound = duration.flatMap { $0 > 0 ? $0 : nil } ?? Double.greatestFiniteMagnitude

        var i = 0
        while i < anchored.count {
            if let line = anchored[i] {
                result.append(line)
                i += 1
                continue
            }
            var j = i
            while j < anchored.count, anchored[j] == nil { j += 1 }
            let run = i..<j
            let runWeight = Double(run.reduce(0) { $0 + weights[$1] })
            let previousEnd = result.last?.end
            let nextStart = j < anchored.count ? anchored[j]?.start : nil
            var from: Double
            var to: Double
            switch (previousEnd, nextStart) {
            case let (p?, n?):
                from = p; to = max(p, n)
            case let (p?, nil):
                from = p; to = min(upperBound, p + runWeight * secondsPerWord)
            case let (nil, n?):
                from = max(0, n - runWeight * secondsPerWord); to = n
            case (nil, nil):
                from = span.0; to = max(span.0, span.1)
            }
            if to < from { to = from }
            var cursor = from
            for k in run {
                let length = (to - from) * Double(weights[k]) / max(1, runWeight)
                result.append(TimedLine(start: cursor, end: cursor + length, text: lines[k], confidence: interpolatedConfidence))
                cursor += length
            }
            i = j
        }
        return result
    }
}

// ClipRequest+Spec: reads the CLI's `URL@START-END` clip form, parsing from the right because URLs hold ':' and '-'.
// Knows nothing about the CLI itself.

extension ClipRequest {
    /// A clip from `URL`, `URL@START` or `URL@START-END` (times as in `ClipTime`); defaults as in the CSV.
    ///
    /// The text after the last `@` is read as times only when it looks like times (digits, `:`, `.`, `-`), so
    /// `https://www.youtube.com/@channel` stays a URL. Throws `invalidClipSpec`, `invalidURL` or `invalidRange`.
    public static func parse(spec: String, limits: ClipLimits = ClipLimits()) throws -> ClipRequest {
        let text = spec.trimmingCharacters(in: .whitespaces)
        var urlPart = Substring(text)
        var start = 0.0
        var end: Double?
        if let at = text.lastIndex(of: "@") {
            let suffix = text[text.index(after: at)...]
            let timeLike = !suffix.isEmpty && suffix.allSatisfy { $0.isASCII && ($0.isNumber || ":.- ".contains($0)) }
            if timeLike {
                urlPart = text[..<at]
                let pieces = suffix.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
                guard let first = pieces.first, let parsedStart = ClipTime.parse(String(first)) else {
                    throw MashupError(.invalidClipSpec, "'\(suffix)' in '\(text.prefix(200))' is not START-END (times as SS, MM:SS or HH:MM:SS)")
                }
                start = parsedStart
                if pieces.count == 2, !pieces[1].trimmingCharacters(in: .whitespaces).isEmpty {
                    guard let parsedEnd = ClipTime.parse(String(pieces[1])) else {
                        throw MashupError(.invalidClipSpec, "'\(pieces[1])' in '\(text.prefix(200))' is not a time (use SS, MM:SS or HH:MM:SS)")
                    }
                    end = parsedEnd
                }
            }
        }
        let url = try checkedURL(String(urlPart), limits: limits, context: "clip '\(text.prefix(200))'")
        let finalEnd = end ?? start + limits.defaultClipSeconds
        if let reason = checkRange(start: start, end: finalEnd, limits: limits) {
            throw MashupError(.invalidRange, "clip '\(text.prefix(200))': \(reason)")
        }
        return ClipRequest(url: url, start: start, end: finalEnd)
    }
}

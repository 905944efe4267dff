// A quick pass over YAML text that bounds its nesting depth before Yams composes it, so deeply
// nested input cannot exhaust the stack. Knows YAML's indicators, not its full grammar.

/// Finds where YAML text first nests deeper than a limit.
enum NestingScanner {
    /// The default deepest nesting allowed; manifests need about 6 levels.
    static let defaultLimit = 64

    /// The 1-based line and column where nesting first passes `limit`, or nil.
    ///
    /// Depth counts open indentation levels, compact `- ` and `? ` indicators, and open flow brackets; brackets
    /// count only where a flow collection can start, and quoted scalars and comments are skipped, so the
    /// estimate never falls below the real depth.
    static func firstTooDeep(_ text: String, limit: Int = defaultLimit) -> (line: Int, column: Int)? {
        let s = Array(text.unicodeScalars)
        var i = 0
        var line = 1
        var lineStart = 0
        var indents: [Int] = []   // open block indentation levels
        var flow = 0              // open flow brackets
        while i < s.count {
            // Start of a line: measure its indentation (blank and comment-only lines do not count).
            var col = 0
            while i < s.count, s[i] == " " || s[i] == "\t" { i += 1; col += 1 }
            if i < s.count, s[i] != "\n", s[i] != "\r", s[i] != "#", flow == 0 {
                while let last = indents.last, last > col { indents.removeLast() }
                if indents.last != col { indents.append(col) }
            }
            var tokenStart = true
            var compact = 0
            while i < s.count, s[i] != "\n" {
                let c = s[i]
                if tokenStart && (c == "\"" || c == "'") {
                    // A quoted scalar, possibly over several lines.
                    let quote = c
                    i += 1
                    while i < s.count {
                        if quote == "\"" && s[i] == "\\" { i += 2; continue }
                        if s[i] == quote {
                            if quote == "'" && i + 1 < s.count && s[i + 1] == "'" { i += 2; continue }
                            break
                        }
                        if s[i] == "\n" { line += 1; lineStart = i + 1 }
                        i += 1
                    }
                    i += 1
                    tokenStart = false
                    continue
                }
                if c == "#" && (i == lineStart || s[i - 1] == " " || s[i - 1] == "\t") {
                    while i < s.count, s[i] != "\n" { i += 1 }
                    break
                }
                if tokenStart && (c == "[" || c == "{") {
                    flow += 1
                } else if c == "]" || c == "}" {
                    flow = max(0, flow - 1)
                } else if tokenStart && (c == "-" || c == "?") && (i + 1 >= s.count || s[i + 1] == " " || s[i + 1] == "\n") {
                    compact += 1
                }
                if indents.count + compact + flow > limit { return (line, i - lineStart + 1) }
                tokenStart = c == " " || c == "\t" || c == "[" || c == "{" || c == "," || c == ":" || c == "-" || c == "?"
                i += 1
            }
            i += 1
            line += 1
            lineStart = i
        }
        return nil
    }
}

// Inputs for the manifest fuzz test: byte, line and token mutations of real manifests, and random
// manifests from a small grammar (foreach, substitutions, references, nesting, huge numbers, odd unicode).
import Foundation

/// A deterministic generator of manifest texts.
struct ManifestMutator {
    /// SplitMix64: small, fast and the same on every platform.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
        mutating func pick<T>(_ a: [T]) -> T { a[below(a.count)] }
        mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    }

    var random: Random
    let corpus: [String]
    let kinds: [String]
    let fields: [String]

    /// Tokens that stress the loader: YAML syntax, substitutions, references, numbers and unicode.
    static let tokens: [String] = [
        "foreach:", "foreach: clips", "${item}", "${item.url}", "${params.x}", "${index}", "${", "$${", "${item.", "}",
        "[", "]", "{", "}", ",", ":", "- ", "? ", "|", ">", "&a", "*a", "!!str", "!!int", "!!binary", "%YAML 1.2", "---", "...",
        "#", "\"", "'", "\t", "\r\n", "\u{FEFF}", "\u{0}", "\u{202E}", "\u{1F3B5}", "e\u{301}", "\u{FFFF}", "\u{10FFFF}",
        "1e308", "-1e308", "1e309", "99999999999999999999999", "-9223372036854775808", "9223372036854775807", "0x7fffffffffffffff",
        ".nan", ".inf", "-.inf", "-0", "0o777", "1:2:3:4", "12:00:00.5", "1_000", "~", "null", "yes", "off",
        "clips[0]", "clips[999999]", "clips[-1]", "song.audio", "a.b.c", "mix", "song", "clips", "x[1][2]", "stage[01]",
    ]

    init(seed: UInt64, corpus: [String], kinds: [String], fields: [String]) {
        random = Random(state: seed)
        self.corpus = corpus
        self.kinds = kinds
        self.fields = fields
    }

    /// The next input: a mutated corpus entry, a grammar manifest, or a mutated grammar manifest.
    mutating func next() -> String {
        switch random.below(10) {
        case 0...4: return mutate(random.pick(corpus), rounds: 1 + random.below(4))
        case 5...7: return generate()
        default: return mutate(generate(), rounds: 1 + random.below(3))
        }
    }

    mutating func mutate(_ text: String, rounds: Int) -> String {
        var t = text
        for _ in 0..<rounds {
            switch random.below(8) {
            case 0: t = mutateBytes(t)
            case 1, 2: t = mutateLines(t)
            case 3, 4, 5: t = mutateTokens(t)
            case 6: t = splice(t, random.pick(corpus))
            default: t = mutateIndent(t)
            }
        }
        return t
    }

    private mutating func mutateBytes(_ text: String) -> String {
        var b = Array(text.utf8)
        guard !b.isEmpty else { return text }
        for _ in 0..<(1 + random.below(4)) {
            let i = random.below(b.count)
            switch random.below(4) {
            case 0: b[i] ^= UInt8(1 << random.below(8))
            case 1: b.insert(UInt8(random.below(256)), at: i)
            case 2: b.removeSubrange(i..<min(b.count, i + 1 + random.below(8)))
            default: b[i] = random.pick(Array("[]{}:-,#&*!|>'\"\n ".utf8))
            }
            if b.isEmpty { break }
        }
        return String(decoding: b, as: UTF8.self)
    }

    private mutating func mutateLines(_ text: String) -> String {
        var lines = text.components(separatedBy: "\n")
        guard !lines.isEmpty else { return text }
        let i = random.below(lines.count)
        switch random.below(5) {
        case 0: lines.insert(lines[i], at: random.below(lines.count + 1))
        case 1: lines.remove(at: i)
        case 2: lines.swapAt(i, random.below(lines.count))
        case 3:
            // Repeat a stage-looking block many times (more declarations, duplicate ids).
            let n = 1 + random.below(60)
            lines.insert(contentsOf: Array(repeating: lines[i], count: n), at: i)
        default: lines[i] = random.pick(corpus).components(separatedBy: "\n").randomLine(&random)
        }
        return lines.joined(separator: "\n")
    }

    private mutating func mutateTokens(_ text: String) -> String {
        var words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard !words.isEmpty else { return text }
        for _ in 0..<(1 + random.below(3)) {
            let i = random.below(words.count)
            switch random.below(3) {
            case 0: words[i] = random.pick(Self.tokens)
            case 1: words[i] += random.pick(Self.tokens)
            default: words.insert(random.pick(Self.tokens), at: i)
            }
        }
        return words.joined(separator: " ")
    }

    private mutating func mutateIndent(_ text: String) -> String {
        var lines = text.components(separatedBy: "\n")
        let i = random.below(lines.count)
        lines[i] = random.chance(50) ? String(repeating: " ", count: 1 + random.below(6)) + lines[i] : String(lines[i].drop { $0 == " " })
        return lines.joined(separator: "\n")
    }

    private mutating func splice(_ a: String, _ b: String) -> String {
        let la = a.components(separatedBy: "\n"), lb = b.components(separatedBy: "\n")
        let cut = random.below(la.count + 1), from = random.below(lb.count + 1)
        return (Array(la[..<cut]) + Array(lb[from...])).joined(separator: "\n")
    }

    // MARK: Grammar

    private mutating func scalar(depth: Int) -> String {
        switch random.below(14) {
        case 0: return String(random.below(100))
        case 1: return random.pick(["1e308", "-1", "0.5", "99999999999999999999", "-9223372036854775808", ".nan", "1:30", "00:01:02.5", "192k"])
        case 2: return "${item}"
        case 3: return "${item.\(random.pick(["url", "start", "end", "x", "a.b"]))}"
        case 4: return "${params.\(random.pick(["x", "y", "crossfade", "nope"]))}"
        case 5: return "${index}"
        case 6: return "\"\(random.pick(["a", "\u{1F3B5}\u{202E}x", "e\u{301}", "${item}", "$${x}", "\\u0000", "line\\nbreak"]))\""
        case 7: return random.pick(["s0", "s1[0]", "s2.audio", "clips", "clips[3]", "s0[1].audio", "nope"])
        case 8 where depth < 6: return "[" + (0..<random.below(4)).map { _ in scalar(depth: depth + 1) }.joined(separator: ", ") + "]"
        case 9 where depth < 6: return "{" + (0..<random.below(3)).map { _ in "\(random.pick(["url", "start", "end", "k"])): \(scalar(depth: depth + 1))" }.joined(separator: ", ") + "}"
        case 10: return random.pick(["true", "no", "~", "''", "|\n      text"])
        default: return random.pick(["a.wav", "https://example.com/a.mp3", "mp3", "flac", "linear", "-16", "2"])
        }
    }

    /// A random manifest: params, then stages with random kinds, fields, foreach lists or links, and references.
    mutating func generate() -> String {
        var y = random.chance(90) ? "version: 1\n" : "version: \(scalar(depth: 0))\n"
        y += "name: \(random.chance(90) ? "fuzz" : scalar(depth: 0))\n"
        if random.chance(50) {
            y += "params:\n"
            for p in ["x", "y", "crossfade"] where random.chance(60) { y += "  \(p): \(scalar(depth: 3))\n" }
        }
        y += "stages:\n"
        let count = 1 + random.below(random.chance(5) ? 300 : 8)
        for i in 0..<count {
            y += "  - id: \(random.chance(95) ? "s\(i)" : scalar(depth: 0))\n"
            y += "    kind: \(random.chance(95) ? random.pick(kinds) : scalar(depth: 0))\n"
            if random.chance(30) {
                if i > 0 && random.chance(40) {
                    y += "    foreach: s\(random.below(i + 1))\n"
                } else {
                    let n = random.chance(5) ? 1 + random.below(1200) : random.below(5)
                    y += "    foreach: [" + (0..<n).map { _ in scalar(depth: 4) }.joined(separator: ", ") + "]\n"
                }
            }
            for _ in 0..<random.below(5) {
                let f = random.chance(90) ? random.pick(fields) : random.pick(["bogus", "foreach", "id", "inputs"])
                y += "    \(f): \(scalar(depth: 0))\n"
            }
        }
        return y
    }
}

private extension Array where Element == String {
    func randomLine(_ r: inout ManifestMutator.Random) -> String { isEmpty ? "" : self[r.below(count)] }
}

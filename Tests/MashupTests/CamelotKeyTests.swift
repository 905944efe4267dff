// CamelotKeyTests: Camelot codes parsed, wheel distances and relations, tonics and transpositions, against hand tables.
// Knows nothing about audio or key estimation: every expected value is written out from the published Camelot wheel.
import Testing
@testable import Mashup

@Suite("Camelot keys")
struct CamelotKeyTests {
    /// The Camelot wheel as DJs print it: code, key name, tonic pitch class (C = 0). Written by hand.
    static let wheel: [(code: String, name: String, tonic: Int)] = [
        ("1B", "B major", 11), ("1A", "Ab minor", 8),
        ("2B", "F# major", 6), ("2A", "Eb minor", 3),
        ("3B", "Db major", 1), ("3A", "Bb minor", 10),
        ("4B", "Ab major", 8), ("4A", "F minor", 5),
        ("5B", "Eb major", 3), ("5A", "C minor", 0),
        ("6B", "Bb major", 10), ("6A", "G minor", 7),
        ("7B", "F major", 5), ("7A", "D minor", 2),
        ("8B", "C major", 0), ("8A", "A minor", 9),
        ("9B", "G major", 7), ("9A", "E minor", 4),
        ("10B", "D major", 2), ("10A", "B minor", 11),
        ("11B", "A major", 9), ("11A", "F# minor", 6),
        ("12B", "E major", 4), ("12A", "Db minor", 1),
    ]

    /// Major and minor codes by tonic pitch class, from the table above read the other way.
    static let majorByTonic: [Int: String] = [0: "8B", 1: "3B", 2: "10B", 3: "5B", 4: "12B", 5: "7B",
                                              6: "2B", 7: "9B", 8: "4B", 9: "11B", 10: "6B", 11: "1B"]
    static let minorByTonic: [Int: String] = [0: "5A", 1: "12A", 2: "7A", 3: "2A", 4: "9A", 5: "4A",
                                              6: "11A", 7: "6A", 8: "1A", 9: "8A", 10: "3A", 11: "10A"]

    func key(_ code: String) throws -> CamelotKey { try #require(CamelotKey(code)) }

    @Test("codes 1A…12B parse to their number and ring and print back unchanged")
    func parsesEveryCode() throws {
        for entry in Self.wheel {
            let k = try key(entry.code)
            #expect(k.description == entry.code)
            #expect(k.minor == entry.code.hasSuffix("A"), "\(entry.code)")
            #expect(k.number == Int(entry.code.dropLast()), "\(entry.code)")
        }
    }

    @Test("lower case and surrounding spaces are accepted")
    func parsesLoosely() throws {
        #expect(try key(" 12b ").description == "12B")
        #expect(try key("8a").description == "8A")
    }

    @Test("anything else is refused", arguments: ["", "A", "8", "0A", "13B", "8C", "-1A", "8 A", "C major", "8AB", "1.5A"])
    func refuses(_ code: String) {
        #expect(CamelotKey(code) == nil, "\(code)")
    }

    @Test("distance: 0 for the same key, 1 for the relative key or a fifth, and more around the wheel")
    func distances() throws {
        let cases: [(String, String, Int)] = [
            ("8A", "8A", 0), ("8B", "8B", 0),
            ("8A", "8B", 1),                     // relative: A minor / C major
            ("8B", "9B", 1), ("8B", "7B", 1),    // a fifth up, a fifth down
            ("12B", "1B", 1), ("1A", "12A", 1),  // across the top of the wheel
            ("8A", "9B", 2),                     // a fifth and a ring change
            ("8B", "10B", 2),
            ("8A", "3B", 6),                     // five steps (8 → 3) plus the ring
            ("8B", "2B", 6), ("1A", "7A", 6),    // opposite sides of the wheel
            ("11A", "2A", 3),                    // 11 → 12 → 1 → 2
        ]
        for (a, b, d) in cases {
            #expect(try key(a).distance(to: key(b)) == d, "\(a) → \(b)")
            #expect(try key(b).distance(to: key(a)) == d, "\(b) → \(a) (symmetric)")
        }
    }

    @Test("relation: same, relative, fifth (same ring, one step) and clash for everything else")
    func relations() throws {
        let cases: [(String, String, KeyRelation)] = [
            ("8A", "8A", .same), ("8B", "8A", .relative), ("8A", "8B", .relative),
            ("8B", "9B", .fifth), ("9B", "8B", .fifth), ("12A", "1A", .fifth), ("1B", "12B", .fifth),
            ("8A", "9B", .clash),   // diagonal: a fifth and a ring change
            ("8B", "10B", .clash), ("8A", "3B", .clash), ("5A", "11A", .clash),
        ]
        for (a, b, r) in cases {
            #expect(try key(a).relation(to: key(b)) == r, "\(a) → \(b)")
        }
        #expect(KeyRelation.same.isCompatible && KeyRelation.relative.isCompatible && KeyRelation.fifth.isCompatible)
        #expect(!KeyRelation.clash.isCompatible && !KeyRelation.unknown.isCompatible)
    }

    @Test("well-known keys have their Camelot codes' tonics (8B → C, 8A → A, 12B → E …)")
    func wellKnownTonics() throws {
        let known: [(name: String, code: String, tonic: Int)] = [
            ("C major", "8B", 0), ("A minor", "8A", 9), ("G major", "9B", 7), ("E minor", "9A", 4),
            ("F major", "7B", 5), ("D minor", "7A", 2), ("B major", "1B", 11), ("Ab minor", "1A", 8),
            ("F# major", "2B", 6), ("Eb minor", "2A", 3), ("E major", "12B", 4),
        ]
        for k in known {
            #expect(try key(k.code).tonic == k.tonic, "\(k.name) (\(k.code))")
        }
    }

    @Test("every code's tonic matches the printed wheel")
    func everyTonic() throws {
        for entry in Self.wheel {
            #expect(try key(entry.code).tonic == entry.tonic, "\(entry.code) \(entry.name)")
        }
    }

    @Test("hand-picked transpositions: C major up 2 is D major, down 1 is B major; A minor up 1 is Bb minor")
    func transposedExamples() throws {
        let cases: [(String, Int, String)] = [
            ("8B", 2, "10B"), ("8B", 1, "3B"), ("8B", -1, "1B"), ("8B", -2, "6B"), ("8B", 12, "8B"), ("8B", 0, "8B"),
            ("8A", 1, "3A"), ("8A", -2, "6A"), ("8A", 3, "5A"),   // A minor → Bb minor, G minor, C minor
            ("1B", 1, "8B"),                                       // B major → C major
            ("12A", -1, "5A"),                                     // Db minor → C minor
        ]
        for (from, s, to) in cases {
            #expect(try key(from).transposed(by: s).description == to, "\(from) \(s > 0 ? "+" : "")\(s) semitones")
        }
    }

    @Test("every transposition of every key by −11…+11 semitones lands on the code of tonic + s in the same mode")
    func transposedTable() throws {
        for entry in Self.wheel {
            let k = try key(entry.code)
            for s in -11...11 {
                let pc = ((entry.tonic + s) % 12 + 12) % 12
                let expected = k.minor ? Self.minorByTonic[pc]! : Self.majorByTonic[pc]!
                #expect(k.transposed(by: s).description == expected, "\(entry.code) (\(entry.name)) by \(s)")
            }
        }
    }
}

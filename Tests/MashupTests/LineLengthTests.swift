// LineLengthTests: syllable estimates and the cap on a sung line's length.
// Pure text in, seconds out; no LRC parsing here (see LRCParserTests).

import Testing
@testable import Mashup

@Suite("LineLength")
struct LineLengthTests {
    @Test("syllables are vowel groups, a silent final e not counted", arguments: [
        ("hold me", 2), ("we will rock you", 4), ("love", 1), ("little", 2), ("beautiful day", 4),
        ("", 0), ("♪ ♪", 0), ("99", 2), ("こんにちは", 5), ("déjà vu", 3),
    ])
    func syllables(_ pair: (String, Int)) {
        #expect(LineLength.syllables(in: pair.0) == pair.1)
    }

    @Test("a line may last 1 s plus 0.5 s per syllable, at most 8 s")
    func cap() {
        #expect(LineLength.cap(for: "hold me") == 2)
        #expect(LineLength.cap(for: String(repeating: "la ", count: 100)) == LineLength.maxSeconds)
        #expect(LineLength.maxSeconds == 8)
    }

    @Test("a line ends at the next start, its cap or the limit, whichever comes first, never before it starts")
    func end() {
        #expect(LineLength.end(start: 10, text: "hold me", next: 30) == 12)
        #expect(LineLength.end(start: 10, text: "hold me", next: 11) == 11)
        #expect(LineLength.end(start: 10, text: "hold me", next: nil) == 12)
        #expect(LineLength.end(start: 10, text: "hold me", next: nil, limit: 10.5) == 10.5)
        #expect(LineLength.end(start: 10, text: "hold me", next: 9) == 10)
    }
}

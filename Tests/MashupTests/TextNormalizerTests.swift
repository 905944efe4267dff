// TextNormalizerTests: tokenisation, contractions, diacritics and word similarity.
// Knows nothing about alignment.

import Testing
@testable import Mashup

@Suite("TextNormalizer")
struct TextNormalizerTests {
    @Test("lower-cases, strips punctuation and diacritics")
    func basics() {
        #expect(TextNormalizer.words("Beyoncé — Halo!!! (Live, 2009)") == ["beyonce", "halo", "live", "2009"])
        #expect(TextNormalizer.words("  ") == [])
        #expect(TextNormalizer.words("sing-along") == ["sing", "along"])
    }

    @Test("expands simple contractions and slang the same way on both sides")
    func contractions() {
        #expect(TextNormalizer.words("Don't you know I'm gonna") == ["do", "not", "you", "know", "i", "am", "going", "to"])
        #expect(TextNormalizer.words("won’t can't it's we're I've you'll she'd") ==
            ["will", "not", "can", "not", "it", "is", "we", "are", "i", "have", "you", "will", "she", "would"])
        #expect(TextNormalizer.words("runnin' 'cause John's") == ["running", "because", "johns"])
    }

    @Test("similarity is 1 for equal words and falls with edit distance")
    func similarity() {
        #expect(TextNormalizer.similarity("love", "love") == 1)
        #expect(TextNormalizer.similarity("love", "loves") == 0.8)
        #expect(TextNormalizer.similarity("worry", "hurry") == 0.6)
        #expect(TextNormalizer.similarity("abc", "xyz") == 0)
        #expect(TextNormalizer.similarity("", "a") == 0)
    }
}

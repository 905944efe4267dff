// LyricAlignerTests: aligning plain lyric lines to a transcription with deliberate word errors.
// Knows nothing about transcription services; the transcript is built here from known word times.

import Foundation
import Testing
@testable import Mashup

@Suite("LyricAligner")
struct LyricAlignerTests {
    static let lines = [
        "The morning light is breaking through the window",
        "I can hear the city waking up below",
        "Don't you worry about the things we left behind",
        "We're running on the edge of something new",
        "Hold on, hold on to the feeling",
        "Hold on, hold on, we are almost there",
        "Every shadow fades when you are near",
        "Singin' songs about the summer nights",
        "And the river carries all our fears away",
        "Hold on, hold on to the feeling",
    ]

    /// True word times: words of 0.4 s from 10 s, 1 s between lines, 8 s of music before line 6.
    static func truth() -> (words: [[TimedWord]], spans: [(Double, Double)]) {
        var t = 10.0
        var words: [[TimedWord]] = []
        var spans: [(Double, Double)] = []
        for (index, line) in lines.enumerated() {
            if index == 6 { t += 8 }
            let raw = line.split(separator: " ").map { $0.trimmingCharacters(in: .punctuationCharacters) }
            var lineWords: [TimedWord] = []
            for word in raw {
                lineWords.append(TimedWord(start: t, end: t + 0.4, text: word))
                t += 0.4
            }
            spans.append((lineWords[0].start, lineWords[lineWords.count - 1].end))
            words.append(lineWords)
            t += 1
        }
        return (words, spans)
    }

    /// The transcript a speech recogniser might give: substitutions, drops, insertions, an intro and a lost line.
    static func noisyTranscript() -> [TimedWord] {
        let (truthWords, _) = truth()
        var out: [TimedWord] = [
            TimedWord(start: 2, end: 2.4, text: "oh"), TimedWord(start: 2.5, end: 2.9, text: "oh"),
            TimedWord(start: 3, end: 3.4, text: "yeah"),
        ]
        for (index, lineWords) in truthWords.enumerated() {
            var words = lineWords
            switch index {
            case 0:
                words[1].text = "mourning"          // substitution (fuzzy)
                words[7].text = "windows"           // substitution (fuzzy)
            case 1:
                words.remove(at: 4)                 // drop "city"
            case 2:
                let w = words[0]                    // "Don't" heard as two words
                words.replaceSubrange(0...0, with: [
                    TimedWord(start: w.start, end: w.start + 0.2, text: "do"),
                    TimedWord(start: w.start + 0.2, end: w.end, text: "not"),
                ])
                words[3].text = "hurry"             // substitution
            case 3:
                words[0].text = "were"              // "We're" misheard
                if let last = words.last { words.append(TimedWord(start: last.end, end: last.end + 0.3, text: "yeah")) }
            case 4:
                words[0].text = "old"               // first word misheard
            case 5:
                if let last = words.last {
                    words.append(TimedWord(start: last.end + 0.2, end: last.end + 0.6, text: "come"))
                    words.append(TimedWord(start: last.end + 0.6, end: last.end + 0.9, text: "on"))
                }
            case 6:
                words = words.map { TimedWord(start: $0.start, end: $0.end, text: "la") }  // lost entirely
            case 8:
                words[3].text = "carry"
                words.removeLast()                  // drop "away"
            default:
                break
            }
            out += words
        }
        return out
    }

    @Test("lines get the times of their words despite substitutions, drops and insertions")
    func noisy() throws {
        let (_, spans) = Self.truth()
        let lyrics = try LyricAligner().align(lines: Self.lines, to: Self.noisyTranscript(), duration: 90)
        #expect(lyrics.source == .aligned)
        #expect(lyrics.lines.count == Self.lines.count)
        #expect(lyrics.lines.map(\.text) == Self.lines)
        for (index, line) in lyrics.lines.enumerated() where index != 6 {
            #expect(abs(line.start - spans[index].0) <= 0.5, "line \(index) start \(line.start) vs \(spans[index].0)")
            #expect(abs(line.end - spans[index].1) <= 0.5, "line \(index) end \(line.end) vs \(spans[index].1)")
            #expect(line.confidence > 0.5, "line \(index) confidence \(line.confidence)")
        }
        #expect(lyrics.lines[5].confidence == 1)
        #expect(lyrics.lines[1].confidence < 1)
        // The lost line is interpolated between its neighbours, with low confidence.
        let lost = lyrics.lines[6]
        #expect(lost.confidence == 0.1)
        #expect(lost.start >= lyrics.lines[5].end - 1e-9 && lost.end <= lyrics.lines[7].start + 1e-9)
        #expect(lost.end > lost.start)
    }

    @Test("a narrow band gives the same answer as the full table")
    func banded() throws {
        let full = try LyricAligner().align(lines: Self.lines, to: Self.noisyTranscript())
        let banded = try LyricAligner(maxCells: 1000).align(lines: Self.lines, to: Self.noisyTranscript())
        #expect(full == banded)
    }

    @Test("segment-level transcriptions align within a second")
    func segments() throws {
        let (truthWords, spans) = Self.truth()
        let segments = truthWords.map { words in
            TimedLine(start: words[0].start, end: words[words.count - 1].end, text: words.map(\.text).joined(separator: " "))
        }
        let lyrics = try LyricAligner().align(lines: Self.lines, toSegments: segments)
        for (index, line) in lyrics.lines.enumerated() {
            #expect(abs(line.start - spans[index].0) <= 1.0)
            #expect(abs(line.end - spans[index].1) <= 1.0)
        }
    }

    @Test("unmatched leading and trailing lines extend from their neighbours at the matched pace")
    func edges() throws {
        let words = ["alpha", "beta", "gamma", "delta"].enumerated().map {
            TimedWord(start: 20 + Double($0.offset) * 0.5, end: 20.5 + Double($0.offset) * 0.5, text: $0.element)
        }
        let lyrics = try LyricAligner().align(lines: ["zzz qqq", "alpha beta gamma delta", "xxx yyy"], to: words, duration: 100)
        let lines = lyrics.lines
        #expect(lines[1].start == 20 && lines[1].end == 22)
        // 0.5 s per word from the matched line: two words before and after it.
        #expect(abs(lines[0].start - 19) < 1e-9 && abs(lines[0].end - 20) < 1e-9)
        #expect(abs(lines[2].start - 22) < 1e-9 && abs(lines[2].end - 23) < 1e-9)
        #expect(lines[0].confidence == 0.1 && lines[2].confidence == 0.1)
    }

    @Test("with nothing matched, lines are spread over the transcript's span")
    func nothingMatched() throws {
        let words = [TimedWord(start: 10, end: 11, text: "foo"), TimedWord(start: 29, end: 30, text: "bar")]
        let lyrics = try LyricAligner().align(lines: ["one two", "three four"], to: words)
        #expect(lyrics.lines.map(\.start) == [10, 20])
        #expect(lyrics.lines.map(\.end) == [20, 30])
    }

    @Test("120 lines against 1,000+ words is fast and exact on a clean transcript")
    func size() throws {
        var rng = SeededGenerator(state: 7)
        let vocabulary = (0..<300).map { "w\($0)x" }
        var lines: [String] = []
        var words: [TimedWord] = []
        var t = 0.0
        for _ in 0..<120 {
            let count = Int.random(in: 6...11, using: &rng)
            let lineWords = (0..<count).map { _ in vocabulary[Int.random(in: 0..<vocabulary.count, using: &rng)] }
            lines.append(lineWords.joined(separator: " "))
            for word in lineWords {
                words.append(TimedWord(start: t, end: t + 0.3, text: word))
                t += 0.3
            }
            t += 0.7
        }
        #expect(words.count > 1000)
        let clock = ContinuousClock()
        var lyrics: TimedLyrics?
        let elapsed = clock.measure { lyrics = try? LyricAligner().align(lines: lines, to: words) }
        #expect(elapsed < .seconds(10))
        let aligned = try #require(lyrics)
        #expect(aligned.lines.allSatisfy { $0.confidence == 1 })
        #expect(aligned.lines.count == 120)
    }

    @Test("oversized inputs throw INPUT_TOO_LARGE")
    func limits() {
        let error = #expect(throws: MashupError.self) {
            try LyricAligner(maxTranscriptWords: 2).align(lines: ["a"], to: (0..<3).map { TimedWord(start: Double($0), end: Double($0) + 1, text: "a") })
        }
        #expect(error?.code == .inputTooLarge)
    }
}

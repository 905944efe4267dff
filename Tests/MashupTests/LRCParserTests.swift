// LRCParserTests: time tag forms, offset, metadata, markers, line ends, duplicates, garbage and limits.
// Knows nothing about LRCLIB; every input is inline text.

import Foundation
import Testing
@testable import Mashup

@Suite("LRCParser")
struct LRCParserTests {
    let parser = LRCParser()

    @Test("several time tags on one line give one line per tag, sorted")
    func multipleTags() throws {
        let doc = try parser.parse("[00:12.00][01:30.50]chorus line\n[00:20.00]verse line", duration: 120)
        let lines = doc.lyrics.lines
        #expect(lines.map(\.start) == [12, 20, 90.5])
        #expect(lines.map(\.text) == ["chorus line", "verse line", "chorus line"])
        let chorus = LineLength.cap(for: "chorus line"), verse = LineLength.cap(for: "verse line")
        #expect(lines[0].end == 12 + chorus && lines[1].end == 20 + verse && lines[2].end == 90.5 + chorus)
        #expect(doc.hasTimeTags && doc.issues.isEmpty)
    }

    @Test("time tag forms: mm:ss, mm:ss.x, .xx, .xxx, m:ss and mm:ss:xx")
    func tagForms() throws {
        let text = "[00:05]a\n[00:06.5]b\n[00:07.25]c\n[00:08.125]d\n[1:09]e\n[01:10:50]f\n[100:00.00]g"
        let starts = try parser.parse(text).lyrics.lines.map(\.start)
        #expect(starts == [5, 6.5, 7.25, 8.125, 69, 70.5, 6000])
    }

    @Test("a positive offset shows lyrics earlier, a negative one later, clamped at zero")
    func offset() throws {
        let earlier = try parser.parse("[offset:+500]\n[00:10.00]a\n[00:00.20]b")
        #expect(earlier.offsetMilliseconds == 500)
        #expect(earlier.lyrics.lines.map(\.start) == [0, 9.5])
        let later = try parser.parse("[offset:-1500]\n[00:10.00]a")
        #expect(later.lyrics.lines.map(\.start) == [11.5])
        let bad = try parser.parse("[offset:soon]\n[00:10.00]a")
        #expect(bad.offsetMilliseconds == 0 && bad.issues.count == 1)
    }

    @Test("metadata tags are kept and [length:] serves as the duration")
    func metadata() throws {
        let text = "[ar:Some Artist]\n[ti:Some Title]\n[al:Album]\n[au:Writer]\n[length: 03:20]\n[by:someone]\n[re:tool]\n[ve:1.0]\n[00:10.00]only line"
        let doc = try parser.parse(text)
        #expect(doc.metadata["ar"] == "Some Artist")
        #expect(doc.metadata["ti"] == "Some Title")
        #expect(doc.metadata["length"] == "03:20")
        #expect(Set(doc.metadata.keys) == ["ar", "ti", "al", "au", "length", "by", "re", "ve"])
        #expect(doc.lyrics.lines.count == 1)
        #expect(doc.lyrics.lines[0].end == 10 + LineLength.cap(for: "only line"))
        #expect(try parser.parse("[length: 00:11]\n[00:10.00]only line").lyrics.lines[0].end == 11)
    }

    @Test("blank lines, symbol lines and instrumental labels end the previous line and make no line")
    func markers() throws {
        let long = "and on and on we sing the very longest line tonight"
        let text = "[00:10.00]first \(long)\n[00:14.00]\n[00:20.00]second \(long)\n[00:25.00]♪ ♪\n[00:30.00]third \(long)\n[00:33.00](Instrumental)\n[00:40.00][Chorus]\n[00:41.00]fourth \(long)"
        let lines = try parser.parse(text, duration: 60).lyrics.lines
        #expect(lines.map(\.text) == ["first", "second", "third", "fourth"].map { "\($0) \(long)" })
        #expect(lines.map(\.end) == [14, 25, 33, 49])   // the last is capped at 8 s, not stretched to 60
    }

    @Test("music symbols around sung text are removed, the text kept")
    func symbolsAroundText() throws {
        let lines = try parser.parse("[00:01.00]♪ la la land ♪").lyrics.lines
        #expect(lines.map(\.text) == ["la la land"])
    }

    @Test("parenthesised backing vocals are lyrics, not markers")
    func backingVocals() throws {
        let lines = try parser.parse("[00:01.00](Ooh, baby)\n[00:03.00](Guitar solo)").lyrics.lines
        #expect(lines.map(\.text) == ["(Ooh, baby)"])
        #expect(lines[0].end == 3)
    }

    @Test("the last line is capped by its text like any other, never stretched to the track's end")
    func lastLine() throws {
        // Regression: the last line used to end at the duration, so "ending on a line" ran into the outro.
        let short = try parser.parse("[00:10.00]hold me", duration: 42).lyrics.lines[0]
        #expect(short.end == 10 + LineLength.cap(for: "hold me") && short.end < 14)
        #expect(try parser.parse("[00:10.00]hold me").lyrics.lines[0].end == short.end)
        let long = try parser.parse("[00:10.00]" + String(repeating: "la ", count: 40), duration: 100).lyrics.lines[0]
        #expect(long.end == 18)
        #expect(try parser.parse("[00:10.00]" + String(repeating: "la ", count: 40), duration: 12).lyrics.lines[0].end == 12)
    }

    @Test("a line ends at the next line's start, or earlier when its text is short")
    func lineEnds() throws {
        let lines = try parser.parse("[00:10.00]oh\n[00:20.00]we will we will rock you\n[00:22.00]end", duration: 200).lyrics.lines
        #expect(lines[0].end == 10 + LineLength.cap(for: "oh") && lines[0].end < 12)
        #expect(lines[1].end == 22)
        #expect(lines[2].end < 24)
    }

    @Test("duplicates at one time are kept once; different texts at one time are joined")
    func duplicates() throws {
        let lines = try parser.parse("[00:10.00]same\n[00:10.00]same\n[00:20.00]one\n[00:20.00]two\n[00:30.00]end").lyrics.lines
        #expect(lines.map(\.text) == ["same", "one / two", "end"])
    }

    @Test("lines out of order are sorted")
    func sorting() throws {
        let lines = try parser.parse("[00:30.00]c\n[00:10.00]a\n[00:20.00]b").lyrics.lines
        #expect(lines.map(\.text) == ["a", "b", "c"])
        #expect(lines.map(\.end) == [10, 20, 30].map { $0 + LineLength.cap(for: "a") })
    }

    @Test("garbage lines are reported and skipped")
    func garbage() throws {
        let text = "hello without a tag\n[xx:yy]bad tag text\n[00:99.00]bad seconds\n[00:10.00]good\n[-00:01.00]negative"
        let doc = try parser.parse(text)
        #expect(doc.lyrics.lines.map(\.text) == ["good"])
        #expect(doc.issues.map(\.line) == [1, 2, 3, 5])
    }

    @Test("lines at or after the duration are dropped with an issue")
    func pastDuration() throws {
        let doc = try parser.parse("[00:10.00]a\n[03:00.00]b", duration: 100)
        #expect(doc.lyrics.lines.map(\.text) == ["a"])
        #expect(doc.issues.count == 1)
    }

    @Test("enhanced-LRC word tags are removed from the text")
    func wordTags() throws {
        let lines = try parser.parse("[00:01.00]<00:01.00>Hello <00:01.50>world <3").lyrics.lines
        #expect(lines.map(\.text) == ["Hello world <3"])
    }

    @Test("an instrumental-only file is flagged instrumental")
    func instrumentalOnly() throws {
        let lyrics = try parser.parse("[ti:Song]\n[00:00.00]♪\n[00:30.00][Instrumental]").lyrics
        #expect(lyrics.lines.isEmpty && lyrics.instrumental)
    }

    @Test("lines are capped at maxLines with an issue")
    func cap() throws {
        let text = (0..<200).map { String(format: "[%02ld:%02ld.00]line %ld", $0 / 60, $0 % 60, $0) }.joined(separator: "\n")
        let doc = try parser.parse(text)
        #expect(doc.lyrics.lines.count == 120)
        #expect(doc.lyrics.lines.last?.text == "line 119")
        #expect(doc.issues.contains { $0.message.contains("kept the first 120") })
    }

    @Test("input over the byte limit throws INPUT_TOO_LARGE")
    func tooLarge() {
        let error = #expect(throws: MashupError.self) { try LRCParser(maxInputBytes: 10).parse("[00:01.00]more than ten bytes") }
        #expect(error?.code == .inputTooLarge)
    }

    @Test("CRLF line ends and a BOM are accepted")
    func crlf() throws {
        let lines = try parser.parse("\u{FEFF}[00:01.00]a\r\n[00:02.00]b\r\n").lyrics.lines
        #expect(lines.map(\.text) == ["a", "b"])
    }

    @Test("plain text has no time tags and is spread evenly with low confidence")
    func plainFallback() throws {
        let text = "first line\nsecond line\n\n[Chorus]\nthird line\nfourth line"
        #expect(try parser.parse(text).hasTimeTags == false)
        let lyrics = try parser.lyrics(fromText: text, duration: 100, source: .inline)
        #expect(lyrics.source == .inline)
        #expect(lyrics.lines.map(\.text) == ["first line", "second line", "third line", "fourth line"])
        #expect(lyrics.lines.map(\.start) == [0, 25, 50, 75])
        #expect(lyrics.lines.allSatisfy { $0.confidence == PlainLyrics.spreadConfidence })
        let synced = try parser.lyrics(fromText: "[00:01.00]x", duration: 10, source: .file)
        #expect(synced.source == .file && synced.lines[0].confidence == 1)
    }

    @Test("random input never traps")
    func fuzz() throws {
        var rng = SeededGenerator(state: 42)
        let alphabet = Array("[]:.0123456789 abc♪\n\r-+<>()offset:ar")
        for _ in 0..<300 {
            let length = Int.random(in: 0..<200, using: &rng)
            let text = String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] })
            let doc = try parser.parse(text, duration: Bool.random(using: &rng) ? 60 : nil)
            for (a, b) in zip(doc.lyrics.lines, doc.lyrics.lines.dropFirst()) { #expect(a.start <= b.start) }
            #expect(doc.lyrics.lines.allSatisfy { $0.end >= $0.start && $0.start >= 0 })
        }
    }
}

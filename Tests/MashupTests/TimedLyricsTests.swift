// TimedLyricsTests: the lyrics artifact's JSON form, decoding bounds, the line cap, and plain-lyrics spreading.
// Knows nothing about parsers beyond PlainLyrics.

import Foundation
import Testing
@testable import Mashup

@Suite("TimedLyrics and PlainLyrics")
struct TimedLyricsTests {
    @Test("JSON round-trips with deterministic bytes")
    func roundTrip() throws {
        let lyrics = TimedLyrics(
            lines: [TimedLine(start: 1, end: 2.5, text: "a", confidence: 0.9), TimedLine(start: 3, end: 4, text: "b")],
            source: .aligned, language: "en", instrumental: false)
        let data = try lyrics.jsonData()
        #expect(try TimedLyrics.decode(from: data) == lyrics)
        #expect(try lyrics.jsonData() == data)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"source\" : \"aligned\""))
    }

    @Test("decoding sorts lines, raises ends to starts and clamps confidence")
    func decodingBounds() throws {
        let json = #"{"lines":[{"start":5,"end":4,"text":"late","confidence":7},{"start":1,"end":2,"text":"early"}],"source":"syncedLRC"}"#
        let lyrics = try TimedLyrics.decode(from: Data(json.utf8))
        #expect(lyrics.lines.map(\.text) == ["early", "late"])
        #expect(lyrics.lines[1].end == 5 && lyrics.lines[1].confidence == 1 && lyrics.lines[0].confidence == 1)
        #expect(lyrics.instrumental == false && lyrics.language == nil)
    }

    @Test("capped keeps the first lines by time")
    func capped() {
        let lines = (0..<10).map { TimedLine(start: Double(9 - $0), end: Double(10 - $0), text: "\(9 - $0)") }
        let capped = TimedLyrics(lines: lines, source: .syncedLRC).capped(to: 3)
        #expect(capped.lines.map(\.text) == ["0", "1", "2"])
    }

    @Test("plain lyrics: labels removed, lines spread evenly with confidence 0.2")
    func spread() throws {
        let text = "[Verse 1]\nwalking down the road\n\nsinging to myself\n(Chorus)\noh oh oh\nfinal words\n♪"
        let lyrics = try PlainLyrics.spread(text, duration: 200)
        #expect(lyrics.source == .plainSpread)
        #expect(lyrics.lines.map(\.text) == ["walking down the road", "singing to myself", "oh oh oh", "final words"])
        #expect(lyrics.lines.map(\.start) == [0, 50, 100, 150])
        #expect(lyrics.lines.map(\.end) == [50, 100, 150, 200])
        #expect(lyrics.lines.allSatisfy { $0.confidence == 0.2 })
    }

    @Test("plain lyrics without a duration get 4 s per line; all-marker text is instrumental")
    func spreadWithoutDuration() throws {
        let lyrics = try PlainLyrics.spread("one\ntwo", duration: 0)
        #expect(lyrics.lines.map(\.end) == [4, 8])
        let instrumental = try PlainLyrics.spread("[Instrumental]\n♪", duration: 100)
        #expect(instrumental.lines.isEmpty && instrumental.instrumental)
    }

    @Test("spreading happens before the cap, so kept lines keep their true share")
    func spreadThenCap() throws {
        let text = (0..<200).map { "line \($0)" }.joined(separator: "\n")
        let lyrics = try PlainLyrics.spread(text, duration: 400)
        #expect(lyrics.lines.count == 120)
        #expect(lyrics.lines[1].start == 2)
    }
}

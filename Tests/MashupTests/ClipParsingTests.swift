// ClipParsingTests: clip times, the CSV form (header, quoting, BOM, CRLF, limits, row/column errors) and URL@START-END.
// Knows nothing about fetching.

import Testing
@testable import Mashup

@Suite("Clip parsing")
struct ClipParsingTests {
    let parser = ClipCSVParser()

    func error(_ body: () throws -> Void) -> MashupError? {
        do {
            try body()
            return nil
        } catch let error as MashupError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test("times: SS, MM:SS, HH:MM:SS, fractions")
    func times() {
        #expect(ClipTime.parse("90") == 90)
        #expect(ClipTime.parse(" 90.25 ") == 90.25)
        #expect(ClipTime.parse(".5") == 0.5)
        #expect(ClipTime.parse("1:30") == 90)
        #expect(ClipTime.parse("01:30.5") == 90.5)
        #expect(ClipTime.parse("90:00") == 5400)
        #expect(ClipTime.parse("1:02:03.5") == 3723.5)
        #expect(ClipTime.parse("0:00:05") == 5)
        for bad in ["", "-5", "1:60", "1:2:60", "1:60:00", "abc", "1::2", "1:2:3:4", "1.2.3", "25:00:00", "5.", "١٢", "1e3"] {
            #expect(ClipTime.parse(bad) == nil, "\(bad)")
        }
        #expect(ClipTime.format(90.5) == "1:30.5")
        #expect(ClipTime.format(3723) == "1:02:03")
    }

    @Test("a CSV with BOM, CRLF, quotes, any column order and extra columns")
    func goodCSV() throws {
        let csv = "\u{FEFF}Title,END,url,Start\r\n\"Intro, live\",1:00,\"https://example.com/watch?v=a,b\",30\r\nx,,https://youtu.be/abc,\r\n\r\n\"multi\nline\",01:00:10.5,https://example.com/v,1:00:00\r\n"
        let clips = try parser.parse(csv)
        #expect(clips == [
            ClipRequest(url: "https://example.com/watch?v=a,b", start: 30, end: 60),
            ClipRequest(url: "https://youtu.be/abc", start: 0, end: 30),
            ClipRequest(url: "https://example.com/v", start: 3600, end: 3610.5),
        ])
    }

    @Test("semicolon-separated files and header-only files")
    func variants() throws {
        #expect(try parser.parse("url;start;end\nhttps://a.example/x;5;10") == [ClipRequest(url: "https://a.example/x", start: 5, end: 10)])
        #expect(try parser.parse("Url,Start,End\n").isEmpty)
        #expect(try parser.parse("URL\nhttps://a.example/x") == [ClipRequest(url: "https://a.example/x", start: 0, end: 30)])
    }

    @Test("errors name the row (header = 1) and the column")
    func rowErrors() {
        let header = error { _ = try parser.parse("Link,Start,End\nhttps://a.example,0,5") }
        #expect(header?.code == .csvHeader && header?.row == 1 && header?.column == "Url")
        let twice = error { _ = try parser.parse("Url,url\nx,y") }
        #expect(twice?.code == .csvHeader)
        let time = error { _ = try parser.parse("Url,Start,End\nhttps://a.example,0,5\n\nhttps://b.example,soon,5") }
        #expect(time?.code == .invalidTime && time?.row == 4 && time?.column == "Start")
        let range = error { _ = try parser.parse("Url,Start,End\nhttps://a.example,10,5") }
        #expect(range?.code == .invalidRange && range?.row == 2 && range?.column == "End")
        let long = error { _ = try parser.parse("Url,Start,End\nhttps://a.example,0,11:00") }
        #expect(long?.code == .invalidRange && long?.message.contains("limit") == true)
        for bad in ["ftp://a.example/x", "-rf", "not a url", "https://", "javascript:alert(1)", ""] {
            let url = error { _ = try parser.parse("Url,Start,End\n\(bad),0,5\n") }
            #expect(url?.code == .invalidURL && url?.row == 2 && url?.column == "Url", "\(bad)")
        }
        let longURL = error { _ = try parser.parse("Url\nhttps://a.example/" + String(repeating: "a", count: 3000)) }
        #expect(longURL?.code == .invalidURL)
    }

    @Test("limits: rows, bytes")
    func limits() {
        let small = ClipCSVParser(limits: ClipLimits(maxRows: 2))
        let rows = error { _ = try small.parse("Url\nhttps://a.example/1\nhttps://a.example/2\nhttps://a.example/3") }
        #expect(rows?.code == .tooManyClips && rows?.row == 4)
        let bytes = error { _ = try ClipCSVParser(limits: ClipLimits(maxCSVBytes: 10)).parse("Url\nhttps://a.example/1") }
        #expect(bytes?.code == .inputTooLarge)
    }

    @Test("malformed CSV: unterminated quotes and text after a closing quote")
    func malformed() {
        let open = error { _ = try parser.parse("Url,Start\n\"https://a.example,0\nmore") }
        #expect(open?.code == .csvMalformed && open?.row == 2)
        let after = error { _ = try parser.parse("Url,Start\n\"https://a.example\"x,0") }
        #expect(after?.code == .csvMalformed && after?.row == 2)
        let empty = error { _ = try parser.parse("\n\n") }
        #expect(empty?.code == .csvHeader)
    }

    @Test("URL@START-END parses from the right")
    func spec() throws {
        #expect(try ClipRequest.parse(spec: "https://www.youtube.com/watch?v=a-b_c@1:00-1:30.5")
            == ClipRequest(url: "https://www.youtube.com/watch?v=a-b_c", start: 60, end: 90.5))
        #expect(try ClipRequest.parse(spec: "https://youtu.be/x@90") == ClipRequest(url: "https://youtu.be/x", start: 90, end: 120))
        #expect(try ClipRequest.parse(spec: "https://youtu.be/x@90-") == ClipRequest(url: "https://youtu.be/x", start: 90, end: 120))
        #expect(try ClipRequest.parse(spec: "https://www.youtube.com/@channel") == ClipRequest(url: "https://www.youtube.com/@channel", start: 0, end: 30))
        #expect(try ClipRequest.parse(spec: "https://user@host.example/a@0:05-0:10") == ClipRequest(url: "https://user@host.example/a", start: 5, end: 10))
        let reversed = error { _ = try ClipRequest.parse(spec: "https://a.example/v@0:10-0:05") }
        #expect(reversed?.code == .invalidRange)
        let badTime = error { _ = try ClipRequest.parse(spec: "https://a.example/v@1:75-2:00") }
        #expect(badTime?.code == .invalidClipSpec)
        let option = error { _ = try ClipRequest.parse(spec: "--exec=rm@0-5") }
        #expect(option?.code == .invalidURL)
    }
}

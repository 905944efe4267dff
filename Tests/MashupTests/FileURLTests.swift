// FileURLTests: local file: URLs in every RFC 8089 form, and what the clip parsers say about bad ones.
// Pure strings; no file is opened (see RequestCLITests for a render from file: URLs).

import Testing
@testable import Mashup

@Suite("file: URLs")
struct FileURLTests {
    @Test("every local form names the same absolute path", arguments: [
        "file:/tmp/a b.wav".replacingOccurrences(of: " ", with: "%20"), "file:///tmp/a%20b.wav", "file://localhost/tmp/a%20b.wav",
        "FILE://LOCALHOST/tmp/a%20b.wav", "file:///tmp/a%20b.wav#t=10", " file:/tmp/a%20b.wav ",
    ])
    func forms(_ url: String) throws {
        #expect(FileURL.isFileURL(url))
        #expect(try FileURL.localPath(url) == "/tmp/a b.wav")
    }

    @Test("another host, a relative or empty path, bad escapes and NUL are refused with a reason", arguments: [
        ("file://server/share/a.wav", "host 'server'"), ("file:a.wav", "no absolute path"), ("file://", "no absolute path"),
        ("file:///", "no absolute path"), ("file:///tmp/%zz.wav", "percent-encoding"), ("file:///tmp/a%00.wav", "NUL"),
    ])
    func refused(_ pair: (String, String)) {
        do {
            _ = try FileURL.localPath(pair.0)
            Issue.record("\(pair.0) was accepted")
        } catch let e as MashupError {
            #expect(e.code == .invalidURL && e.message.contains(pair.1), "\(e.message)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("a clip CSV with file: URLs parses when the caller allows them, and names the row of a bad one")
    func csv() throws {
        let parser = ClipCSVParser(limits: ClipLimits(allowedSchemes: ["http", "https", "file"]))
        let clips = try parser.parse("Url,Start,End\nfile:/tmp/a.wav,0,5\nfile://localhost/tmp/b%20c.wav,1,4\n")
        #expect(clips.map(\.url) == ["file:/tmp/a.wav", "file://localhost/tmp/b%20c.wav"])
        do {
            _ = try parser.parse("Url,Start,End\nfile:/tmp/a.wav,0,5\nfile://nas/music/b.wav,0,5\n")
            Issue.record("a remote file host was accepted")
        } catch let e as MashupError {
            #expect(e.row == 3 && e.message.contains("host 'nas'"), "\(e.message)")
        }
        // Where file: is not allowed (the API), it stays refused.
        #expect(throws: MashupError.self) { try ClipCSVParser().parse("Url\nfile:/tmp/a.wav\n") }
    }
}

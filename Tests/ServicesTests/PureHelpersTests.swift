// Unit tests for pure helpers: retry policy and server delay parsing, lyrics matching, query encoding,
// multipart building, JSONValue round trips.
import Foundation
import NIOHTTP1
import Testing
@testable import Services

@Suite("Pure helpers")
struct PureHelpersTests {
    @Test("backoff doubles from the base, honours a longer server delay, and is capped")
    func retryPolicy() {
        let policy = AIRetryPolicy(maxRetries: 5, baseDelay: .seconds(2), maxDelay: .seconds(20))
        #expect(policy.delay(beforeRetry: 0, serverHint: nil) == .seconds(2))
        #expect(policy.delay(beforeRetry: 1, serverHint: nil) == .seconds(4))
        #expect(policy.delay(beforeRetry: 3, serverHint: nil) == .seconds(16))
        #expect(policy.delay(beforeRetry: 4, serverHint: nil) == .seconds(20))
        #expect(policy.delay(beforeRetry: 0, serverHint: .seconds(9)) == .seconds(9))
        #expect(policy.delay(beforeRetry: 2, serverHint: .seconds(1)) == .seconds(8))
        #expect(policy.delay(beforeRetry: 60, serverHint: nil) == .seconds(20))
    }

    @Test("server delays: RetryInfo, retry-after-ms, Retry-After seconds and date")
    func retryHints() {
        #expect(RetryHint.protobufDuration("30s") == .seconds(30))
        #expect(RetryHint.protobufDuration("0.250s") == .milliseconds(250))
        #expect(RetryHint.protobufDuration("30") == nil)
        let body: JSONValue = .object(["error": .object(["details": .array([
            .object(["@type": .string("type.googleapis.com/google.rpc.Help")]),
            .object(["@type": .string("type.googleapis.com/google.rpc.RetryInfo"), "retryDelay": .string("12s")]),
        ])])])
        #expect(RetryHint.googleRetryDelay(body) == .seconds(12))
        #expect(RetryHint.headerDelay(["Retry-After": "5"]) == .seconds(5))
        #expect(RetryHint.headerDelay(["retry-after-ms": "1500"]) == .milliseconds(1500))
        let now = Date(timeIntervalSince1970: 1_445_412_480)  // Wed, 21 Oct 2015 07:28:00 GMT
        #expect(RetryHint.headerDelay(["Retry-After": "Wed, 21 Oct 2015 07:28:30 GMT"], now: now) == .seconds(30))
        #expect(RetryHint.headerDelay(["Retry-After": "soon"]) == nil)
        #expect(RetryHint.headerDelay([:]) == nil)
    }

    @Test("lyrics similarity ignores case, accents, brackets and feat. credits")
    func similarity() {
        #expect(LyricsMatchScorer.similarity("Beyoncé", "beyonce") == 1)
        #expect(LyricsMatchScorer.similarity("Halo (Remastered 2011)", "Halo") == 1)
        #expect(LyricsMatchScorer.similarity("Rock & Roll", "rock and roll") == 1)
        #expect(LyricsMatchScorer.similarity("Stay feat. Justin Bieber", "Stay") == 1)
        #expect(LyricsMatchScorer.similarity("Daft Punk", "Daft Punk, Pharrell Williams") >= 0.9)
        #expect(LyricsMatchScorer.similarity("Halo", "Hello") == 0)
        #expect(LyricsMatchScorer.similarity("", "x") == 0)
    }

    @Test("best match: duration outside 2 s is refused, synced lyrics win ties")
    func bestMatch() {
        let records = [
            LRCLIBRecord(id: 1, trackName: "Song", artistName: "Artist", duration: 100, plainLyrics: "a"),
            LRCLIBRecord(id: 2, trackName: "Song", artistName: "Artist", duration: 101, syncedLyrics: "[00:01.00] a"),
            LRCLIBRecord(id: 3, trackName: "Song", artistName: "Artist", duration: 110, syncedLyrics: "[00:01.00] a"),
        ]
        #expect(LyricsMatchScorer.best(in: records, track: "Song", artist: "Artist", duration: 100)?.id == 2)
        #expect(LyricsMatchScorer.best(in: records, track: "Song", artist: "Artist", duration: 110)?.id == 3)
        #expect(LyricsMatchScorer.best(in: records, track: "Song", artist: "Artist", duration: 105) == nil)
        #expect(LyricsMatchScorer.best(in: records, track: "Other", artist: "Artist", duration: nil) == nil)
    }

    @Test("query values keep only unreserved characters")
    func queryEncoding() {
        #expect(QueryEncoding.encode("C++ & Me=1?") == "C%2B%2B%20%26%20Me%3D1%3F")
        #expect(QueryEncoding.encode("é") == "%C3%A9")
        #expect(QueryEncoding.encode("a-b_c.d~") == "a-b_c.d~")
    }

    @Test("multipart bodies round-trip through the test parser")
    func multipart() throws {
        var form = MultipartFormData(boundary: "XyZ")
        form.add(name: "model", value: "whisper-1")
        form.add(name: "file", filename: "a\"b.wav", contentType: "audio/wav", data: Data([0, 1, 2, 13, 10, 45, 45]))
        let parts = try #require(FormPart.parse(form.finished(), contentType: form.contentType))
        #expect(parts.map(\.name) == ["model", "file"])
        #expect(parts[1].filename == "ab.wav")
        #expect(parts[1].data == Data([0, 1, 2, 13, 10, 45, 45]))
    }

    @Test("JSONValue encodes whole numbers without fractions and converts Encodable schemas")
    func jsonValue() throws {
        struct Schema: Encodable { var type = "integer"; var minimum = 8 }
        let value = try JSONValue(encoding: Schema())
        #expect(value == .object(["type": .string("integer"), "minimum": .number(8)]))
        let text = String(decoding: try JSONEncoder().encode(JSONValue.number(8)), as: UTF8.self)
        #expect(text == "8")
        let round = try JSONDecoder().decode(JSONValue.self, from: Data("[true, null, 1.5, \"x\", {\"a\": []}]".utf8))
        #expect(round == .array([.bool(true), .null, .number(1.5), .string("x"), .object(["a": .array([])])]))
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data("[0, 1]".utf8)) == .array([.number(0), .number(1)]))
    }
}

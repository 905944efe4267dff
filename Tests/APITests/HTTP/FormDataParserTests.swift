// FormDataParser: parts and bytes come out the same however the body is split into chunks; malformed bodies
// (the header byte that trapped multipart-kit, truncation, bad delimiters, random bytes) are errors, never traps;
// and over HTTP the request that took the server down is a 400 after which the server keeps answering.
import Foundation
import Testing
import TestSupport
@testable import API

@Suite("Multipart form-data parser")
struct FormDataParserTests {
    static let boundary = "----imXYZ"

    /// A body with a preamble, a text field, a file whose bytes hold near-delimiters, and an epilogue.
    static func sampleBody(file: [UInt8]) -> [UInt8] {
        var body = Array("this preamble is ignored\r\n--\(boundary)\r\n".utf8)
        body += Array("Content-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--\(boundary) \t\r\n".utf8)
        body += Array("Content-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\nContent-Type: audio/wav\r\n\r\n".utf8)
        body += file
        body += Array("\r\n--\(boundary)--\r\nepilogue, ignored".utf8)
        return body
    }

    /// Events with consecutive body pieces merged, so different chunkings compare equal.
    static func parse(_ chunks: [ArraySlice<UInt8>]) throws -> [FormDataParser.Event] {
        var parser = FormDataParser(boundary: boundary)
        var events: [FormDataParser.Event] = []
        for chunk in chunks {
            for e in try parser.feed(chunk) {
                if case .body(let more) = e, case .body(let had)? = events.last { events[events.count - 1] = .body(had + more) } else { events.append(e) }
            }
        }
        try parser.finish()
        return events
    }

    static func chunks(_ bytes: [UInt8], every n: Int) -> [ArraySlice<UInt8>] {
        stride(from: 0, to: bytes.count, by: n).map { bytes[$0..<min($0 + n, bytes.count)] }
    }

    @Test("parts, headers and file bytes (with CR, LF and partial delimiters inside) are exact at every chunk size")
    func chunkings() throws {
        // File bytes that contain everything but the full delimiter: "\r\n--" + a prefix of the boundary, lone CRs.
        let file = Array("RIFF\r\n--\r\n----imXY\r\r\n-\u{0}\u{1}\r\n--\(Self.boundary.dropLast())!".utf8) + (0..<600).map { UInt8($0 % 256) }
        let body = Self.sampleBody(file: file)
        let expected: [FormDataParser.Event] = [
            .headers([.init(name: "Content-Disposition", value: "form-data; name=\"note\"")]),
            .body(Array("hello".utf8)), .partEnd,
            .headers([.init(name: "Content-Disposition", value: "form-data; name=\"file\"; filename=\"a.wav\""),
                      .init(name: "Content-Type", value: "audio/wav")]),
            .body(file), .partEnd,
        ]
        for n in [1, 2, 3, 7, 13, 64, 1000, body.count] {
            #expect(try Self.parse(Self.chunks(body, every: n)) == expected, "chunk size \(n)")
        }
    }

    @Test("an empty part, a part with no headers, and a body that starts with the delimiter")
    func edgeShapes() throws {
        let body = Array("--\(Self.boundary)\r\n\r\n\r\n--\(Self.boundary)\r\nX-A: 1\r\n\r\nab\r\n--\(Self.boundary)--".utf8)
        #expect(try Self.parse([body[...]]) == [.headers([]), .partEnd, .headers([.init(name: "X-A", value: "1")]), .body([0x61, 0x62]), .partEnd])
    }

    @Test("malformed bodies are errors: non-token header bytes (0x80+), truncation, a bad delimiter line, a huge header block")
    func malformed() throws {
        // The body schemathesis sent that trapped multipart-kit's header table (index out of range).
        let trapped = Array("--\(Self.boundary)\r\n".utf8) + [0xC2, 0x93, 0xF2, 0x93, 0x3A, 0x20, 0x78] + Array("\r\n\r\nx\r\n--\(Self.boundary)--\r\n".utf8)
        #expect(throws: FormDataParser.Failure.badHeaders) { try Self.parse([trapped[...]]) }
        let truncated = Array("--\(Self.boundary)\r\nA: b\r\n\r\nunfinished".utf8)
        #expect(throws: FormDataParser.Failure.truncated) { try Self.parse([truncated[...]]) }
        #expect(throws: FormDataParser.Failure.truncated) { try Self.parse([]) }
        let badLine = Array("--\(Self.boundary)xx\r\n".utf8)
        #expect(throws: FormDataParser.Failure.badDelimiter) { try Self.parse([badLine[...]]) }
        let folded = Array("--\(Self.boundary)\r\nA: b\r\n c\r\n\r\nx\r\n--\(Self.boundary)--".utf8)
        #expect(throws: FormDataParser.Failure.badHeaders) { try Self.parse([folded[...]]) }
        let huge = Array("--\(Self.boundary)\r\nA: \(String(repeating: "b", count: 9000))".utf8)
        #expect(throws: FormDataParser.Failure.badHeaders) { try Self.parse(Self.chunks(huge, every: 512)) }
    }

    @Test("20,000 random and mutated bodies, in random chunks: every one parses or fails with a Failure, none traps")
    func fuzz() throws {
        var rng = SplitMix64(seed: 20_261_201)
        let valid = Self.sampleBody(file: Array("some audio bytes".utf8))
        var parsed = 0, refused = 0
        for i in 0..<20_000 {
            var body: [UInt8]
            if i % 2 == 0 {
                body = valid
                for _ in 0..<(1 + Int(rng.next() % 4)) {
                    let at = Int(rng.next() % UInt64(body.count))
                    switch rng.next() % 3 {
                    case 0: body[at] = UInt8(truncatingIfNeeded: rng.next())
                    case 1: body.remove(at: at)
                    default: body.insert(UInt8(truncatingIfNeeded: rng.next()), at: at)
                    }
                }
            } else {
                body = Array("--\(Self.boundary)\r\n".utf8) + (0..<Int(rng.next() % 200)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            }
            let size = 1 + Int(rng.next() % 40)
            do { _ = try Self.parse(Self.chunks(body, every: size)); parsed += 1 } catch is FormDataParser.Failure { refused += 1 }
        }
        #expect(parsed + refused == 20_000)
        #expect(parsed > 0 && refused > 0)
    }

    @Test("over HTTP: the body that crashed the server is a 400 INVALID_MULTIPART, and the next upload still works")
    func crashingRequest() async throws {
        let app = try await APITestApp()
        try await app.test { client in
            let user = try await client.register("multipart@example.com")
            var body = Data("--\(Self.boundary)\r\n".utf8)
            body.append(contentsOf: [0xC2, 0x93, 0xF2, 0x93])
            body.append(Data("--\(Self.boundary)--\r\n".utf8))
            let r = try await client.send(.post, "/api/v1/uploads", token: user.access, body: body,
                                          headers: ["Content-Type": "multipart/form-data; boundary=\(Self.boundary)"])
            #expect(r.status == 400)
            #expect(r.json["code"] as? String == "INVALID_MULTIPART")
            let junk = try await client.upload(Data("not audio".utf8), name: "x.mp3", token: user.access)
            #expect(junk.status == 422, "\(junk.text)")
        }
        await app.shutdown()
    }
}

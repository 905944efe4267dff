// Tests for LRCLIBClient against a loopback server speaking LRCLIB's API: /get, /get-cached, /search, the
// 404 "not found" body as nil, the /get → /search fallback, strict query encoding and error codes.
import Foundation
import Testing
@testable import Services

@Suite("LRCLIBClient")
struct LRCLIBClientTests {
    static let notFound = LoopbackHTTPServer.Response.json(
        "{\"code\": 404, \"name\": \"TrackNotFound\", \"message\": \"Failed to find specified track\"}", status: 404)

    static func record(id: Int, track: String, artist: String, duration: Double, synced: Bool = true) -> [String: Any] {
        [
            "id": id, "trackName": track, "artistName": artist, "albumName": "Album", "duration": duration, "instrumental": false,
            "plainLyrics": "Line one\nLine two", "syncedLyrics": synced ? "[00:12.34] Line one\n[00:15.00] Line two" : NSNull(),
        ]
    }

    func client(_ server: LoopbackHTTPServer, timeout: Duration = .seconds(5)) -> LRCLIBClient {
        LRCLIBClient(configuration: LRCLIBConfiguration(baseURL: server.baseURL + "/api/", timeout: timeout, identity: ServiceIdentity(version: "1.2.3")))
    }

    @Test("/get sends every field, the User-Agent, and decodes the record")
    func get() async throws {
        let server = try await LoopbackHTTPServer.start(routes: [
            "/api/get": { _ in .jsonObject(Self.record(id: 3396226, track: "I Want to Live", artist: "Borislav Slavov", duration: 233)) },
        ])
        defer { Task { await server.shutdown() } }
        let record = try #require(try await client(server).get(
            track: "I Want to Live", artist: "Borislav Slavov", album: "Baldur's Gate 3", duration: 233.4, logger: TestSupport.logger))
        #expect(record.id == 3396226)
        #expect(record.hasSyncedLyrics)
        #expect(record.instrumental == false)
        let request = try #require(server.requests.first)
        #expect(request.queryValue("track_name") == "I Want to Live")
        #expect(request.queryValue("artist_name") == "Borislav Slavov")
        #expect(request.queryValue("album_name") == "Baldur's Gate 3")
        #expect(request.queryValue("duration") == "233")
        #expect(request.headers.first(name: "User-Agent") == "IntelliMix/1.2.3 (+https://github.com/intellimix/intellimix)")
    }

    @Test("a 404 TrackNotFound is nil, not an error; /get-cached uses its own path")
    func notFoundIsNil() async throws {
        let server = try await LoopbackHTTPServer.start(routes: ["/api/get": { _ in Self.notFound }, "/api/get-cached": { _ in Self.notFound }])
        defer { Task { await server.shutdown() } }
        #expect(try await client(server).get(track: "Nope", artist: "Nobody", duration: 100, logger: TestSupport.logger) == nil)
        #expect(try await client(server).getCached(track: "Nope", artist: "Nobody", duration: 100, logger: TestSupport.logger) == nil)
        #expect(server.requests.map(\.path) == ["/api/get", "/api/get-cached"])
    }

    @Test("/search by fields and by q; special characters survive form decoding")
    func search() async throws {
        let server = try await LoopbackHTTPServer.start(routes: [
            "/api/search": { _ in .jsonObject([Self.record(id: 1, track: "C++ & Me", artist: "A=B", duration: 200)]) },
        ])
        defer { Task { await server.shutdown() } }
        let byFields = try await client(server).search(track: "C++ & Me", artist: "A=B", logger: TestSupport.logger)
        #expect(byFields.count == 1)
        let byText = try await client(server).search(query: "héllo wörld?", logger: TestSupport.logger)
        #expect(byText.first?.trackName == "C++ & Me")
        #expect(server.requests[0].queryValue("track_name") == "C++ & Me")
        #expect(server.requests[0].queryValue("artist_name") == "A=B")
        #expect(server.requests[1].queryValue("q") == "héllo wörld?")
    }

    @Test("lookup: /get misses, /search candidates are scored by title, artist and duration within 2 s")
    func lookupFallback() async throws {
        let server = try await LoopbackHTTPServer.start(routes: [
            "/api/get": { _ in Self.notFound },
            "/api/search": { _ in
                .jsonObject([
                    Self.record(id: 1, track: "Halo", artist: "Some Cover Band", duration: 261),
                    Self.record(id: 2, track: "Halo", artist: "Beyoncé", duration: 268),  // 7 s off
                    Self.record(id: 3, track: "Halo (Live)", artist: "Beyonce", duration: 262, synced: false),
                    Self.record(id: 4, track: "Halo", artist: "Beyoncé", duration: 260),
                ])
            },
        ])
        defer { Task { await server.shutdown() } }
        let record = try await client(server).lookup(track: "Halo", artist: "Beyonce", duration: 261, logger: TestSupport.logger)
        #expect(record?.id == 4)
        #expect(server.requests.map(\.path) == ["/api/get", "/api/search"])
    }

    @Test("lookup: /get hit returns at once; no match anywhere is nil after trying q=")
    func lookupHitAndMiss() async throws {
        let hit = try await LoopbackHTTPServer.start(routes: [
            "/api/get": { _ in .jsonObject(Self.record(id: 9, track: "Halo", artist: "Beyoncé", duration: 261)) },
        ])
        defer { Task { await hit.shutdown() } }
        #expect(try await client(hit).lookup(track: "Halo", artist: "Beyoncé", duration: 261, logger: TestSupport.logger)?.id == 9)
        #expect(hit.requests.count == 1)

        let miss = try await LoopbackHTTPServer.start(routes: [
            "/api/get": { _ in Self.notFound },
            "/api/search": { _ in .jsonObject([Self.record(id: 5, track: "Something Else", artist: "Other", duration: 261)]) },
        ])
        defer { Task { await miss.shutdown() } }
        #expect(try await client(miss).lookup(track: "Halo", artist: "Beyoncé", duration: 261, logger: TestSupport.logger) == nil)
        #expect(miss.requests.map(\.path) == ["/api/get", "/api/search", "/api/search"])
        #expect(miss.requests[2].queryValue("q") == "Beyoncé Halo")
    }

    @Test("lookup without a duration skips /get")
    func lookupWithoutDuration() async throws {
        let server = try await LoopbackHTTPServer.start(routes: [
            "/api/search": { _ in .jsonObject([Self.record(id: 7, track: "Halo", artist: "Beyoncé", duration: 261)]) },
        ])
        defer { Task { await server.shutdown() } }
        #expect(try await client(server).lookup(track: "halo", artist: "beyonce", duration: nil, logger: TestSupport.logger)?.id == 7)
        #expect(server.requests.map(\.path) == ["/api/search"])
    }

    @Test("errors: 500 unavailable, 400 upstream, bad JSON invalid, hang timeout")
    func errors() async throws {
        let server = try await LoopbackHTTPServer.start(routes: [
            "/api/get": { _ in .text("Internal Server Error: db locked", status: 500) },
            "/api/get-cached": { _ in .json("{\"code\": 400, \"name\": \"BadRequest\", \"message\": \"x\"}", status: 400) },
            "/api/search": { request in
                if request.queryValue("q") == "slow" {
                    try? await Task.sleep(for: .seconds(5))
                }
                return .json("[{\"id\": \"not a number\"}]")
            },
        ])
        defer { Task { await server.shutdown() } }
        let c = client(server, timeout: .milliseconds(300))
        let unavailable = await #expect(throws: LyricsError.self) { try await c.get(track: "a", artist: "b", duration: 1, logger: TestSupport.logger) }
        #expect(unavailable?.code == .unavailable)
        #expect(unavailable?.message.contains("db locked") == false)
        let upstream = await #expect(throws: LyricsError.self) { try await c.getCached(track: "a", artist: "b", duration: 1, logger: TestSupport.logger) }
        #expect(upstream?.code == .upstreamError)
        let invalid = await #expect(throws: LyricsError.self) { try await c.search(query: "x", logger: TestSupport.logger) }
        #expect(invalid?.code == .invalidResponse)
        let timeout = await #expect(throws: LyricsError.self) { try await c.search(query: "slow", logger: TestSupport.logger) }
        #expect(timeout?.code == .timeout)
    }

    @Test("configuration from the original's variables")
    func configuration() throws {
        let configuration = try LRCLIBConfiguration(environment: [
            "TIMESTAMPED_LYRICS_API_URL": "http://127.0.0.1:7777/api/", "TIMESTAMPED_LYRICS_TIMEOUT_SECONDS": "3",
        ])
        #expect(configuration.baseURL == "http://127.0.0.1:7777/api")
        #expect(configuration.timeout == .seconds(3))
        let defaults = try LRCLIBConfiguration(environment: [:])
        #expect(defaults.baseURL == "https://lrclib.net/api")
        #expect(defaults.timeout == .seconds(10))
        #expect(throws: ConfigurationError.self) { try LRCLIBConfiguration(environment: ["TIMESTAMPED_LYRICS_TIMEOUT_SECONDS": "soon"]) }
    }
}

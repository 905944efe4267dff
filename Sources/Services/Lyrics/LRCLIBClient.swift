// LRCLIBClient: LRCLIB's /get, /get-cached and /search, and a lookup that falls back from /get to /search.
// Knows nothing about LRC parsing or how lyrics are used; 404 means "no lyrics" (nil), not a failure.
import Foundation
import Logging
import NIOHTTP1

/// A client for the LRCLIB lyrics API.
public struct LRCLIBClient: Sendable {
    /// Base URL, timeout and identity.
    public var configuration: LRCLIBConfiguration
    /// The HTTP layer.
    public var transport: HTTPTransport

    /// Creates a client.
    public init(configuration: LRCLIBConfiguration = LRCLIBConfiguration(), transport: HTTPTransport = HTTPTransport()) {
        self.configuration = configuration
        self.transport = transport
    }

    /// `GET /get`: the record matching title, artist, album and duration (LRCLIB allows ±2 s), or nil.
    public func get(track: String, artist: String, album: String? = nil, duration: Double?, logger: Logger) async throws -> LRCLIBRecord? {
        try await fetchOne("get", query: signatureQuery(track: track, artist: artist, album: album, duration: duration), logger: logger)
    }

    /// `GET /get-cached`: like `get`, but LRCLIB answers only from its own database (no external lookup).
    public func getCached(
        track: String, artist: String, album: String? = nil, duration: Double?, logger: Logger
    ) async throws -> LRCLIBRecord? {
        try await fetchOne("get-cached", query: signatureQuery(track: track, artist: artist, album: album, duration: duration), logger: logger)
    }

    /// `GET /search?track_name=&artist_name=`: up to 20 records.
    public func search(track: String, artist: String?, logger: Logger) async throws -> [LRCLIBRecord] {
        var query = [("track_name", track)]
        if let artist, !artist.isEmpty { query.append(("artist_name", artist)) }
        return try await fetchList(query, logger: logger)
    }

    /// `GET /search?q=`: free-text search over title, artist and album; up to 20 records.
    public func search(query text: String, logger: Logger) async throws -> [LRCLIBRecord] {
        try await fetchList([("q", text)], logger: logger)
    }

    /// The best record for a song: `/get` with the duration first, then `/search` by fields and then by free
    /// text, choosing by title and artist similarity and a duration within 2 s (LyricsMatchScorer). Nil when none fits.
    public func lookup(track: String, artist: String, album: String? = nil, duration: Double?, logger: Logger) async throws -> LRCLIBRecord? {
        if duration != nil, let exact = try await get(track: track, artist: artist, album: album, duration: duration, logger: logger) {
            return exact
        }
        let byFields = try await search(track: track, artist: artist, logger: logger)
        if let match = LyricsMatchScorer.best(in: byFields, track: track, artist: artist, duration: duration) {
            return match
        }
        let byText = try await search(query: "\(artist) \(track)", logger: logger)
        return LyricsMatchScorer.best(in: byText, track: track, artist: artist, duration: duration)
    }

    private func signatureQuery(track: String, artist: String, album: String?, duration: Double?) -> [(String, String)] {
        var query = [("track_name", track), ("artist_name", artist)]
        if let album, !album.isEmpty { query.append(("album_name", album)) }
        if let duration, duration.isFinite, duration > 0 { query.append(("duration", String(Int(duration.rounded())))) }
        return query
    }

    private func fetchOne(_ path: String, query: [(String, String)], logger: Logger) async throws -> LRCLIBRecord? {
        let response = try await send(path, query: query, logger: logger)
        if response.status == 404 { return nil }
        return try decode(LRCLIBRecord.self, response, path: path)
    }

    private func fetchList(_ query: [(String, String)], logger: Logger) async throws -> [LRCLIBRecord] {
        let response = try await send("search", query: query, logger: logger)
        if response.status == 404 { return [] }
        return try decode([LRCLIBRecord].self, response, path: "search")
    }

    private func decode<T: Decodable>(_ type: T.Type, _ response: TransportResponse, path: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: response.body)
        } catch {
            throw LyricsError(.invalidResponse, "The lyrics service sent an answer that cannot be read.", detail: "/\(path): \(error)")
        }
    }

    private func send(_ path: String, query: [(String, String)], logger: Logger) async throws -> TransportResponse {
        let url = "\(configuration.baseURL)/\(path)?" + query.map { "\($0)=\(QueryEncoding.encode($1))" }.joined(separator: "&")
        var headers = HTTPHeaders()
        headers.add(name: "User-Agent", value: configuration.identity.userAgent)
        headers.add(name: "Accept", value: "application/json")
        let response: TransportResponse
        do {
            response = try await transport.send(TransportRequest(url: url, headers: headers, timeout: configuration.timeout), logger: logger)
        } catch let error as FetchError {
            if error.code == .timeout {
                throw LyricsError(.timeout, "The lyrics service did not answer in time.", detail: error.detail)
            }
            throw LyricsError(.unavailable, "The lyrics service could not be reached.", detail: error.detail ?? error.message)
        }
        switch response.status {
        case 200..<300, 404:
            return response
        case 429, 500...599:
            throw LyricsError(.unavailable, "The lyrics service is unavailable right now.", detail: "/\(path): HTTP \(response.status)", httpStatus: response.status)
        default:
            throw LyricsError(.upstreamError, "The lyrics service refused the request.", detail: "/\(path): HTTP \(response.status)", httpStatus: response.status)
        }
    }
}

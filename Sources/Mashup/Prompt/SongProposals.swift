// SongProposals: the LLM's reply when the prompt names no songs: its schema and its checked reading.
// Knows nothing about HTTP; the reply is parsed as JSON, never scraped from prose.

import Foundation

/// `{"songs": [{"title", "artist", "start"?, "end"?}]}`.
public struct SongProposals: Sendable, Codable, Equatable {
    /// The proposed songs.
    public var songs: [SongRequest]

    /// Creates proposals.
    public init(songs: [SongRequest]) {
        self.songs = songs
    }

    /// The response schema: title and artist required, start and end (seconds) optional.
    public static let responseSchema = JSONSchema(
        .object,
        properties: [
            "songs": JSONSchema(
                .array,
                description: "Real, released songs that fit the request, in the order they should play.",
                items: JSONSchema(
                    .object,
                    properties: [
                        "title": JSONSchema(.string, description: "The official song title."),
                        "artist": JSONSchema(.string, description: "The primary performing artist."),
                        "start": JSONSchema(.number, description: "Optional: start of the best part, in seconds."),
                        "end": JSONSchema(.number, description: "Optional: end of the best part, in seconds."),
                    ],
                    required: ["title", "artist"]
                )
            ),
        ],
        required: ["songs"]
    )

    /// The songs of an LLM reply: trimmed, empty titles dropped, bad windows (negative, non-finite, end ≤ start)
    /// removed, duplicates removed, at most `maxSongs` (default 8). Throws `invalidPlan` when the reply is not
    /// that JSON or proposes no song.
    public static func decode(llmReply: String, maxSongs: Int = 8, maxBytes: Int = 64 * 1024) throws -> [SongRequest] {
        let data = try LLMReply.jsonData(llmReply, maxBytes: maxBytes, what: "song list")
        let proposals: SongProposals
        do {
            proposals = try JSONDecoder().decode(SongProposals.self, from: data)
        } catch {
            throw MashupError(.invalidPlan, "the song list reply does not match its schema: \(LLMReply.describe(error))")
        }
        var seen: Set<String> = []
        var songs: [SongRequest] = []
        for song in proposals.songs {
            let title = String(song.title.trimmingCharacters(in: .whitespacesAndNewlines).prefix(200))
            let artist = song.artist.map { String($0.trimmingCharacters(in: .whitespacesAndNewlines).prefix(200)) }
            guard !title.isEmpty else { continue }
            var start = song.start, end = song.end
            if let s = start, !(s.isFinite && s >= 0) { start = nil }
            if let e = end, !(e.isFinite && e > (start ?? 0)) { end = nil }
            let key = TextNormalizer.words(title).joined(separator: " ") + "|" + TextNormalizer.words(artist ?? "").joined(separator: " ")
            guard seen.insert(key).inserted else { continue }
            songs.append(SongRequest(title: title, artist: artist, start: start, end: end))
            if songs.count == maxSongs { break }
        }
        guard !songs.isEmpty else { throw MashupError(.invalidPlan, "the song list reply proposes no songs") }
        return songs
    }
}

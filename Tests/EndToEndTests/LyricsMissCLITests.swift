// An LRCLIB miss through the real binary: a warning in the plain summary and in `render --json`, the miss
// cached for the next render, and `--refresh` asking again. LRCLIB is the loopback stand-in.
import Foundation
import TestSupport
import Testing

@Suite("Lyrics misses in the CLI", .serialized)
struct LyricsMissCLITests {
    @Test("a miss warns in the summary and in --json, is cached, and --refresh asks LRCLIB again")
    func miss() throws {
        let services = try FakeServices()
        let w = try Workspace()
        try """
        version: 1
        name: miss
        stages:
          - { id: song, kind: source, path: audio/song-a.flac }
          - { id: words, kind: lyrics, input: song, title: No Such Song, artist: Nobody }
        """.write(toFile: "\(w.dir)/miss.yaml", atomically: true, encoding: .utf8)
        let env = ["TIMESTAMPED_LYRICS_API_URL": "http://127.0.0.1:\(services.port)/api", "INTELLIMIX_CACHE_DIR": "\(w.dir)/cache"]
        func lookups() -> Int { services.requests.filter { $0.hasPrefix("GET /api/") }.count }

        let plain = try Workspace.run(Workspace.binary, ["render", "miss.yaml", "--out", "out"], cwd: w.dir, env: env)
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stderr.contains("1 with warnings"), "\(plain.stderr)")
        #expect(plain.stderr.contains("warning: words: no lyrics found on LRCLIB for 'No Such Song' by Nobody"), "\(plain.stderr)")
        let asked = lookups()
        #expect(asked > 0)

        let json = try Workspace.run(Workspace.binary, ["render", "miss.yaml", "--out", "out", "--json"], cwd: w.dir, env: env)
        #expect(json.status == 0)
        #expect(json.statuses["words"] == "cached")
        let summary = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let words = (summary?["stages"] as? [[String: Any]])?.first { $0["id"] as? String == "words" }
        let warnings = words?["warnings"] as? [String] ?? []
        #expect(warnings.count == 1 && warnings[0].contains("asks again"), "\(warnings)")
        #expect((words?["metadata"] as? [String: Any])?["origin"] as? String == "not_found")
        #expect(lookups() == asked)

        let refreshed = try Workspace.run(Workspace.binary, ["render", "miss.yaml", "--out", "out", "--json", "--refresh", "words"], cwd: w.dir, env: env)
        #expect(refreshed.statuses["words"] == "ran")
        #expect(lookups() > asked)
    }
}

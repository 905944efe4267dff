import Foundation
import TestSupport
import Testing

/// The AI mashup flow end to end, offline: sung lyric lines at known times, LRCLIB and Gemini
/// stand-ins on loopback, the real `intellimix` binary.
@Suite("AI mashup flow on loopback services", .serialized)
struct AIFlowTests {
    static let songs: Result<String, Error> = Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("im-lyric-songs-\(getpid())").path
        let r = try Workspace.run(Workspace.repo.appendingPathComponent("scripts/make-lyric-songs").path, [dir], cwd: Workspace.repo.path)
        guard r.status == 0 else { throw WorkspaceError("make-lyric-songs failed: \(r.stderr)") }
        return dir
    }

    func manifest(port: Int, provider: String) -> String {
        """
        version: 1
        name: loopback-mashup-\(provider)
        stages:
          - id: song
            kind: fetch
            foreach:
              - { name: one }
              - { name: two }
              - { name: three }
            url: "http://127.0.0.1:\(port)/media/${item.name}.wav"
          - id: words
            kind: lyrics
            foreach: song
            title: ${item.name}
            artist: Test Singer
          - id: plan
            kind: plan
            tracks: [song]
            lyrics: [words]
            provider: \(provider)
            prompt: the choruses, back to back
            target_seconds: 32
            min_segment: 8
            max_segment: 16
          - id: mix
            kind: crossfade
            plan: plan
            tracks: [song]
          - id: mp3
            kind: encode
            input: mix
            format: mp3
            bitrate: 128k
        """
    }

    /// Reads the plan a render made from the cache (the plan stage's output blob).
    func plan(from render: CLIResult, cache: String) throws -> [[String: Any]] {
        let obj = try JSONSerialization.jsonObject(with: Data(render.stdout.utf8)) as? [String: Any] ?? [:]
        let stages = obj["stages"] as? [[String: Any]] ?? []
        let key = try #require(stages.first { $0["id"] as? String == "plan" }?["key"] as? String)
        let entry = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(cache)/actions/\(key.prefix(2))/\(key).json"))) as? [String: Any]
        let digest = try #require(((entry?["outputs"] as? [String: Any])?["plan"] as? [String: Any])?["digest"] as? String)
        let planJSON = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(cache)/blobs/\(digest.prefix(2))/\(digest)"))) as? [String: Any]
        return planJSON?["segments"] as? [[String: Any]] ?? []
    }

    @Test("LRCLIB + Gemini on loopback: segments on lyric lines, all tracks, total on target, second render offline and cached",
          arguments: ["gemini", "heuristic"])
    func flow(provider: String) throws {
        let media = try Self.songs.get()
        let services = try FakeServices(media: media)
        #expect(services.port > 0)
        let w = try Workspace()
        try manifest(port: services.port, provider: provider).write(toFile: "\(w.dir)/ai.yaml", atomically: true, encoding: .utf8)
        let env = ["TIMESTAMPED_LYRICS_API_URL": "http://127.0.0.1:\(services.port)/api", "GOOGLE_API_KEY": "test-key",
                   "GEMINI_BASE_URL": "http://127.0.0.1:\(services.port)", "INTELLIMIX_FETCH_ALLOW_PRIVATE_ADDRESSES": "true",
                   "INTELLIMIX_CACHE_DIR": "\(w.dir)/cache"]
        let first = try Workspace.run(Workspace.binary, ["render", "ai.yaml", "--json", "--out", "out"], cwd: w.dir, env: env)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(services.requests.contains { $0.hasPrefix("GET /api/get?") })
        #expect(services.requests.contains { $0.contains(":generateContent") } == (provider == "gemini"))

        let segments = try plan(from: first, cache: "\(w.dir)/cache")
        let lineTimes = (0..<10).map { Double(2 + 4 * $0) } + [40]
        #expect(Set(segments.compactMap { $0["track"] as? Int }) == [0, 1, 2])
        for s in segments {
            let start = s["start"] as? Double ?? -1, end = s["end"] as? Double ?? -1
            #expect(lineTimes.contains { abs($0 - start) <= 0.05 }, "start \(start) is not on a lyric line")
            #expect(lineTimes.contains { abs($0 - end) <= 0.05 }, "end \(end) is not on a lyric line")
        }
        let total = segments.reduce(0.0) { $0 + (($1["end"] as? Double ?? 0) - ($1["start"] as? Double ?? 0)) }
            - segments.dropLast().reduce(0.0) { $0 + ($1["crossfadeAfter"] as? Double ?? 0) }
        #expect(abs(total - 32) <= 3.2, "total \(total) s")
        #expect(FileManager.default.fileExists(atPath: "\(w.dir)/out/loopback-mashup-\(provider).mp3"))

        // Fully cached, and provably offline: no request reaches the services.
        let before = services.requests.count
        let second = try Workspace.run(Workspace.binary, ["render", "ai.yaml", "--json", "--out", "out", "--offline"], cwd: w.dir, env: env)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(Set(second.statuses.values) == ["cached"])
        #expect(services.requests.count == before)
    }

    @Test("--offline refuses a stage that would need the network, with a clear message")
    func offlineRefuses() throws {
        let media = try Self.songs.get()
        let services = try FakeServices(media: media)
        let w = try Workspace()
        try manifest(port: services.port, provider: "heuristic").write(toFile: "\(w.dir)/ai.yaml", atomically: true, encoding: .utf8)
        let r = try Workspace.run(Workspace.binary, ["render", "ai.yaml", "--offline"], cwd: w.dir, env: ["INTELLIMIX_CACHE_DIR": "\(w.dir)/cache"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("needs the network, but the render is --offline"))
        #expect(services.requests.isEmpty)
    }
}

@Suite("Transcription and lyric alignment on loopback services", .serialized)
struct TranscriptionFlowTests {
    @Test("plain lyrics are aligned to a transcript with word errors: each line lands within 0.5 s of where it is sung")
    func alignThroughStages() throws {
        let media = try AIFlowTests.songs.get()
        let services = try FakeServices(media: media)
        let w = try Workspace()
        let lines = ["one wakes up in the morning", "one walks along the river", "one sings the golden chorus",
                     "hands up for the golden chorus", "we all sing the golden chorus", "one takes a quiet break",
                     "one sings the golden chorus", "hands up for the golden chorus", "we all sing the golden chorus", "one says goodbye"]
        let yaml = """
        version: 1
        name: aligned
        stages:
          - { id: song, kind: source, path: "\(media)/one.wav" }
          - { id: heard, kind: transcribe, input: song }
          - id: words
            kind: lyrics
            input: song
            lookup: false
            transcript: heard.transcript
            text: |
        \(lines.map { "      \($0)" }.joined(separator: "\n"))
        """
        try yaml.write(toFile: "\(w.dir)/aligned.yaml", atomically: true, encoding: .utf8)
        let env = ["TRANSCRIBE_BASE_URL": "http://127.0.0.1:\(services.port)/v1", "TRANSCRIBE_API_KEY": "test-key",
                   "INTELLIMIX_CACHE_DIR": "\(w.dir)/cache"]
        let r = try Workspace.run(Workspace.binary, ["render", "aligned.yaml", "--json"], cwd: w.dir, env: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(services.requests.contains { $0.hasPrefix("POST /v1/audio/transcriptions") })
        let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] ?? [:]
        let stage = (obj["stages"] as? [[String: Any]] ?? []).first { $0["id"] as? String == "words" } ?? [:]
        #expect((stage["metadata"] as? [String: Any])?["origin"] as? String == "inline+aligned")
        let key = try #require(stage["key"] as? String)
        let entry = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(w.dir)/cache/actions/\(key.prefix(2))/\(key).json"))) as? [String: Any]
        let digest = try #require(((entry?["outputs"] as? [String: Any])?["lyrics"] as? [String: Any])?["digest"] as? String)
        let lyrics = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(w.dir)/cache/blobs/\(digest.prefix(2))/\(digest)"))) as? [String: Any]
        let timed = lyrics?["lines"] as? [[String: Any]] ?? []
        #expect(timed.count == lines.count)
        for (i, line) in timed.enumerated() {
            let start = line["start"] as? Double ?? -1
            #expect(abs(start - Double(2 + 4 * i)) <= 0.5, "line \(i) starts at \(start)")
        }
    }
}

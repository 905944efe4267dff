// An LRCLIB miss: stored as "no lyrics found" with a warning and an expiry; asked again once it expires or on
// --refresh, reused (with a warning) when --offline. The lyrics database is a stub; the track is generated.
import Foundation
import Logging
import Mashup
import Pipeline
import Stages
import Testing

@Suite("Lyrics lookups that find nothing", .serialized)
struct LyricsMissTests {
    static let yaml = """
    version: 1
    name: misses
    stages:
      - { id: song, kind: source, path: t.wav }
      - { id: words, kind: lyrics, input: song, title: Nowhere Song, artist: Nobody }
    """

    /// Moves the cached entry of `report`'s `words` stage `seconds` into the past of its expiry.
    func expire(_ h: RenderHarness, _ report: RenderReport) throws {
        let key = try #require(report.stages.first { $0.id == "words" }?.key.flatMap { Digest(hex: $0) })
        var entry = try #require(h.cache.action(for: key))
        #expect(entry.expires != nil)
        entry.expires = Date().addingTimeInterval(-1)
        try h.cache.store(entry)
    }

    @Test("a miss warns, is cached with an expiry, asks again once expired or refreshed, and is reused offline")
    func miss() async throws {
        let h = try RenderHarness()
        try RenderHarness.ffmpeg(["-f", "lavfi", "-i", "sine=d=5", "-ac", "2", "\(h.dir)/t.wav"])
        let lyrics = StubLyrics(nil)
        let providers = StageProviders(lyrics: lyrics)
        let m = try h.manifest(Self.yaml, providers: providers)
        func words(_ r: RenderReport) throws -> StageReport { try #require(r.stages.first { $0.id == "words" }) }

        let first = await h.render(m, providers: providers)
        #expect(first.succeeded)
        #expect(try words(first).status == .ran)
        #expect(try words(first).warnings?.first?.contains("no lyrics found on LRCLIB for 'Nowhere Song' by Nobody") == true)
        #expect(try words(first).metadata["origin"] == .string("not_found"))
        #expect(lyrics.lookups.withLock { $0 } == 1)

        // Within the day: served from the cache, still with its warning, no new lookup.
        let second = await h.render(m, providers: providers)
        #expect(try words(second).status == .cached)
        #expect(try words(second).warnings == words(first).warnings)
        #expect(lyrics.lookups.withLock { $0 } == 1)

        // Expired: explain says so, and a render asks again (and now finds lyrics).
        try expire(h, second)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let plan = await PipelineRunner(registry: StageCatalog.standard(providers: providers), cache: h.cache, logger: logger)
            .plan(m, options: RenderOptions(outputDirectory: "\(h.dir)/out"))
        let reasons = try #require(plan.first { $0.id == "words" })
        #expect(reasons.decision == .run && reasons.reasons.first?.hasPrefix("the cached result expired") == true, "\(reasons.reasons)")

        // Offline, the expired entry is used rather than fail.
        let offline = await h.render(m, providers: providers, options: RenderOptions(jobs: 2, offline: true))
        #expect(offline.succeeded)
        #expect(try words(offline).status == .cached)
        #expect(try words(offline).warnings?.contains { $0.contains("used it because the render is --offline") } == true)
        #expect(lyrics.lookups.withLock { $0 } == 1)

        lyrics.result.withLock { $0 = LyricsLookupResult(synced: "[00:01.00]found at last", plain: nil, instrumental: false) }
        let third = await h.render(m, providers: providers)
        #expect(try words(third).status == .ran)
        #expect(try words(third).warnings == nil)
        #expect(lyrics.lookups.withLock { $0 } == 2)
        // Found lyrics do not expire.
        let thirdKey = try words(third).key
        let key = try #require(thirdKey.flatMap { Digest(hex: $0) })
        #expect(h.cache.action(for: key)?.expires == nil)

        // --refresh asks again at once.
        let refreshed = await h.render(m, providers: providers, options: RenderOptions(jobs: 2, refresh: ["words"]))
        #expect(try words(refreshed).status == .ran)
        #expect(lyrics.lookups.withLock { $0 } == 3)
    }

    @Test("retry_miss_after sets how long a miss is trusted; the warning says when it asks again")
    func setting() async throws {
        let h = try RenderHarness()
        try RenderHarness.ffmpeg(["-f", "lavfi", "-i", "sine=d=5", "-ac", "2", "\(h.dir)/t.wav"])
        let providers = StageProviders(lyrics: StubLyrics(nil))
        let m = try h.manifest(Self.yaml.replacingOccurrences(of: "artist: Nobody }", with: "artist: Nobody, retry_miss_after: 7200 }"), providers: providers)
        let report = await h.render(m, providers: providers)
        let stage = try #require(report.stages.first { $0.id == "words" })
        #expect(stage.warnings?.first?.contains("after 2 hours asks again") == true, "\(stage.warnings ?? [])")
        let key = try #require(stage.key.flatMap { Digest(hex: $0) })
        let entry = try #require(h.cache.action(for: key))
        let left = try #require(entry.expires).timeIntervalSince(entry.created)
        #expect(abs(left - 7200) < 1)
    }
}

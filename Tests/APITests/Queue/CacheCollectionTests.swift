// The service's own cache collection: CACHE_MAX_SIZE is parsed and checked, a pass brings a cache over the limit under
// it with the existing collector and its lock, and a worker runs a pass after each job it finishes.
import Foundation
import Logging
import Pipeline
import Testing
@testable import API

@Suite("Cache collection by the service", .serialized)
struct CacheCollectionTests {
    /// Adds `count` unreferenced blobs of `bytes` random bytes each.
    static func fill(_ cache: CacheDirectory, count: Int, bytes: Int) throws {
        for _ in 0..<count {
            let file = NSTemporaryDirectory() + "junk-\(UUID().uuidString)"
            let data = Data((0..<bytes).map { _ in UInt8.random(in: 0...255) })
            #expect(FileManager.default.createFile(atPath: file, contents: data))
            _ = try cache.blobs.ingest(moving: file, kind: .media)
        }
    }

    /// The bytes the cache's blobs take.
    static func size(_ cache: CacheDirectory) -> Int64 { cache.blobs.list().reduce(0) { $0 + $1.size } }

    @Test("CACHE_MAX_SIZE takes sizes such as 20G and 500M, defaults to 20 GiB, and refuses nonsense")
    func settings() throws {
        #expect(try AppConfig(environment: [:]).cacheMaxSize == 20 << 30)
        #expect(try AppConfig(environment: ["CACHE_MAX_SIZE": "500M"]).cacheMaxSize == 500 << 20)
        #expect(CacheCollectionService.parseSize("2GiB") == 2 << 30 && CacheCollectionService.parseSize("1024") == 1024)
        #expect(CacheCollectionService.parseSize("1.5K") == 1536 && CacheCollectionService.parseSize("-1G") == nil)
        #expect(throws: ConfigError.self) { try AppConfig(environment: ["CACHE_MAX_SIZE": "lots"]) }
    }

    @Test("a pass brings a cache over CACHE_MAX_SIZE under it; under the limit nothing is deleted")
    func pass() async throws {
        let root = NSTemporaryDirectory() + "cache-gc-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let cache = try CacheDirectory(root: root)
        try Self.fill(cache, count: 3, bytes: 100_000)
        let roomy = CacheCollectionService(cache: cache, maxSize: 1 << 20, logger: Logger(label: "test"))
        _ = await roomy.collect()
        #expect(Self.size(cache) == 300_000)
        let tight = CacheCollectionService(cache: cache, maxSize: 150_000, logger: Logger(label: "test"))
        let plan = try #require(await tight.collect())
        #expect(plan.bytesBefore == 300_000 && plan.bytesAfter <= 150_000)
        #expect(Self.size(cache) <= 150_000)
    }

    @Test("fill the cache over a small CACHE_MAX_SIZE, finish a job: the worker's pass brings the cache under the limit")
    func afterJob() async throws {
        let app = try await APITestApp(env: ["CACHE_MAX_SIZE": "2M"])
        try app.startWorkers(1)
        // The worker's first idle check runs a pass at once; fill the cache after it.
        try await Task.sleep(for: .milliseconds(400))
        let cache = try CacheDirectory(root: app.config.cacheRoot)
        try Self.fill(cache, count: 3, bytes: 1 << 20)
        try await Task.sleep(for: .milliseconds(300))
        #expect(Self.size(cache) >= 3 << 20, "no pass before a job ends (the next idle check is an hour away)")
        try await app.test { client in
            let user = try await client.register("gc@example.com")
            let job = try await client.runCutJob(try TestAudio.noiseMP3(seconds: 2), end: 1, format: "mp3", name: "short", token: user.access)
            #expect(job["status"] as? String == "succeeded", "\(job)")
            let deadline = ContinuousClock.now + .seconds(10)
            while Self.size(cache) > 2 << 20, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
            #expect(Self.size(cache) <= 2 << 20, "cache is \(Self.size(cache)) bytes")
            #expect(Self.size(cache) > 0, "the job's own blobs stay")
        }
        await app.shutdown()
    }
}

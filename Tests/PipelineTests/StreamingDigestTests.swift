// The digest computed while a file is written equals the file's digest, and the blob store uses it only when it fits.
import Foundation
import Testing
@testable import Pipeline

@Suite("Streaming digest")
struct StreamingDigestTests {
    private func tempDir() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("im-sd-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("bytes fed in uneven chunks give the file's digest and size; no result unless the writer says it fed the whole file")
    func matchesFile() throws {
        let data = Data((0..<300_001).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        let digest = StreamingDigest()
        var offset = 0
        for size in [1, 4096, 65_537, 0, 100_000] + [Int](repeating: 50_000, count: 10) where offset < data.count {
            let end = min(data.count, offset + size)
            data[offset..<end].withUnsafeBytes { digest.consume($0) }
            offset = end
        }
        #expect(digest.result() == nil)
        digest.writerFinished(wholeFile: true)
        let streamed = try #require(digest.result())
        #expect(streamed.digest == Digest.of(data) && streamed.size == Int64(data.count))

        let partial = StreamingDigest()
        data.withUnsafeBytes { partial.consume($0) }
        partial.writerFinished(wholeFile: false)
        #expect(partial.result() == nil)
    }

    @Test("ingest uses a known digest when the file has its size, and hashes the file when it does not")
    func ingestKnown() throws {
        let cache = try CacheDirectory(root: try tempDir())
        let bytes = Data(repeating: 9, count: 20_000)
        let file = "\(cache.root)/tmp/a"
        try bytes.write(to: URL(fileURLWithPath: file))
        let right = try cache.blobs.ingest(moving: file, kind: .audio, known: (Digest.of(bytes), Int64(bytes.count)))
        #expect(right.digest == Digest.of(bytes))
        #expect(cache.blobs.verify(right))

        // A stale size (the file is not what was streamed): the store hashes the file instead of trusting it.
        let other = Data(repeating: 3, count: 1_000)
        try other.write(to: URL(fileURLWithPath: file))
        let hashed = try cache.blobs.ingest(moving: file, kind: .audio, known: (Digest.of(bytes), Int64(bytes.count)))
        #expect(hashed.digest == Digest.of(other) && hashed.size == 1_000)
        #expect(cache.blobs.verify(hashed))
    }

    @Test("a stage's history record is rewritten only when its key changes (a warm re-render writes none)")
    func historyOnlyOnChange() throws {
        let cache = try CacheDirectory(root: try tempDir())
        let first = Digest.of("one"), second = Digest.of("two")
        try cache.recordHistory(manifest: "m", stage: "s", key: first, ingredients: IngredientRecord())
        let path = try #require(FileManager.default.subpaths(atPath: "\(cache.root)/history")?.first { $0.hasSuffix("s.json") })
        let full = "\(cache.root)/history/\(path)"
        func inode() throws -> UInt64 { (try FileManager.default.attributesOfItem(atPath: full)[.systemFileNumber] as? UInt64) ?? 0 }
        let before = try inode()
        try cache.recordHistory(manifest: "m", stage: "s", key: first, ingredients: IngredientRecord())
        #expect(try inode() == before, "the same key must not rewrite the record")
        try cache.recordHistory(manifest: "m", stage: "s", key: second, ingredients: IngredientRecord())
        #expect(try inode() != before)
        #expect(cache.history(manifest: "m", stage: "s")?.key == second)
    }
}

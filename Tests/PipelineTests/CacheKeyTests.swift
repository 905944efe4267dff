import Foundation
import Testing
@testable import Pipeline

@Suite("Cache keys")
struct CacheKeyTests {
    let digestA = Digest.of("a")
    let digestB = Digest.of("b")

    func stage(_ settings: [String: Value], kind: String = "crossfade") -> StageInstance {
        StageInstance(id: "mix", declarationId: "mix", kind: kind, index: nil, settings: settings,
                      inputs: [InputBinding(field: "inputs", position: 0, stage: "a", output: "audio"),
                               InputBinding(field: "inputs", position: 1, stage: "b", output: "audio")],
                      location: SourceLocation(file: "m", line: 1, column: 1))
    }

    func key(_ s: StageInstance, version: Int = 1, tools: [String: String] = ["libavcodec": "59.37.100"],
             audio: AudioFormat = AudioFormat(), inputs: [Digest]? = nil, external: [Ingredient] = []) -> (Digest, IngredientRecord) {
        let digests = inputs ?? [digestA, digestB]
        let r = CacheKey.compute(stage: s, version: version, toolVersions: tools, audio: audio,
                                 inputs: zip(s.inputs, digests).map { ($0, $1) }, external: external)
        return (r.key, r.record)
    }

    @Test("the same ingredients give the same key, whatever the dictionary order")
    func stable() {
        var settings: [String: Value] = [:]
        for (k, v) in [("duration", Value.double(2)), ("curve", .string("linear")), ("z", .int(1))] { settings[k] = v }
        var reversed: [String: Value] = [:]
        for (k, v) in settings.reversed() { reversed[k] = v }
        #expect(key(stage(settings)).0 == key(stage(reversed)).0)
        // The record re-hashes to the same key: the explanation cannot drift from the key.
        let (k, record) = key(stage(settings))
        #expect(record.key == k)
    }

    @Test("every ingredient changes the key")
    func eachIngredientMatters() {
        let base = stage(["duration": .double(2), "curve": .string("equal-power")])
        let (k0, _) = key(base)
        let variants: [(String, Digest)] = [
            ("kind", key(stage(["duration": .double(2), "curve": .string("equal-power")], kind: "other")).0),
            ("version", key(base, version: 2).0),
            ("setting", key(stage(["duration": .double(3), "curve": .string("equal-power")])).0),
            ("new setting", key(stage(["duration": .double(2), "curve": .string("equal-power"), "x": .bool(true)])).0),
            ("input digest", key(base, inputs: [digestA, Digest.of("c")]).0),
            ("input order", key(base, inputs: [digestB, digestA]).0),
            ("tool version", key(base, tools: ["libavcodec": "59.37.101"]).0),
            ("audio format", key(base, audio: AudioFormat(sampleRate: 48000, channels: 2)).0),
            ("external", key(base, external: [Ingredient("source.digest", "abc")]).0),
        ]
        for (name, k) in variants { #expect(k != k0, "changing \(name) must change the key") }
        #expect(Set(variants.map(\.1)).count == variants.count)
    }

    @Test("length prefixes keep different ingredient lists from colliding")
    func noConcatenationCollision() {
        var a = KeyHasher(), b = KeyHasher()
        a.add(Ingredient("ab", "c"))
        b.add(Ingredient("a", "bc"))
        #expect(a.finalize() != b.finalize())
    }

    @Test("explain describes exactly the ingredients that changed")
    func explainMatchesKey() {
        let (_, old) = key(stage(["duration": .double(2), "curve": .string("equal-power")]))
        let (_, new) = key(stage(["duration": .double(3), "curve": .string("equal-power")]), inputs: [digestA, Digest.of("c")])
        #expect(new.changes(since: old, stageId: "mix") == ["mix.duration 2 -> 3", "input b changed digest"])
        let (_, toolChange) = key(stage(["duration": .double(2), "curve": .string("equal-power")]), tools: ["libavcodec": "60.0.0"])
        #expect(toolChange.changes(since: old, stageId: "mix") == ["tool libavcodec 59.37.100 -> 60.0.0"])
        let (_, same) = key(stage(["duration": .double(2), "curve": .string("equal-power")]))
        #expect(same.changes(since: old, stageId: "mix").isEmpty)
    }

    @Test("canonical values: sorted keys, integral doubles as integers, escaped strings")
    func canonical() {
        let v: Value = .object(["b": .double(2.0), "a": .array([.string("x\"y"), .double(0.5), .null])])
        #expect(v.canonical == #"{"a":["x\"y",0.5,null],"b":2}"#)
    }
}

@Suite("Blob store and action cache")
struct StoreTests {
    func tempDir() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("im-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("a corrupt or truncated blob fails verification and is removed")
    func corruptBlob() throws {
        let cache = try CacheDirectory(root: try tempDir())
        let file = "\(cache.root)/tmp/x"
        try Data(repeating: 7, count: 10_000).write(to: URL(fileURLWithPath: file))
        let artifact = try cache.blobs.ingest(moving: file, kind: .audio)
        #expect(cache.blobs.verify(artifact))
        let path = cache.blobs.path(for: artifact.digest)
        chmod(path, 0o644)
        // Same size, one byte flipped: only a re-hash can tell.
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        data[5000] = 8
        try data.write(to: URL(fileURLWithPath: path))
        #expect(cache.blobs.contains(artifact))
        #expect(!cache.blobs.verify(artifact))
        #expect(!FileManager.default.fileExists(atPath: path))
        // Truncated.
        try Data(repeating: 7, count: 10_000).write(to: URL(fileURLWithPath: file))
        let again = try cache.blobs.ingest(moving: file, kind: .audio)
        chmod(path, 0o644)
        try Data(repeating: 7, count: 10).write(to: URL(fileURLWithPath: cache.blobs.path(for: again.digest)))
        #expect(!cache.blobs.contains(again))
    }

    @Test("action entries round-trip; an unreadable entry is a miss")
    func actions() throws {
        let cache = try CacheDirectory(root: try tempDir())
        let key = Digest.of("key")
        var record = IngredientRecord()
        record.add(Ingredient("stage.kind", "cut"))
        let entry = ActionEntry(key: key, kind: "cut", stageId: "a", outputs: ["audio": Artifact(digest: Digest.of("x"), size: 1, kind: .audio)],
                                metadata: ["duration": .double(1.5)], publish: nil, ingredients: record, created: Date(), seconds: 0.1)
        try cache.store(entry)
        #expect(cache.action(for: key)?.metadata["duration"] == .double(1.5))
        let path = "\(cache.root)/actions/\(key.hex.prefix(2))/\(key.hex).json"
        try Data("{ truncated".utf8).write(to: URL(fileURLWithPath: path))
        #expect(cache.action(for: key) == nil)
    }

    @Test("gc keeps what the latest render references and drops least recently used entries")
    func gc() throws {
        let cache = try CacheDirectory(root: try tempDir())
        func put(_ name: String, size: Int, age: TimeInterval) throws -> ActionEntry {
            let file = "\(cache.root)/tmp/\(name)"
            try Data(repeating: UInt8(size % 251), count: size).write(to: URL(fileURLWithPath: file))
            let artifact = try cache.blobs.ingest(moving: file, kind: .audio)
            let entry = ActionEntry(key: Digest.of(name), kind: "cut", stageId: name, outputs: ["audio": artifact], metadata: [:],
                                    publish: nil, ingredients: IngredientRecord(), created: Date(), seconds: 0)
            try cache.store(entry)
            let path = "\(cache.root)/actions/\(entry.key.hex.prefix(2))/\(entry.key.hex).json"
            let t = Date().addingTimeInterval(-age).timeIntervalSince1970
            var times = [timeval(tv_sec: Int(t), tv_usec: 0), timeval(tv_sec: Int(t), tv_usec: 0)]
            utimes(path, &times)
            return entry
        }
        let old = try put("old", size: 4000, age: 3000)
        let mid = try put("mid", size: 3000, age: 2000)
        let kept = try put("kept", size: 5000, age: 5000)   // oldest, but the latest render uses it
        _ = try put("new", size: 2000, age: 10)
        try Data(repeating: 1, count: 100).write(to: URL(fileURLWithPath: "\(cache.root)/tmp/orphan"))
        let orphan = try cache.blobs.ingest(moving: "\(cache.root)/tmp/orphan", kind: .audio)
        try cache.recordRender(RenderRecord(manifest: "m", at: Date(), keys: [kept.key], blobs: [kept.outputs["audio"]!.digest]))
        let collector = CacheCollector(cache: cache)
        let plan = collector.plan(maxSize: 8000)
        #expect(plan.actions.map(\.stageId) == ["old", "mid"])
        #expect(Set(plan.blobs.map(\.digest)) == [orphan.digest, old.outputs["audio"]!.digest, mid.outputs["audio"]!.digest])
        #expect(plan.bytesAfter == 7000)
        collector.apply(plan)
        #expect(cache.action(for: kept.key) != nil)
        #expect(cache.action(for: old.key) == nil)
        #expect(cache.blobs.list().count == 2)
    }
}

// The ONE function that lists a stage's cache-key ingredients, and its two sinks:
// a hasher that makes the key and a record that explains it. They cannot drift apart.
import Crypto
import Foundation

/// One named ingredient of a cache key, such as `setting.duration = 2`.
public struct Ingredient: Sendable, Hashable, Codable {
    /// The name, dotted: `stage.kind`, `setting.start`, `input.inputs[1]`, `tool.libavcodec`.
    public var name: String
    /// The canonical value text.
    public var value: String

    /// Creates an ingredient.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// A consumer of key ingredients.
public protocol IngredientSink {
    /// Takes one ingredient, in order.
    mutating func add(_ ingredient: Ingredient)
}

/// Hashes ingredients into the key: each name and value length-prefixed, so no two lists collide.
public struct KeyHasher: IngredientSink {
    private var hasher = SHA256()

    /// Creates an empty hasher.
    public init() {}

    /// Adds an ingredient.
    public mutating func add(_ ingredient: Ingredient) {
        for part in [ingredient.name, ingredient.value] {
            let bytes = Array(part.utf8)
            withUnsafeBytes(of: UInt64(bytes.count).littleEndian) { hasher.update(bufferPointer: $0) }
            hasher.update(data: bytes)
        }
    }

    /// The key.
    public func finalize() -> Digest { Digest(hasher.finalize()) }
}

/// Keeps ingredients as a readable list, stored beside the result.
public struct IngredientRecord: IngredientSink, Sendable, Codable, Hashable {
    /// The ingredients in the order written.
    public private(set) var ingredients: [Ingredient] = []

    /// Creates an empty record.
    public init() {}

    /// Adds an ingredient.
    public mutating func add(_ ingredient: Ingredient) { ingredients.append(ingredient) }

    /// The value of a named ingredient.
    public subscript(name: String) -> String? { ingredients.first { $0.name == name }?.value }

    /// The record re-hashed: the key it explains.
    public var key: Digest {
        var h = KeyHasher()
        for i in ingredients { h.add(i) }
        return h.finalize()
    }

    /// Human-readable differences from an older record, such as `mix.duration 2 -> 3`.
    public func changes(since old: IngredientRecord, stageId: String) -> [String] {
        var out: [String] = []
        let oldMap = Dictionary(old.ingredients.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        let newMap = Dictionary(ingredients.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        for i in ingredients {
            let before = oldMap[i.name]
            guard before != i.value else { continue }
            out.append(CacheKey.describeChange(name: i.name, old: before, new: i.value, stageId: stageId))
        }
        for i in old.ingredients where newMap[i.name] == nil {
            out.append(CacheKey.describeChange(name: i.name, old: i.value, new: nil, stageId: stageId))
        }
        return out
    }
}

/// Cache-key construction for stage instances.
public enum CacheKey {
    /// Bumped whenever the cache layout or key recipe changes; part of every key.
    public static let formatVersion = 1

    /// Writes every ingredient of a stage's key to a sink. This is the only place keys are defined.
    /// - Parameters:
    ///   - stage: the resolved stage instance (kind and settings).
    ///   - implementation: its version and tool versions.
    ///   - audio: the working audio format.
    ///   - inputs: the content digest of each input binding, in binding order.
    ///   - external: ingredients from outside the manifest (a source file's digest, say).
    public static func writeIngredients<S: IngredientSink>(
        stage: StageInstance, version: Int, toolVersions: [String: String], audio: AudioFormat,
        inputs: [(InputBinding, Digest)], external: [Ingredient], to sink: inout S
    ) {
        sink.add(Ingredient("cache.format", String(formatVersion)))
        sink.add(Ingredient("stage.kind", stage.kind))
        sink.add(Ingredient("stage.version", String(version)))
        for tool in toolVersions.keys.sorted() { sink.add(Ingredient("tool.\(tool)", toolVersions[tool]!)) }
        sink.add(Ingredient("audio.sample_rate", String(audio.sampleRate)))
        sink.add(Ingredient("audio.channels", String(audio.channels)))
        for name in stage.settings.keys.sorted() { sink.add(Ingredient("setting.\(name)", stage.settings[name]!.canonical)) }
        for (binding, digest) in inputs {
            sink.add(Ingredient("input.\(binding.field)[\(binding.position)]", "\(binding.label)@\(digest.hex)"))
        }
        for e in external { sink.add(Ingredient("external.\(e.name)", e.value)) }
    }

    /// The key and its readable record in one pass, through the one ingredient function.
    public static func compute(
        stage: StageInstance, version: Int, toolVersions: [String: String], audio: AudioFormat,
        inputs: [(InputBinding, Digest)], external: [Ingredient]
    ) -> (key: Digest, record: IngredientRecord) {
        var both = TeeSink()
        writeIngredients(stage: stage, version: version, toolVersions: toolVersions, audio: audio,
                         inputs: inputs, external: external, to: &both)
        return (both.hasher.finalize(), both.record)
    }

    /// Text for one changed ingredient.
    static func describeChange(name: String, old: String?, new: String?, stageId: String) -> String {
        if name.hasPrefix("setting.") {
            let field = "\(stageId).\(name.dropFirst("setting.".count))"
            switch (old, new) {
            case (nil, let n?): return "\(field) set to \(n)"
            case (let o?, nil): return "\(field) removed (was \(o))"
            default: return "\(field) \(old ?? "") -> \(new ?? "")"
            }
        }
        if name.hasPrefix("input.") {
            let label = (new ?? old ?? "").split(separator: "@").first.map(String.init) ?? name
            let stage = label.split(separator: ".").first.map(String.init) ?? label
            if old == nil { return "new input \(stage)" }
            if new == nil { return "input \(stage) removed" }
            let oldStage = old!.split(separator: "@").first.map(String.init) ?? ""
            if oldStage != label { return "input \(name.dropFirst("input.".count)) now reads \(stage) (was \(oldStage.split(separator: ".").first ?? ""))" }
            return "input \(stage) changed digest"
        }
        if name.hasPrefix("external.") {
            return "\(name.dropFirst("external.".count)) changed" + (old != nil && new != nil ? " (\(short(old!)) -> \(short(new!)))" : "")
        }
        if name.hasPrefix("tool.") { return "tool \(name.dropFirst("tool.".count)) \(old ?? "none") -> \(new ?? "none")" }
        return "\(name) \(old ?? "none") -> \(new ?? "none")"
    }

    private static func short(_ v: String) -> String { v.count > 16 ? String(v.prefix(12)) : v }
}

/// A sink that feeds both the hasher and the record.
struct TeeSink: IngredientSink {
    var hasher = KeyHasher()
    var record = IngredientRecord()
    mutating func add(_ ingredient: Ingredient) {
        hasher.add(ingredient)
        record.add(ingredient)
    }
}

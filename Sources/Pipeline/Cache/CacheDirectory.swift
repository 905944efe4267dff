// The on-disk cache: blob store, action cache, per-stage history, render records, locking and GC.
// Knows nothing of stage kinds or how outputs are produced.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A cache folder shared by any number of concurrent renders.
///
/// Layout: `blobs/xx/<sha256>` (content-addressed), `actions/xx/<key>.json` (key -> outputs),
/// `history/<manifest>/<stage>.json` (last ingredients per stage id, for explain),
/// `renders/<manifest>.json` (what the latest render used, for GC), `files/` (source digests by
/// size and mtime), `tmp/` (staging on the same file system), `lock` (shared by renders,
/// exclusive for GC).
public final class CacheDirectory: Sendable {
    /// The cache root.
    public let root: String
    /// The blob store.
    public let blobs: BlobStore

    /// Opens (and creates) a cache directory.
    public init(root: String) throws {
        let absolute = URL(fileURLWithPath: root).standardizedFileURL.path
        self.root = absolute
        let fm = FileManager.default
        for sub in ["actions", "history", "renders", "files", "tmp"] {
            try fm.createDirectory(atPath: "\(absolute)/\(sub)", withIntermediateDirectories: true)
        }
        blobs = try BlobStore(root: "\(absolute)/blobs", tmp: "\(absolute)/tmp")
        let versionFile = "\(absolute)/VERSION"
        if !fm.fileExists(atPath: versionFile) {
            try AtomicFile.write(Data("intellimix-cache \(CacheKey.formatVersion)\n".utf8), to: versionFile)
        }
    }

    /// The default cache folder: `$INTELLIMIX_CACHE_DIR`, else `$XDG_CACHE_HOME/intellimix`, else `~/.cache/intellimix`.
    public static func defaultRoot(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let dir = environment["INTELLIMIX_CACHE_DIR"], !dir.isEmpty { return dir }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return "\(xdg)/intellimix" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return "\(home)/.cache/intellimix"
    }

    // MARK: Locking

    /// An advisory lock on the cache, released when the value is dropped.
    public final class Lock: Sendable {
        private let fd: Int32
        init(fd: Int32) { self.fd = fd }
        deinit {
            flock(fd, LOCK_UN)
            close(fd)
        }
    }

    /// Takes the cache lock: shared for renders, exclusive for GC. Blocks until granted.
    public func lock(exclusive: Bool) throws -> Lock {
        let fd = open("\(root)/lock", O_RDWR | O_CREAT, 0o644)
        guard fd >= 0 else { throw POSIXError.current(path: "\(root)/lock") }
        while flock(fd, exclusive ? LOCK_EX : LOCK_SH) != 0 {
            if errno != EINTR {
                let e = POSIXError.current(path: "\(root)/lock")
                close(fd)
                throw e
            }
        }
        return Lock(fd: fd)
    }

    // MARK: Action cache

    private func actionPath(_ key: Digest) -> String { "\(root)/actions/\(key.hex.prefix(2))/\(key.hex).json" }

    /// The entry for a key, or nil on a miss (an unreadable entry is a miss). Marks the entry used.
    public func action(for key: Digest, touch: Bool = true) -> ActionEntry? {
        let path = actionPath(key)
        guard let data = FileManager.default.contents(atPath: path),
              let entry = try? JSONDecoder.cache.decode(ActionEntry.self, from: data), entry.key == key else { return nil }
        if touch { utimes(path, nil) }
        return entry
    }

    /// Stores an entry atomically.
    public func store(_ entry: ActionEntry) throws {
        try AtomicFile.write(try JSONEncoder.cache.encode(entry), to: actionPath(entry.key))
    }

    /// Forgets a key (its blobs stay until GC).
    public func removeAction(_ key: Digest) { unlink(actionPath(key)) }

    // MARK: History and render records

    private static func safeName(_ s: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.[]")
        let mapped = String(s.map { allowed.contains($0) ? $0 : "_" })
        return mapped.hasPrefix(".") ? "_" + mapped : mapped
    }

    private func historyPath(manifest: String, stage: String) -> String {
        "\(root)/history/\(Self.safeName(manifest))-\(Digest.of(manifest).short)/\(Self.safeName(stage)).json"
    }

    /// The ingredients a stage id had at its last render.
    public func history(manifest: String, stage: String) -> StageHistoryRecord? {
        guard let data = FileManager.default.contents(atPath: historyPath(manifest: manifest, stage: stage)) else { return nil }
        return try? JSONDecoder.cache.decode(StageHistoryRecord.self, from: data)
    }

    /// Records a stage id's ingredients after a render; nothing is written when the record already has this key (the
    /// same key means the same ingredients), so a warm re-render does not rewrite and fsync a file per stage.
    public func recordHistory(manifest: String, stage: String, key: Digest, ingredients: IngredientRecord) throws {
        if history(manifest: manifest, stage: stage)?.key == key { return }
        let rec = StageHistoryRecord(key: key, ingredients: ingredients, at: Date())
        try AtomicFile.write(try JSONEncoder.cache.encode(rec), to: historyPath(manifest: manifest, stage: stage))
    }

    /// Records what a render used, replacing that manifest's previous record.
    public func recordRender(_ record: RenderRecord) throws {
        let path = "\(root)/renders/\(Self.safeName(record.manifest))-\(Digest.of(record.manifest).short).json"
        try AtomicFile.write(try JSONEncoder.cache.encode(record), to: path)
    }

    /// The latest render record of every manifest.
    public func renderRecords() -> [RenderRecord] {
        let dir = "\(root)/renders"
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).compactMap { name in
            guard name.hasSuffix(".json"), let data = FileManager.default.contents(atPath: "\(dir)/\(name)") else { return nil }
            return try? JSONDecoder.cache.decode(RenderRecord.self, from: data)
        }
    }

    /// Every action entry with its file size and last-used time.
    public func listActions() -> [(entry: ActionEntry, lastUsed: Date, path: String)] {
        var out: [(ActionEntry, Date, String)] = []
        let fm = FileManager.default
        let dir = "\(root)/actions"
        for shard in (try? fm.contentsOfDirectory(atPath: dir)) ?? [] {
            for name in (try? fm.contentsOfDirectory(atPath: "\(dir)/\(shard)")) ?? [] where name.hasSuffix(".json") {
                let path = "\(dir)/\(shard)/\(name)"
                guard let data = fm.contents(atPath: path), let e = try? JSONDecoder.cache.decode(ActionEntry.self, from: data) else { continue }
                var st = stat()
                stat(path, &st)
                out.append((e, Date(timeIntervalSince1970: TimeInterval(st.st_mtim.tv_sec) + TimeInterval(st.st_mtim.tv_nsec) / 1e9), path))
            }
        }
        return out
    }

    /// A fresh private folder under `tmp/` for a running stage.
    public func makeWorkDirectory() throws -> String {
        let path = "\(root)/tmp/work-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Removes staging files left by crashed renders (only call under the exclusive lock).
    public func clearTemporaryFiles() {
        let dir = "\(root)/tmp"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] {
            try? FileManager.default.removeItem(atPath: "\(dir)/\(name)")
        }
    }

    /// File digests remembered by path, size and modification time.
    public var fileDigests: FileDigestCache { FileDigestCache(root: "\(root)/files") }
}

extension JSONEncoder {
    /// The encoder for cache files: sorted keys, ISO dates.
    static var cache: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted]
        e.dateEncodingStrategy = .iso8601
        return e
    }
}

extension JSONDecoder {
    /// The decoder for cache files.
    static var cache: JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }
}

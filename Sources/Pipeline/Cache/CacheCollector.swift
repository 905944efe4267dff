// Cache garbage collection: what to delete to get under a size limit, least recently used first,
// never touching what the latest render of each manifest references. Planning is separate from deleting.
import Foundation

/// A GC plan: what would be deleted and what stays.
public struct CollectionPlan: Sendable {
    /// Action entries to delete, oldest first.
    public var actions: [(key: Digest, stageId: String, kind: String, lastUsed: Date)]
    /// Blobs to delete, with sizes.
    public var blobs: [(digest: Digest, size: Int64)]
    /// Bytes the cache holds now.
    public var bytesBefore: Int64
    /// Bytes it will hold after.
    public var bytesAfter: Int64
    /// Bytes held by what the latest renders reference (never collected).
    public var protectedBytes: Int64
}

/// Plans and applies cache garbage collection.
public struct CacheCollector {
    /// The cache.
    public let cache: CacheDirectory

    /// Creates a collector.
    public init(cache: CacheDirectory) { self.cache = cache }

    /// Plans a collection: unreferenced blobs always go; then least recently used entries until under `maxSize`.
    public func plan(maxSize: Int64?) -> CollectionPlan {
        let actions = cache.listActions().sorted { $0.lastUsed < $1.lastUsed }
        let blobList = cache.blobs.list()
        var blobSize: [Digest: Int64] = [:]
        for b in blobList { blobSize[b.digest] = b.size }
        let records = cache.renderRecords()
        let protectedKeys = Set(records.flatMap(\.keys))
        let protectedBlobs = Set(records.flatMap(\.blobs))

        // How many live entries reference each blob.
        var refs: [Digest: Int] = [:]
        for a in actions { for o in a.entry.outputs.values { refs[o.digest, default: 0] += 1 } }

        var deleteBlobs: [(Digest, Int64)] = []
        var total: Int64 = blobList.reduce(0) { $0 + $1.size }
        let before = total
        for b in blobList where refs[b.digest] == nil && !protectedBlobs.contains(b.digest) {
            deleteBlobs.append((b.digest, b.size))
            total -= b.size
        }
        var deleteActions: [(Digest, String, String, Date)] = []
        if let maxSize {
            for a in actions where total > maxSize && !protectedKeys.contains(a.entry.key) {
                deleteActions.append((a.entry.key, a.entry.stageId, a.entry.kind, a.lastUsed))
                for o in Set(a.entry.outputs.values.map(\.digest)) {
                    refs[o, default: 1] -= 1
                    if refs[o] == 0 && !protectedBlobs.contains(o), let size = blobSize[o] {
                        deleteBlobs.append((o, size))
                        total -= size
                    }
                }
            }
        }
        let protectedBytes = protectedBlobs.reduce(Int64(0)) { $0 + (blobSize[$1] ?? 0) }
        return CollectionPlan(actions: deleteActions.map { (key: $0.0, stageId: $0.1, kind: $0.2, lastUsed: $0.3) },
                              blobs: deleteBlobs.map { (digest: $0.0, size: $0.1) },
                              bytesBefore: before, bytesAfter: total, protectedBytes: protectedBytes)
    }

    /// Runs a plan; call while holding the exclusive cache lock.
    public func apply(_ plan: CollectionPlan) {
        for a in plan.actions { cache.removeAction(a.key) }
        for b in plan.blobs { cache.blobs.remove(b.digest) }
        cache.clearTemporaryFiles()
    }
}

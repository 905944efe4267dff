// Content-addressed blob storage: files named by their SHA-256, written atomically, verified on use.
// Knows nothing of stages, keys or manifests.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A folder of immutable files named by digest.
public struct BlobStore: Sendable {
    /// The folder holding `xx/<hex>` files.
    public let root: String
    /// Scratch folder on the same file system, for atomic renames.
    public let tmp: String

    /// Opens (and creates) a blob store.
    public init(root: String, tmp: String) throws {
        self.root = root
        self.tmp = tmp
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
    }

    /// Where a blob lives (it may not exist).
    public func path(for digest: Digest) -> String {
        "\(root)/\(digest.hex.prefix(2))/\(digest.hex)"
    }

    /// Whether a blob exists with the expected size (a cheap check; see `verify`).
    public func contains(_ artifact: Artifact) -> Bool {
        var st = stat()
        return stat(path(for: artifact.digest), &st) == 0 && Int64(st.st_size) == artifact.size
    }

    /// Re-hashes a blob. A missing, truncated or corrupt blob is deleted and reported as false.
    public func verify(_ artifact: Artifact) -> Bool {
        let p = path(for: artifact.digest)
        guard contains(artifact), let (d, size) = try? Digest.ofFile(at: p), d == artifact.digest, size == artifact.size else {
            unlink(p)
            return false
        }
        return true
    }

    /// Moves a finished file into the store (it must be on the same file system) and returns its record. `known` is the
    /// digest and size its writer computed while writing it; it is used when the file has that size, else the file is hashed.
    public func ingest(moving file: String, kind: ArtifactKind, known: (digest: Digest, size: Int64)? = nil) throws -> Artifact {
        var st = stat()
        let (digest, size): (Digest, Int64)
        if let known, stat(file, &st) == 0, Int64(st.st_size) == known.size {
            (digest, size) = known
        } else {
            (digest, size) = try Digest.ofFile(at: file)
        }
        let artifact = Artifact(digest: digest, size: size, kind: kind)
        let dest = path(for: digest)
        if contains(artifact) {
            unlink(file)
            return artifact
        }
        try FileManager.default.createDirectory(atPath: (dest as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        chmod(file, 0o444)
        try AtomicFile.rename(file, to: dest)
        return artifact
    }

    /// Copies any file into the store, hashing it as it is copied.
    public func ingest(copying file: String, kind: ArtifactKind) throws -> Artifact {
        let staged = "\(tmp)/ingest-\(UUID().uuidString)"
        do {
            try FileManager.default.copyItem(atPath: file, toPath: staged)
            return try ingest(moving: staged, kind: kind)
        } catch {
            unlink(staged)
            throw error
        }
    }

    /// Every stored blob with its size and last access or modification time.
    public func list() -> [(digest: Digest, size: Int64, modified: Date)] {
        var out: [(Digest, Int64, Date)] = []
        let fm = FileManager.default
        for shard in (try? fm.contentsOfDirectory(atPath: root)) ?? [] {
            for name in (try? fm.contentsOfDirectory(atPath: "\(root)/\(shard)")) ?? [] {
                guard let d = Digest(hex: name) else { continue }
                var st = stat()
                guard stat("\(root)/\(shard)/\(name)", &st) == 0 else { continue }
                out.append((d, Int64(st.st_size), Date(timeIntervalSince1970: TimeInterval(st.st_mtim.tv_sec))))
            }
        }
        return out
    }

    /// Deletes a blob.
    public func remove(_ digest: Digest) { unlink(path(for: digest)) }
}

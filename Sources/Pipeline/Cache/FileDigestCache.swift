// Remembers the digests of local files by path, size, inode and modification time,
// so an unchanged 100 MB source is not re-hashed on every render. Knows nothing of stages.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Digests of local files, re-hashed only when their size, inode or mtime changed.
public struct FileDigestCache: Sendable {
    /// The folder of remembered digests.
    public let root: String

    struct Entry: Codable {
        var path: String
        var size: Int64
        var inode: UInt64
        var mtimeNanos: Int64
        var digest: Digest
    }

    /// The digest and size of the file at an absolute path.
    public func digest(of path: String) throws -> (Digest, Int64) {
        var st = stat()
        guard stat(path, &st) == 0 else { throw POSIXError.current(path: path) }
        let mtime = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
        let record = "\(root)/\(Digest.of(path).hex).json"
        if let data = FileManager.default.contents(atPath: record), let e = try? JSONDecoder().decode(Entry.self, from: data),
           e.path == path, e.size == Int64(st.st_size), e.inode == UInt64(st.st_ino), e.mtimeNanos == mtime,
           // A file modified within the last two seconds may change again within the same mtime tick.
           Date().timeIntervalSince1970 - Double(st.st_mtim.tv_sec) > 2 {
            return (e.digest, e.size)
        }
        let (digest, size) = try Digest.ofFile(at: path)
        let entry = Entry(path: path, size: size, inode: UInt64(st.st_ino), mtimeNanos: mtime, digest: digest)
        try? AtomicFile.write(try JSONEncoder().encode(entry), to: record)
        return (digest, size)
    }
}

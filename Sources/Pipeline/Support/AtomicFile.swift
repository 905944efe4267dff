// Whole-file writes that are never seen half-done: temp file, fsync, rename.
// Knows nothing of what the bytes mean.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Atomic file operations.
public enum AtomicFile {
    /// Writes data to path through a temp file in the same folder, fsynced, then renamed.
    public static func write(_ data: Data, to path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let tmp = (dir as NSString).appendingPathComponent(".tmp-\(UUID().uuidString)")
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw POSIXError.current(path: tmp) }
        var ok = false
        defer {
            if !ok { unlink(tmp) }
        }
        try data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    let e = POSIXError.current(path: tmp)
                    close(fd)
                    throw e
                }
                offset += n
            }
        }
        fsync(fd)
        close(fd)
        try rename(tmp, to: path)
        ok = true
    }

    /// Renames atomically, replacing the destination.
    public static func rename(_ from: String, to: String) throws {
        if Glibc.rename(from, to) != 0 { throw POSIXError.current(path: to) }
    }

    /// Copies a file to path atomically (temp copy in the destination folder, then rename).
    public static func copy(from source: String, to path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let tmp = (dir as NSString).appendingPathComponent(".tmp-\(UUID().uuidString)")
        do {
            try FileManager.default.copyItem(atPath: source, toPath: tmp)
            try rename(tmp, to: path)
        } catch {
            unlink(tmp)
            throw error
        }
    }
}

extension POSIXError {
    /// The current errno as an error that names the path.
    static func current(path: String) -> Error {
        let code = errno
        return NSError(domain: NSPOSIXErrorDomain, code: Int(code),
                       userInfo: [NSLocalizedDescriptionKey: "\(path): \(String(cString: strerror(code)))"])
    }
}

// RawFile: a thin owner of one POSIX file descriptor (positional reads/writes, fsync, rename, unlink).
// Knows nothing about WAV or audio; every failure becomes a DSPError naming the path.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Owns one open file descriptor and closes it on deinit.
final class RawFile {
    let path: String
    private(set) var fd: Int32

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = fd
    }

    deinit { if fd >= 0 { _ = systemClose(fd) } }

    /// Opens an existing file for reading.
    static func openForReading(_ path: String) throws -> RawFile {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw RawFile.error("cannot open '\(path)' for reading", path: path) }
        return RawFile(path: path, fd: fd)
    }

    /// Creates a new file that must not exist yet (O_EXCL), for writing.
    static func createExclusive(_ path: String) throws -> RawFile {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw RawFile.error("cannot create '\(path)'", path: path) }
        return RawFile(path: path, fd: fd)
    }

    /// Size of the file in bytes.
    func size() throws -> Int64 {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw RawFile.error("cannot stat '\(path)'", path: path) }
        return Int64(st.st_size)
    }

    /// Reads up to `count` bytes at `offset`; returns fewer only at end of file.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws -> Int {
        var done = 0
        while done < buffer.count {
            let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw RawFile.error("cannot read '\(path)'", path: path)
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// Writes all of `bytes` at `offset`.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws {
        var done = 0
        while done < bytes.count {
            let n = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw RawFile.error("cannot write '\(path)'", path: path)
            }
            done += n
        }
    }

    /// Flushes file data and metadata to stable storage.
    func sync() throws {
        guard fsync(fd) == 0 else { throw RawFile.error("cannot fsync '\(path)'", path: path) }
    }

    /// Closes the descriptor, reporting a failed close (which can mean lost writes).
    func close() throws {
        guard fd >= 0 else { return }
        let result = systemClose(fd)
        fd = -1
        guard result == 0 else { throw RawFile.error("cannot close '\(path)'", path: path) }
    }

    /// Atomically renames `from` to `to` (same file system), replacing `to`.
    static func rename(_ from: String, to: String) throws {
        #if canImport(Glibc)
        let result = Glibc.rename(from, to)
        #else
        let result = Darwin.rename(from, to)
        #endif
        guard result == 0 else { throw RawFile.error("cannot rename '\(from)' to '\(to)'", path: to) }
    }

    /// Removes a file, ignoring errors (used for cleanup of temp files).
    static func removeQuietly(_ path: String) {
        _ = unlink(path)
    }

    /// Fsyncs a directory so a rename inside it is durable; failures are ignored.
    static func syncDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        _ = systemClose(fd)
    }

    /// The DSPError for the current errno.
    static func error(_ what: String, path: String) -> DSPError {
        let reason = String(cString: strerror(errno))
        return DSPError(.io, path: path, "\(what): \(reason)")
    }
}

/// `close` clashes with the method name inside RawFile; this calls the C function.
private func systemClose(_ fd: Int32) -> Int32 {
    #if canImport(Glibc)
    return Glibc.close(fd)
    #else
    return Darwin.close(fd)
    #endif
}

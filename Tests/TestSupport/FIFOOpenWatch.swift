// FIFOOpenWatch: a named pipe that records whether anything opened it for reading. A writer thread blocks
// in open() until a reader appears; shared test support, knows nothing about FFmpeg.
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A FIFO at `path` whose opening by a reader is observable (a plain file's access time is not reliable).
public final class FIFOOpenWatch: @unchecked Sendable {
    /// Where the FIFO is.
    public let path: String
    private let opened = DispatchSemaphore(value: 0)

    /// Makes the FIFO and starts the writer that waits for a reader.
    public init(path: String) throws {
        guard mkfifo(path, 0o600) == 0 else { throw FIFOError(path: path, errno: errno) }
        self.path = path
        let opened = self.opened
        let thread = Thread {
            let fd = open(path, O_WRONLY)
            if fd >= 0 { close(fd) }
            opened.signal()
        }
        thread.start()
    }

    /// True when a reader opened the FIFO (waiting up to `grace` seconds); then releases the writer. Call once.
    public func wasOpened(grace: Double = 0.5) -> Bool {
        if opened.wait(timeout: .now() + grace) == .success { return true }
        let fd = open(path, O_RDONLY | O_NONBLOCK)
        opened.wait()
        if fd >= 0 { close(fd) }
        return false
    }
}

/// mkfifo failed.
public struct FIFOError: Error {
    /// The path.
    public let path: String
    /// The errno.
    public let errno: Int32
}

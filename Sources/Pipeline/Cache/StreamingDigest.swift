// The SHA-256 of a file computed while it is being written, on a queue of its own, so the stage that writes it goes on
// and the cache need not read the file back to name it. The producer says at the end whether the bytes it fed are
// exactly the file; if not, there is no result and the cache hashes the file as usual.
import Crypto
import Foundation

/// A digest of bytes fed in order, computed off the producer's thread.
public final class StreamingDigest: @unchecked Sendable {
    private let queue = DispatchQueue(label: "intellimix.streaming-digest")
    /// Chunks fed but not yet hashed, at most this many: the producer waits rather than piling up copies (a
    /// 60-minute mix is 1.2 GB of float WAV).
    private let inFlight = DispatchSemaphore(value: 32)
    // Touched only on `queue`.
    private var hasher = SHA256()
    private var size: Int64 = 0
    private var complete = false

    /// Starts an empty digest.
    public init() {}

    /// Feeds the next bytes (copied, so the caller may reuse its buffer); waits while 32 chunks are still unhashed.
    public func consume(_ bytes: UnsafeRawBufferPointer) {
        let copy = Data(bytes)
        inFlight.wait()
        queue.async {
            self.hasher.update(data: copy)
            self.size += Int64(copy.count)
            self.inFlight.signal()
        }
    }

    /// The producer is done; `wholeFile` says whether what it fed is exactly the finished file.
    public func writerFinished(wholeFile: Bool) {
        queue.async { self.complete = wholeFile }
    }

    /// The digest and size of the whole file, once every byte fed is hashed; nil unless the producer said it fed the
    /// whole file.
    public func result() -> (digest: Digest, size: Int64)? {
        queue.sync { complete ? (Digest(hasher.finalize()), size) : nil }
    }
}

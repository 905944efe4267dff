// Where a parallel encode's runs read their input: float interleaved PCM from any frame on.

/// Float interleaved PCM that can be read from any frame; each run of a parallel encode opens one of its own.
public protocol PCMFrameSource: AnyObject {
    /// Moves the read position to `frame`.
    func seek(toFrame frame: Int)
    /// Reads up to `maxFrames` frames into `buffer` (capacity at least maxFrames × channels); returns frames read, 0 at the end.
    func read(into buffer: UnsafeMutableBufferPointer<Float>, maxFrames: Int) throws -> Int
}

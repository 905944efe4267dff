// Streaming: the chunk size every streaming loop in the DSP target reads and writes with.
// Knows nothing about what is streamed.

/// Shared constants for chunked processing.
enum Streaming {
    /// Frames per chunk: 32768 frames of stereo float is 256 KiB, so a few buffers stay far under 1 MB.
    static let chunkFrames = 32768
}

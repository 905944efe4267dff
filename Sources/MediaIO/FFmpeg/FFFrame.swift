// Owns one AVFrame (and the sample buffers it references).
// Knows nothing about what the samples mean.

import CFFmpeg

/// An `AVFrame` freed with `av_frame_free` when this object goes away.
final class FFFrame {
    let pointer: UnsafeMutablePointer<AVFrame>

    init() {
        guard let frame = av_frame_alloc() else { fatalError("av_frame_alloc failed: out of memory") }
        pointer = frame
    }

    deinit {
        var frame: UnsafeMutablePointer<AVFrame>? = pointer
        av_frame_free(&frame)
    }

    /// Drops the buffers the frame references (the frame itself stays usable).
    func unref() { av_frame_unref(pointer) }

    /// The plane pointers, typed the way `av_audio_fifo_*` wants them.
    var planes: UnsafeMutablePointer<UnsafeMutableRawPointer?> {
        UnsafeMutableRawPointer(pointer.pointee.extended_data).assumingMemoryBound(to: UnsafeMutableRawPointer?.self)
    }
}

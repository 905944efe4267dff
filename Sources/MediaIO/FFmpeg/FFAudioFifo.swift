// Owns one AVAudioFifo, which regroups converted samples into the encoder's frame size.
// Knows nothing about codecs beyond a sample format and channel count.

import CFFmpeg

/// An `AVAudioFifo` freed with `av_audio_fifo_free` when this object goes away.
final class FFAudioFifo {
    let pointer: OpaquePointer

    init(format: AVSampleFormat, channels: Int32, capacity: Int32) {
        guard let fifo = av_audio_fifo_alloc(format, channels, capacity) else {
            fatalError("av_audio_fifo_alloc failed: out of memory")
        }
        pointer = fifo
    }

    deinit { av_audio_fifo_free(pointer) }

    /// Frames currently buffered.
    var count: Int32 { av_audio_fifo_size(pointer) }
}

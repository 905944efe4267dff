// Owns one AVCodecContext (a decoder or an encoder instance).
// Knows nothing about containers; callers configure and open it.

import CFFmpeg

/// An `AVCodecContext` freed with `avcodec_free_context` when this object goes away.
final class FFCodecContext {
    let pointer: UnsafeMutablePointer<AVCodecContext>
    let codec: UnsafePointer<AVCodec>

    init(codec: UnsafePointer<AVCodec>) {
        guard let context = avcodec_alloc_context3(codec) else { fatalError("avcodec_alloc_context3 failed: out of memory") }
        self.codec = codec
        pointer = context
    }

    deinit {
        var context: UnsafeMutablePointer<AVCodecContext>? = pointer
        avcodec_free_context(&context)
    }
}

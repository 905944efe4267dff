// Owns one AVPacket.
// Knows nothing about streams or codecs.

import CFFmpeg

/// An `AVPacket` freed with `av_packet_free` when this object goes away.
final class FFPacket {
    let pointer: UnsafeMutablePointer<AVPacket>

    init() {
        guard let packet = av_packet_alloc() else { fatalError("av_packet_alloc failed: out of memory") }
        pointer = packet
    }

    deinit {
        var packet: UnsafeMutablePointer<AVPacket>? = pointer
        av_packet_free(&packet)
    }

    /// Drops the data the packet references.
    func unref() { av_packet_unref(pointer) }
}

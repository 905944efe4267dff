// Scoped AVChannelLayout values: default layouts for a channel count, and a frame's layout made usable.
// Knows nothing about resampling; it only makes sure every layout it builds is uninitialised again.

import CFFmpeg

/// Helpers that hand out an `AVChannelLayout` for the duration of a closure, then `av_channel_layout_uninit` it.
enum FFChannelLayout {
    /// The default layout (mono, stereo, 5.1 ...) for a channel count.
    static func withDefault<R>(channels: Int32, _ body: (UnsafePointer<AVChannelLayout>) throws -> R) rethrows -> R {
        var layout = AVChannelLayout()
        av_channel_layout_default(&layout, channels)
        defer { av_channel_layout_uninit(&layout) }
        return try body(&layout)
    }

    /// A copy of `source`, or the default layout for its channel count when its order is unspecified.
    static func withUsable<R>(_ source: UnsafePointer<AVChannelLayout>, _ body: (UnsafePointer<AVChannelLayout>) throws -> R) rethrows -> R {
        var layout = AVChannelLayout()
        if source.pointee.order == AV_CHANNEL_ORDER_UNSPEC || av_channel_layout_check(source) == 0 {
            av_channel_layout_default(&layout, max(source.pointee.nb_channels, 1))
        } else {
            av_channel_layout_copy(&layout, source)
        }
        defer { av_channel_layout_uninit(&layout) }
        return try body(&layout)
    }
}

// Owns one SwrContext converting sample format, rate and channel layout.
// Knows nothing about where the samples come from or go.

import CFFmpeg

/// A configured `SwrContext` freed with `swr_free`, remembering its input parameters.
final class FFResampler {
    let pointer: OpaquePointer
    let inputFormat: AVSampleFormat
    let inputRate: Int32
    private var inputLayout = AVChannelLayout()

    /// Builds and initialises a resampler; `inLayout`/`outLayout` are copied.
    init(inLayout: UnsafePointer<AVChannelLayout>, inFormat: AVSampleFormat, inRate: Int32,
         outLayout: UnsafePointer<AVChannelLayout>, outFormat: AVSampleFormat, outRate: Int32) throws {
        var context: OpaquePointer?
        var rc = swr_alloc_set_opts2(&context, UnsafeMutablePointer(mutating: outLayout), outFormat, outRate,
                                     UnsafeMutablePointer(mutating: inLayout), inFormat, inRate, 0, nil)
        guard rc >= 0, let context else { throw FFmpegCallError(rc, "swr_alloc_set_opts2") }
        rc = swr_init(context)
        if rc < 0 {
            var doomed: OpaquePointer? = context
            swr_free(&doomed)
            throw FFmpegCallError(rc, "swr_init")
        }
        pointer = context
        inputFormat = inFormat
        inputRate = inRate
        av_channel_layout_copy(&inputLayout, inLayout)
    }

    deinit {
        var context: OpaquePointer? = pointer
        swr_free(&context)
        av_channel_layout_uninit(&inputLayout)
    }

    /// Whether frames with these parameters can go through this resampler unchanged.
    func accepts(format: AVSampleFormat, rate: Int32, layout: UnsafePointer<AVChannelLayout>) -> Bool {
        format == inputFormat && rate == inputRate && av_channel_layout_compare(&inputLayout, layout) == 0
    }

    /// An upper bound on the frames the next conversion of `inputFrames` frames can produce.
    func maxOutput(for inputFrames: Int32) -> Int32 {
        max(swr_get_out_samples(pointer, inputFrames), 0) + 32
    }
}

/// A failed FFmpeg call: its return code and the function's name.
struct FFmpegCallError: Error {
    let code: Int32
    let function: String
    init(_ code: Int32, _ function: String) {
        self.code = code
        self.function = function
    }
    var text: String { "\(function): \(FFmpegText.describe(code))" }
}

// Encodes one run of a parallel MP3 encode with a LAME instance of its own, keeping the packets (one MP3 frame each)
// in memory with their facts. Also builds the codec context both this and the muxer describe the stream from.
import CFFmpeg
import Foundation

/// One run's output: the packets in order and the parsed frame facts.
struct MP3RunOutput: Sendable {
    /// The run it encoded.
    var run: MP3SeamPlan.Run
    /// Each packet's bytes (one MP3 frame).
    var frames: [[UInt8]]
    /// Each frame's header and side-info facts.
    var infos: [MP3FrameInfo]
    /// Each packet's duration in samples.
    var durations: [Int64]
    /// Each packet's AV_PKT_DATA_SKIP_SAMPLES side data, when it had some (the first and the last packets).
    var skipSamples: [[UInt8]?]
}

/// Encodes runs of input with libmp3lame.
enum MP3RunEncoder {
    /// A LAME encoder context for `format` at the input's rate and channels, opened.
    static func openContext(format: EncodeFormat, layout: AudioLayout, path: String) throws -> FFCodecContext {
        guard let codec = avcodec_find_encoder_by_name("libmp3lame") else {
            throw MediaError.unsupported(path, "this FFmpeg has no libmp3lame encoder")
        }
        let encoder = FFCodecContext(codec: codec)
        let context = encoder.pointer
        context.pointee.sample_rate = Int32(layout.sampleRate)
        context.pointee.sample_fmt = AV_SAMPLE_FMT_FLTP
        av_channel_layout_default(&context.pointee.ch_layout, Int32(layout.channels))
        context.pointee.time_base = AVRational(num: 1, den: Int32(layout.sampleRate))
        AudioEncoder.applyRate(format, to: context)
        let rc = avcodec_open2(context, codec, nil)
        if rc < 0 { throw MediaError.unsupported(path, "cannot open the libmp3lame encoder for \(format)", FFmpegText.describe(rc)) }
        return encoder
    }

    /// Encodes `run` of `source`, calling `progress` with input frames done since the last call.
    static func encode(_ run: MP3SeamPlan.Run, format: EncodeFormat, layout: AudioLayout, source: PCMFrameSource, path: String,
                       progress: (Int) throws -> Void) throws -> MP3RunOutput {
        let encoder = try openContext(format: format, layout: layout, path: path)
        let context = encoder.pointer
        let frameSize = Int(context.pointee.frame_size)
        let channels = layout.channels
        var output = MP3RunOutput(run: run, frames: [], infos: [], durations: [], skipSamples: [])
        let frame = FFFrame(), packet = FFPacket()
        var buffer = [Float](repeating: 0, count: frameSize * channels)
        source.seek(toFrame: run.inputStart)
        var position = run.inputStart

        func drain() throws {
            while true {
                let rc = avcodec_receive_packet(context, packet.pointer)
                if rc == im_averror_eagain() || rc == im_averror_eof() { return }
                if rc < 0 { throw MediaError.encodeFailed(path, "the mp3 encoder failed", FFmpegText.describe(rc)) }
                let p = packet.pointer.pointee
                let bytes = Array(UnsafeBufferPointer(start: p.data, count: Int(p.size)))
                guard let info = MP3FrameInfo(bytes), info.length == bytes.count else {
                    throw MediaError.encodeFailed(path, "the mp3 encoder gave a packet that is not one MPEG-1 Layer III frame", nil)
                }
                var sideSize = 0
                let side = av_packet_get_side_data(packet.pointer, AV_PKT_DATA_SKIP_SAMPLES, &sideSize)
                output.frames.append(bytes)
                output.infos.append(info)
                output.durations.append(p.duration)
                output.skipSamples.append(side.map { Array(UnsafeBufferPointer(start: $0, count: sideSize)) })
                packet.unref()
            }
        }

        while position < run.inputEnd {
            let wanted = min(frameSize, run.inputEnd - position)
            let got = try buffer.withUnsafeMutableBufferPointer { try source.read(into: $0, maxFrames: wanted) }
            guard got > 0 else { throw MediaError.invalid(path, "the input ended at frame \(position), before \(run.inputEnd)") }
            frame.unref()
            let f = frame.pointer
            f.pointee.nb_samples = Int32(got)
            f.pointee.format = AV_SAMPLE_FMT_FLTP.rawValue
            f.pointee.sample_rate = context.pointee.sample_rate
            av_channel_layout_copy(&f.pointee.ch_layout, &context.pointee.ch_layout)
            var rc = av_frame_get_buffer(f, 0)
            if rc < 0 { throw MediaError.encodeFailed(path, "out of memory", FFmpegText.describe(rc)) }
            for channel in 0..<channels {
                let plane = UnsafeMutableRawPointer(f.pointee.extended_data[channel]!).assumingMemoryBound(to: Float.self)
                for i in 0..<got { plane[i] = buffer[i * channels + channel] }
            }
            f.pointee.pts = Int64(position)
            rc = avcodec_send_frame(context, f)
            if rc < 0 { throw MediaError.encodeFailed(path, "the mp3 encoder rejected audio", FFmpegText.describe(rc)) }
            try drain()
            position += got
            try progress(got)
        }
        let rc = avcodec_send_frame(context, nil)
        if rc < 0 { throw MediaError.encodeFailed(path, "the mp3 encoder could not flush", FFmpegText.describe(rc)) }
        try drain()
        return output
    }
}

// Decodes a file's best audio stream to float interleaved PCM at a chosen layout, in bounded chunks, with sample-accurate seeks.
// Knows nothing about stages, caching or what the samples will be used for.

import CFFmpeg

/// Streams a file's audio as 32-bit float interleaved frames at `output`, resampled and remixed by libswresample.
///
/// Time 0 is the first audible sample: the stream's `start_time` (MP3 encoder delay, for one) is subtracted,
/// as the ffmpeg CLI does. Positions are output-rate frames. The instance owns its demuxer, decoder and
/// resampler and frees them in `deinit`; it is not thread-safe and its calls block, so use it from one task
/// off the cooperative pool. Memory stays bounded by the chunk sizes asked for, whatever the file's length.
public final class AudioDecoder {
    /// The file being decoded, as given.
    public let path: String
    /// The layout `read` delivers.
    public let output: AudioLayout
    /// What the container says about the decoded stream.
    public let sourceInfo: AudioFileInfo
    /// Absolute output frame index of the next frame `read` returns.
    public private(set) var positionFrames: Int64 = 0

    private let input: FFInputFile
    private let streamIndex: Int32
    private let stream: UnsafeMutablePointer<AVStream>
    private let decoder: FFCodecContext
    private let packet = FFPacket()
    private let frame = FFFrame()
    /// A frame whose packet is shorter than it, held back until we know whether it is the last one.
    private let heldFrame = FFFrame()
    private var holding = false
    private var resampler: FFResampler?
    private let streamStart: Int64
    /// Timestamp of the first decoded sample (stream time base): time 0. Learned from the first frame; until then
    /// the stream's start_time stands in. (They differ in WebM, whose start_time is rounded to 1 ms before the Opus pre-skip.)
    private var zeroPts: Int64?

    /// Decoded samples waiting for `read`, interleaved; the first `pendingOffset` floats were already handed out.
    private var pending: [Float] = []
    private var pendingOffset = 0
    /// Absolute output frame index of the next sample the resampler produces.
    private var producedUpTo: Int64 = 0
    /// Samples before this absolute index are dropped (the pre-roll of a seek).
    private var discardBefore: Int64 = 0
    private var anchor: Anchor = .firstFrameIsZero
    private var anchorFrame: Int64 = 0
    private var demuxerDone = false
    private var finished = false
    private var touched = false

    private var goodPackets = 0
    private var badPackets = 0
    private var consecutiveBad = 0
    private var decodedFrames = 0
    private var lastDecodeError: String?
    private var readError: String?

    /// How the next decoded frame is placed on the output timeline.
    private enum Anchor {
        /// Decoding from the start of the file: the first frame is time 0.
        case firstFrameIsZero
        /// After a container seek: the first frame with a timestamp is placed by that timestamp.
        case fromTimestamp
        /// Placed; later frames follow by sample count.
        case anchored
    }

    /// Gives up on a stream after this many packets in a row fail to decode.
    static let maxConsecutiveBadPackets = 100

    /// Opens `path` and prepares to decode its best audio stream to `output` (default 44100 Hz stereo).
    public init(path: String, output: AudioLayout = .working) throws {
        guard output.isValid else { throw MediaError.invalid(path, "unusable output layout \(output)") }
        self.path = path
        self.output = output
        input = try FFInputFile(path: path)
        let best = try input.bestAudioStream()
        streamIndex = best.index
        stream = best.stream
        sourceInfo = AudioFileInfo(context: input.pointer, stream: best.stream)
        streamStart = best.stream.pointee.start_time == im_nopts_value() ? 0 : best.stream.pointee.start_time
        guard let codec = best.decoder else {
            throw MediaError.decodeFailed(path, "this FFmpeg has no decoder for \(sourceInfo.codecName)")
        }
        decoder = FFCodecContext(codec: codec)
        for index in 0..<Int(input.pointer.pointee.nb_streams) where index != Int(best.index) {
            input.pointer.pointee.streams[index]?.pointee.discard = AVDISCARD_ALL
        }
        var rc = avcodec_parameters_to_context(decoder.pointer, best.stream.pointee.codecpar)
        if rc < 0 { throw MediaError.decodeFailed(path, FFmpegText.describe(rc)) }
        decoder.pointer.pointee.pkt_timebase = best.stream.pointee.time_base
        rc = avcodec_open2(decoder.pointer, codec, nil)
        if rc < 0 { throw MediaError.decodeFailed(path, "cannot open the \(sourceInfo.codecName) decoder: \(FFmpegText.describe(rc))") }
    }

    /// Output position of the next frame `read` returns, in seconds.
    public var positionSeconds: Double { Double(positionFrames) / Double(output.sampleRate) }

    /// Where the audio ended, in seconds, once `read` has returned empty (from the container when a seek went past the end).
    public var endSeconds: Double? {
        guard finished else { return nil }
        if anchor == .anchored { return Double(producedUpTo) / Double(output.sampleRate) }
        return sourceInfo.durationSeconds
    }

    /// Up to `maxFrames` interleaved frames (fewer only at the end); empty once the audio has ended.
    public func read(maxFrames: Int) throws -> [Float] {
        guard maxFrames > 0 else { return [] }
        let channels = output.channels
        while availableFrames < maxFrames && !finished {
            try step()
        }
        let count = min(maxFrames, availableFrames)
        guard count > 0 else { return [] }
        let chunk = Array(pending[pendingOffset ..< pendingOffset + count * channels])
        pendingOffset += count * channels
        positionFrames += Int64(count)
        compactPending()
        return chunk
    }

    /// Moves to `seconds` on the output timeline, sample-accurately (the next `read` starts at round(seconds × rate)).
    public func seek(toSeconds seconds: Double) throws {
        guard seconds.isFinite, seconds >= 0 else { throw MediaError.invalid(path, "cannot seek to \(seconds) s") }
        try seek(toFrame: Int64((seconds * Double(output.sampleRate)).rounded()))
    }

    /// Moves to an absolute output frame index: seeks the container about 0.5 s early, decodes and drops up to `frame`.
    public func seek(toFrame target: Int64) throws {
        guard target >= 0 else { throw MediaError.invalid(path, "cannot seek to frame \(target)") }
        FFmpegLog.clearForCurrentThread()
        let rate = Double(output.sampleRate)
        var preroll = 0.5
        while true {
            let seekSeconds = Double(target) / rate - preroll
            if seekSeconds <= 0 {
                if touched { try rewind() }
                anchor = .firstFrameIsZero
                discardBefore = target
                positionFrames = target
                return
            }
            if zeroPts == nil && !originLearned {
                try learnTimeOrigin()
            }
            let timeBase = stream.pointee.time_base
            let timestamp = timeOrigin + Int64((seekSeconds * Double(timeBase.den) / Double(timeBase.num)).rounded(.down))
            let rc = avformat_seek_file(input.pointer, streamIndex, Int64.min, timestamp, timestamp, 0)
            if rc < 0 {
                preroll = .infinity  // the container cannot seek there: decode from the start instead
                continue
            }
            resetDecodingState()
            touched = true
            anchor = .fromTimestamp
            discardBefore = target
            positionFrames = target
            while anchor != .anchored && !finished {
                try step()
            }
            if anchor == .anchored && anchorFrame > target {
                preroll *= 4  // the demuxer landed after the target: go back further
                continue
            }
            return
        }
    }

    // MARK: - Decoding loop

    private var availableFrames: Int { (pending.count - pendingOffset) / output.channels }

    /// One unit of work: take a decoded frame, or feed the decoder a packet, or finish at the end.
    private func step() throws {
        var rc = avcodec_receive_frame(decoder.pointer, frame.pointer)
        if rc >= 0 {
            defer { frame.unref() }
            try takeFrame()
            return
        }
        if rc == im_averror_eof() {
            try releaseHeldFrame(last: true)
            try flushResampler()
            finished = true
            try checkHealthAtEnd()
            return
        }
        if rc != im_averror_eagain() {
            try noteBadPacket(rc)
            return
        }
        if demuxerDone {
            // The decoder is drained but did not report EOF; nothing more can come.
            try releaseHeldFrame(last: true)
            try flushResampler()
            finished = true
            try checkHealthAtEnd()
            return
        }
        touched = true
        rc = av_read_frame(input.pointer, packet.pointer)
        if rc < 0 {
            if rc != im_averror_eof() { readError = FFmpegText.describe(rc) }
            demuxerDone = true
            _ = avcodec_send_packet(decoder.pointer, nil)
            return
        }
        defer { packet.unref() }
        guard packet.pointer.pointee.stream_index == streamIndex else { return }
        rc = avcodec_send_packet(decoder.pointer, packet.pointer)
        if rc < 0 && rc != im_averror_eagain() {
            try noteBadPacket(rc)
        } else {
            goodPackets += 1
            consecutiveBad = 0
        }
    }

    private func noteBadPacket(_ rc: Int32) throws {
        if rc == im_averror(ENOMEM) { throw MediaError.decodeFailed(path, FFmpegText.error(rc)) }
        badPackets += 1
        consecutiveBad += 1
        lastDecodeError = FFmpegText.describe(rc)
        if consecutiveBad >= Self.maxConsecutiveBadPackets {
            throw MediaError.decodeFailed(path, "\(consecutiveBad) packets in a row failed to decode: \(lastDecodeError ?? "")")
        }
    }

    /// Tolerates a few bad packets, as ffmpeg does, but not a stream where nothing or little decodes.
    private func checkHealthAtEnd() throws {
        if decodedFrames == 0 && badPackets > 0 {
            throw MediaError.decodeFailed(path, "no audio could be decoded: \(lastDecodeError ?? "")")
        }
        if decodedFrames == 0, let readError {
            throw MediaError.decodeFailed(path, "reading failed: \(readError)")
        }
        if badPackets >= 8 && badPackets > goodPackets {
            throw MediaError.decodeFailed(path, "\(badPackets) of \(badPackets + goodPackets) packets failed to decode: \(lastDecodeError ?? "")")
        }
    }

    /// Takes the frame just received: processes it, or holds it back when its packet is shorter than it.
    private func takeFrame() throws {
        guard frame.pointer.pointee.nb_samples > 0 else { return }
        decodedFrames += 1
        try releaseHeldFrame(last: false)
        if trimmedLength(frame.pointer) != nil {
            av_frame_move_ref(heldFrame.pointer, frame.pointer)
            holding = true
            return
        }
        try consume(frame.pointer, sampleCount: frame.pointer.pointee.nb_samples)
    }

    /// Processes a held frame: whole if more frames followed, trimmed to its packet's duration if it was the last.
    ///
    /// A last packet shorter than its decoded frame marks end padding that the container trims (the final AAC frame
    /// of an mp4 edit list); FFmpeg 5.1 decodes it whole, which makes the audio up to one frame too long. Earlier
    /// frames are never trimmed: Vorbis and WebM Opus packets legitimately disagree with their frame sizes.
    private func releaseHeldFrame(last: Bool) throws {
        guard holding else { return }
        holding = false
        defer { heldFrame.unref() }
        let held = heldFrame.pointer
        let count = last ? (trimmedLength(held) ?? held.pointee.nb_samples) : held.pointee.nb_samples
        try consume(held, sampleCount: count)
    }

    /// The frame's packet duration in samples when it is shorter than the frame, else nil.
    private func trimmedLength(_ decoded: UnsafeMutablePointer<AVFrame>) -> Int32? {
        guard decoded.pointee.pkt_duration > 0, decoded.pointee.sample_rate > 0 else { return nil }
        let packetSamples = av_rescale_q(decoded.pointee.pkt_duration, stream.pointee.time_base,
                                         AVRational(num: 1, den: decoded.pointee.sample_rate))
        return packetSamples > 0 && packetSamples < Int64(decoded.pointee.nb_samples) ? Int32(packetSamples) : nil
    }

    /// Time 0 on the stream's timeline: the first decoded sample's timestamp, or start_time until that is known.
    private var timeOrigin: Int64 { zeroPts ?? streamStart }
    private var originLearned = false

    /// Decodes the first frame to learn its timestamp (time 0); used once, before the first seek into the file.
    private func learnTimeOrigin() throws {
        originLearned = true
        if touched { try rewind() }
        anchor = .firstFrameIsZero
        discardBefore = Int64.max
        while anchor != .anchored && !finished {
            try step()
        }
    }

    /// Places a decoded frame on the output timeline and pushes its first `sampleCount` samples through the resampler.
    private func consume(_ decoded: UnsafeMutablePointer<AVFrame>, sampleCount: Int32) throws {
        let pts = decoded.pointee.pts != im_nopts_value() ? decoded.pointee.pts : decoded.pointee.best_effort_timestamp
        var newAnchor: Int64?
        switch anchor {
        case .firstFrameIsZero:
            newAnchor = 0
            if zeroPts == nil && pts != im_nopts_value() { zeroPts = pts }
        case .fromTimestamp:
            guard pts != im_nopts_value() else { return }  // pre-roll without a timestamp: wait for one
            newAnchor = av_rescale_q(pts - timeOrigin, stream.pointee.time_base, AVRational(num: 1, den: Int32(output.sampleRate)))
        case .anchored:
            break
        }
        let format = AVSampleFormat(rawValue: decoded.pointee.format)
        let rate = decoded.pointee.sample_rate
        try FFChannelLayout.withUsable(&decoded.pointee.ch_layout) { layout in
            if newAnchor == nil, let current = resampler, current.accepts(format: format, rate: rate, layout: layout) { return }
            if newAnchor == nil, resampler != nil { try flushResampler() }  // format change mid-stream
            resampler = nil
            do {
                resampler = try FFChannelLayout.withDefault(channels: Int32(output.channels)) { outLayout in
                    try FFResampler(inLayout: layout, inFormat: format, inRate: rate,
                                    outLayout: outLayout, outFormat: AV_SAMPLE_FMT_FLT, outRate: Int32(output.sampleRate))
                }
            } catch let error as FFmpegCallError {
                throw MediaError.decodeFailed(path, "cannot convert \(rate) Hz \(layout.pointee.nb_channels) ch audio: \(error.text)")
            }
        }
        if let newAnchor {
            producedUpTo = newAnchor
            anchorFrame = newAnchor
            anchor = .anchored
        }
        let input = UnsafeMutableRawPointer(decoded.pointee.extended_data).map {
            $0.assumingMemoryBound(to: UnsafePointer<UInt8>?.self)
        }
        _ = try convert(input, count: sampleCount)
    }

    /// Runs samples (or, with nil input, the resampler's buffered tail) into `pending`, dropping pre-roll.
    private func convert(_ input: UnsafeMutablePointer<UnsafePointer<UInt8>?>?, count: Int32) throws -> Int32 {
        guard let resampler else { return 0 }
        let channels = output.channels
        let capacity = resampler.maxOutput(for: count)
        let base = pending.count
        pending.append(contentsOf: repeatElement(0, count: Int(capacity) * channels))
        let produced = pending.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var out: UnsafeMutablePointer<UInt8>? = UnsafeMutableRawPointer(buffer.baseAddress! + base)
                .assumingMemoryBound(to: UInt8.self)
            return swr_convert(resampler.pointer, &out, capacity, input, count)
        }
        guard produced >= 0 else {
            pending.removeLast(Int(capacity) * channels)
            throw MediaError.decodeFailed(path, "resampling failed: \(FFmpegText.describe(produced))")
        }
        pending.removeLast(Int(capacity - produced) * channels)
        if producedUpTo < discardBefore {
            let drop = Int(min(Int64(produced), discardBefore - producedUpTo))
            pending.removeSubrange(base ..< base + drop * channels)
        }
        producedUpTo += Int64(produced)
        return produced
    }

    private func flushResampler() throws {
        while resampler != nil, try convert(nil, count: 0) > 0 {}
    }

    private func compactPending() {
        if pendingOffset >= pending.count {
            pending.removeAll(keepingCapacity: true)
            pendingOffset = 0
        } else if pendingOffset >= 1 << 16 {
            pending.removeFirst(pendingOffset)
            pendingOffset = 0
        }
    }

    // MARK: - Seeking helpers

    /// Back to the first packet, for seeks so close to the start that a pre-roll would reach before it.
    private func rewind() throws {
        var rc = avformat_seek_file(input.pointer, streamIndex, Int64.min, streamStart, streamStart, 0)
        if rc < 0 { rc = av_seek_frame(input.pointer, streamIndex, streamStart, AVSEEK_FLAG_BACKWARD) }
        if rc < 0 { throw MediaError.decodeFailed(path, "cannot seek back to the start: \(FFmpegText.describe(rc))") }
        resetDecodingState()
    }

    private func resetDecodingState() {
        avcodec_flush_buffers(decoder.pointer)
        heldFrame.unref()
        holding = false
        resampler = nil
        pending.removeAll(keepingCapacity: true)
        pendingOffset = 0
        demuxerDone = false
        finished = false
        consecutiveBad = 0
        producedUpTo = 0
    }
}

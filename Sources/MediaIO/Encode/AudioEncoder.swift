// Encodes float interleaved PCM to mp3, aac, opus, flac or wav, streaming, into a temp file renamed into place by finish().
// Knows nothing about where the samples come from; it never leaves a half-written file at the destination.

import CFFmpeg
import Foundation

/// Writes an audio file from float interleaved frames at `input`, converting to what the codec needs.
///
/// Output goes to a hidden temp file beside `path` that `finish()` fsyncs and renames over `path` atomically;
/// a failed write, or dropping the encoder before `finish()`, removes the temp file. The instance owns its muxer,
/// encoder, resampler and FIFO and frees them in `deinit`; it is not thread-safe and its calls block.
public final class AudioEncoder {
    /// The destination, as given.
    public let path: String
    /// The requested encoding.
    public let format: EncodeFormat
    /// The layout `write` expects.
    public let input: AudioLayout
    /// What the codec receives (opus always runs at 48 kHz; other codecs keep the input rate when they can).
    public let encodedLayout: AudioLayout
    /// Input frames accepted by `write` so far.
    public private(set) var framesWritten: Int64 = 0

    private let tempPath: String
    private let output: FFOutputFile
    private let encoder: FFCodecContext
    private let stream: UnsafeMutablePointer<AVStream>
    private let resampler: FFResampler
    private let fifo: FFAudioFifo
    private let scratch = FFFrame()
    private var scratchCapacity: Int32 = 0
    private let sendFrame = FFFrame()
    private let packet = FFPacket()
    private let frameSize: Int32
    private let capabilities: Int32
    private var samplesSent: Int64 = 0
    private var state = State.writing

    private enum State { case writing, finished, failed }

    /// Input frames converted per resampler call, which bounds the scratch buffers.
    private static let chunkFrames = 8192

    /// Prepares to write `path` (the file appears only when `finish()` succeeds), with metadata `tags` (title, artist, album, ...).
    public init(path: String, format: EncodeFormat, input: AudioLayout = .working, tags: [String: String] = [:]) throws {
        FFmpegLog.install()
        FFmpegLog.clearForCurrentThread()
        guard input.isValid else { throw MediaError.invalid(path, "unusable input layout \(input)") }
        try Self.validate(format, path: path)
        self.path = path
        self.format = format
        self.input = input

        let (encoderName, preferredFormats) = Self.encoderChoice(format)
        guard let codec = avcodec_find_encoder_by_name(encoderName) else {
            throw MediaError.unsupported(path, "this FFmpeg has no \(encoderName) encoder")
        }
        guard Self.supports(codec, channels: input.channels) else {
            throw MediaError.unsupported(path, "\(format.codec.rawValue) cannot hold \(input.channels) channels")
        }
        let url = URL(fileURLWithPath: path)
        tempPath = FFOutputFile.tempPath(beside: path)
        let muxer = Self.muxerName(format.codec, extension: url.pathExtension.lowercased())
        do {
            output = try FFOutputFile(formatName: muxer, path: tempPath)
        } catch let error as FFmpegCallError {
            throw MediaError.unsupported(path, "no \(muxer) muxer", error.text)
        }

        // Encoder settings.
        encoder = FFCodecContext(codec: codec)
        let context = encoder.pointer
        let sampleRate = Self.sampleRate(for: codec, format: format, input: input.sampleRate)
        encodedLayout = AudioLayout(sampleRate: sampleRate, channels: input.channels)
        context.pointee.sample_rate = Int32(sampleRate)
        context.pointee.sample_fmt = Self.sampleFormat(for: codec, preferred: preferredFormats)
        av_channel_layout_default(&context.pointee.ch_layout, Int32(input.channels))
        context.pointee.time_base = AVRational(num: 1, den: Int32(sampleRate))
        Self.applyRate(format, to: context)
        if (output.pointer.pointee.oformat.pointee.flags & AVFMT_GLOBALHEADER) != 0 {
            context.pointee.flags |= AV_CODEC_FLAG_GLOBAL_HEADER
        }
        var rc = avcodec_open2(context, codec, nil)
        if rc < 0 { throw MediaError.unsupported(path, "cannot open the \(encoderName) encoder for \(format)", FFmpegText.describe(rc)) }
        frameSize = context.pointee.frame_size > 0 ? context.pointee.frame_size : 4096
        capabilities = codec.pointee.capabilities

        // Stream, tags.
        guard let newStream = avformat_new_stream(output.pointer, nil) else {
            throw MediaError.encodeFailed(path, "cannot add a stream", nil)
        }
        stream = newStream
        rc = avcodec_parameters_from_context(newStream.pointee.codecpar, context)
        if rc < 0 { throw MediaError.encodeFailed(path, "cannot describe the stream", FFmpegText.describe(rc)) }
        newStream.pointee.time_base = context.pointee.time_base
        for (key, value) in tags.sorted(by: { $0.key < $1.key }) {
            av_dict_set(&output.pointer.pointee.metadata, key, value, 0)
        }

        // Conversion from float interleaved input to the encoder's format, rate and layout.
        do {
            resampler = try FFChannelLayout.withDefault(channels: Int32(input.channels)) { inLayout in
                try FFResampler(inLayout: inLayout, inFormat: AV_SAMPLE_FMT_FLT, inRate: Int32(input.sampleRate),
                                outLayout: &context.pointee.ch_layout, outFormat: context.pointee.sample_fmt,
                                outRate: context.pointee.sample_rate)
            }
        } catch let error as FFmpegCallError {
            throw MediaError.unsupported(path, "cannot convert \(input) for \(format)", error.text)
        }
        fifo = FFAudioFifo(format: context.pointee.sample_fmt, channels: Int32(input.channels), capacity: frameSize * 2)

        // From here on `deinit` runs on failure and removes the temp file.
        do {
            try output.open()
        } catch let error as FFmpegCallError {
            throw MediaError.io(path, "could not be created next to its destination", FFmpegText.describe(error.code))
        }
        rc = avformat_write_header(output.pointer, nil)
        if rc < 0 { throw MediaError.encodeFailed(path, "cannot write the \(muxer) header", FFmpegText.describe(rc)) }
    }

    deinit {
        if state != .finished { discardTempFile() }
    }

    /// Seconds of input accepted so far (frames counted, at the input rate).
    public var encodedDuration: Double { Double(framesWritten) / Double(input.sampleRate) }

    /// Encodes interleaved frames (count a multiple of `input.channels`).
    public func write(_ interleaved: [Float]) throws {
        try interleaved.withUnsafeBufferPointer { try write($0) }
    }

    /// Encodes interleaved frames from a buffer (count a multiple of `input.channels`).
    public func write(_ interleaved: UnsafeBufferPointer<Float>) throws {
        guard state == .writing else { throw MediaError.invalid(path, "the encoder was already \(state == .finished ? "finished" : "failed")") }
        let channels = input.channels
        guard interleaved.count % channels == 0 else {
            fail()
            throw MediaError.invalid(path, "\(interleaved.count) samples is not a whole number of \(channels)-channel frames")
        }
        guard let base = interleaved.baseAddress, interleaved.count > 0 else { return }
        let frames = interleaved.count / channels
        do {
            var offset = 0
            while offset < frames {
                let count = min(Self.chunkFrames, frames - offset)
                var pointer: UnsafePointer<UInt8>? = UnsafeRawPointer(base + offset * channels).assumingMemoryBound(to: UInt8.self)
                try convert(&pointer, count: Int32(count))
                try drainFifo(final: false)
                offset += count
            }
            framesWritten += Int64(frames)
        } catch {
            fail()
            throw error
        }
    }

    /// Flushes the encoder, writes the trailer, fsyncs and renames the temp file to `path`. Calling it again does nothing.
    public func finish() throws {
        switch state {
        case .finished: return
        case .failed: throw MediaError.invalid(path, "the encoder failed earlier; nothing was written")
        case .writing: break
        }
        do {
            while try convert(nil, count: 0) > 0 {}
            try drainFifo(final: true)
            try send(nil)
            try output.commit(to: path)
            state = .finished
        } catch {
            fail()
            throw error
        }
    }

    // MARK: - Conversion and encoding

    /// Converts `count` input frames (nil: the resampler's buffered tail) into the FIFO; returns frames produced.
    @discardableResult
    private func convert(_ input: UnsafeMutablePointer<UnsafePointer<UInt8>?>?, count: Int32) throws -> Int32 {
        let capacity = resampler.maxOutput(for: count)
        if capacity > scratchCapacity {
            scratch.unref()
            scratch.pointer.pointee.nb_samples = capacity
            scratch.pointer.pointee.format = encoder.pointer.pointee.sample_fmt.rawValue
            av_channel_layout_copy(&scratch.pointer.pointee.ch_layout, &encoder.pointer.pointee.ch_layout)
            let rc = av_frame_get_buffer(scratch.pointer, 0)
            if rc < 0 { throw MediaError.encodeFailed(path, "out of memory", FFmpegText.describe(rc)) }
            scratchCapacity = capacity
        }
        let produced = swr_convert(resampler.pointer, scratch.pointer.pointee.extended_data, capacity, input, count)
        if produced < 0 { throw MediaError.encodeFailed(path, "sample conversion failed", FFmpegText.describe(produced)) }
        if produced > 0, av_audio_fifo_write(fifo.pointer, scratch.planes, produced) < produced {
            throw MediaError.encodeFailed(path, "out of memory buffering samples", nil)
        }
        return produced
    }

    /// Sends whole encoder frames from the FIFO; at the end also the remainder, short if the codec allows, else padded with silence.
    private func drainFifo(final: Bool) throws {
        let channels = Int32(input.channels)
        let sampleFormat = encoder.pointer.pointee.sample_fmt
        while fifo.count >= frameSize || (final && fifo.count > 0) {
            let available = min(fifo.count, frameSize)
            let shortAllowed = (capabilities & AV_CODEC_CAP_VARIABLE_FRAME_SIZE) != 0
                || (final && (capabilities & AV_CODEC_CAP_SMALL_LAST_FRAME) != 0)
            let frame = sendFrame.pointer
            sendFrame.unref()
            frame.pointee.nb_samples = available < frameSize && !shortAllowed ? frameSize : available
            frame.pointee.format = sampleFormat.rawValue
            frame.pointee.sample_rate = encoder.pointer.pointee.sample_rate
            av_channel_layout_copy(&frame.pointee.ch_layout, &encoder.pointer.pointee.ch_layout)
            var rc = av_frame_get_buffer(frame, 0)
            if rc < 0 { throw MediaError.encodeFailed(path, "out of memory", FFmpegText.describe(rc)) }
            rc = av_audio_fifo_read(fifo.pointer, sendFrame.planes, available)
            if rc < available { throw MediaError.encodeFailed(path, "cannot read buffered samples", nil) }
            if frame.pointee.nb_samples > available {
                av_samples_set_silence(frame.pointee.extended_data, available, frame.pointee.nb_samples - available, channels, sampleFormat)
            }
            frame.pointee.pts = samplesSent
            samplesSent += Int64(frame.pointee.nb_samples)
            try send(frame)
            sendFrame.unref()
        }
    }

    /// Sends one frame (nil: end of stream) and writes every packet the encoder has ready.
    private func send(_ frame: UnsafeMutablePointer<AVFrame>?) throws {
        var rc = avcodec_send_frame(encoder.pointer, frame)
        if rc < 0 { throw MediaError.encodeFailed(path, "the \(format.codec.rawValue) encoder rejected audio", FFmpegText.describe(rc)) }
        while true {
            rc = avcodec_receive_packet(encoder.pointer, packet.pointer)
            if rc == im_averror_eagain() || rc == im_averror_eof() { return }
            if rc < 0 { throw MediaError.encodeFailed(path, "the \(format.codec.rawValue) encoder failed", FFmpegText.describe(rc)) }
            av_packet_rescale_ts(packet.pointer, encoder.pointer.pointee.time_base, stream.pointee.time_base)
            packet.pointer.pointee.stream_index = stream.pointee.index
            rc = av_interleaved_write_frame(output.pointer, packet.pointer)
            if rc < 0 { throw MediaError.encodeFailed(path, "writing failed", FFmpegText.describe(rc)) }
        }
    }

    private func fail() {
        state = .failed
        discardTempFile()
    }

    private func discardTempFile() {
        output.close()
        unlink(tempPath)
    }

    // MARK: - Choosing settings

    /// Sets the bit rate, VBR quality or compression level `format` asks for on an encoder context (also used by the
    /// parallel MP3 runs, so both encode alike).
    static func applyRate(_ format: EncodeFormat, to context: UnsafeMutablePointer<AVCodecContext>) {
        switch format.codec {
        case .mp3:
            if let quality = format.vbrQuality {
                context.pointee.flags |= AV_CODEC_FLAG_QSCALE
                context.pointee.global_quality = Int32(quality) * FF_QP2LAMBDA
            } else {
                context.pointee.bit_rate = Int64(format.bitrate ?? 192_000)
            }
        case .aac:
            context.pointee.bit_rate = Int64(format.bitrate ?? 192_000)
        case .opus:
            context.pointee.bit_rate = Int64(format.bitrate ?? 128_000)
            av_opt_set(context.pointee.priv_data, "vbr", format.vbrQuality == nil ? "off" : "on", 0)
        case .flac:
            if let level = format.flacCompressionLevel { context.pointee.compression_level = Int32(level) }
        case .wav:
            break
        }
    }

    private static func validate(_ format: EncodeFormat, path: String) throws {
        if let bitrate = format.bitrate, !(1_000...2_000_000).contains(bitrate) {
            throw MediaError.unsupported(path, "bit rate \(bitrate) b/s is out of range (1000 to 2000000)")
        }
        if format.codec == .mp3, let quality = format.vbrQuality, !(0...9).contains(quality) {
            throw MediaError.unsupported(path, "LAME VBR quality must be 0 to 9, not \(quality)")
        }
        if let level = format.flacCompressionLevel, !(0...12).contains(level) {
            throw MediaError.unsupported(path, "FLAC compression level must be 0 to 12, not \(level)")
        }
    }

    /// The FFmpeg encoder name and the sample formats to prefer, best first.
    private static func encoderChoice(_ format: EncodeFormat) -> (String, [AVSampleFormat]) {
        switch format.codec {
        case .mp3: ("libmp3lame", [AV_SAMPLE_FMT_FLTP, AV_SAMPLE_FMT_S16P, AV_SAMPLE_FMT_S32P])
        case .aac: ("aac", [AV_SAMPLE_FMT_FLTP])
        case .opus: ("libopus", [AV_SAMPLE_FMT_FLT, AV_SAMPLE_FMT_S16])
        case .flac: ("flac", [AV_SAMPLE_FMT_S16, AV_SAMPLE_FMT_S32])
        case .wav: format.wavFloat ? ("pcm_f32le", [AV_SAMPLE_FMT_FLT]) : ("pcm_s16le", [AV_SAMPLE_FMT_S16])
        }
    }

    /// The muxer for a codec and the destination's extension.
    static func muxerName(_ codec: EncodeFormat.Codec, extension ext: String) -> String {
        switch codec {
        case .mp3: "mp3"
        case .aac: ["aac", "adts"].contains(ext) ? "adts" : (ext == "mp4" ? "mp4" : (ext == "mov" ? "mov" : "ipod"))
        case .opus: ext == "webm" ? "webm" : (["mka", "mkv"].contains(ext) ? "matroska" : "ogg")
        case .flac: "flac"
        case .wav: "wav"
        }
    }

    private static func sampleFormat(for codec: UnsafePointer<AVCodec>, preferred: [AVSampleFormat]) -> AVSampleFormat {
        guard let list = codec.pointee.sample_fmts else { return preferred[0] }
        var supported: [Int32] = []
        var index = 0
        while list[index] != AV_SAMPLE_FMT_NONE {
            supported.append(list[index].rawValue)
            index += 1
        }
        return preferred.first { supported.contains($0.rawValue) } ?? AVSampleFormat(rawValue: supported.first ?? preferred[0].rawValue)
    }

    /// Opus runs at 48 kHz; others keep the input rate if supported, else the next higher supported rate.
    private static func sampleRate(for codec: UnsafePointer<AVCodec>, format: EncodeFormat, input: Int) -> Int {
        if format.codec == .opus { return 48_000 }
        guard let list = codec.pointee.supported_samplerates else { return input }
        var rates: [Int] = []
        var index = 0
        while list[index] != 0 {
            rates.append(Int(list[index]))
            index += 1
        }
        if rates.isEmpty || rates.contains(input) { return input }
        return rates.filter { $0 >= input }.min() ?? rates.max() ?? input
    }

    private static func supports(_ codec: UnsafePointer<AVCodec>, channels: Int) -> Bool {
        guard let layouts = codec.pointee.ch_layouts else { return true }
        var index = 0
        while layouts[index].nb_channels != 0 {
            if Int(layouts[index].nb_channels) == channels { return true }
            index += 1
        }
        return false
    }
}

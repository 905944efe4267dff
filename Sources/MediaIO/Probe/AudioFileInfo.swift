// What MediaProbe learned about an audio file: container, codec, format, duration, bit rate, tags.
// Pure data; it is filled from FFmpeg's structures but holds no pointer.

import CFFmpeg

/// Facts about a media file's best audio stream, as FFmpeg reports them.
public struct AudioFileInfo: Sendable, Hashable, Codable {
    /// Container (demuxer) name, e.g. "mp3", "wav", "mov,mp4,m4a,3gp,3g2,mj2", "ogg", "matroska,webm".
    public var formatName: String
    /// Codec name of the audio stream, e.g. "mp3", "aac", "opus", "flac", "pcm_s16le".
    public var codecName: String
    /// The stream's sample rate in Hz.
    public var sampleRate: Int
    /// The stream's channel count.
    public var channels: Int
    /// Duration in seconds from the stream, else from the container; nil when unknown (lossy formats may differ from the decoded length by a few ms).
    public var durationSeconds: Double?
    /// Bit rate in bits/s from the stream, else from the container; nil when unknown.
    public var bitRate: Int?
    /// The stream's start_time in seconds (about 0.025 for LAME MP3 encoder delay; 0 when unknown).
    public var startTime: Double
    /// Metadata tags with lower-cased keys; container tags win over stream tags.
    public var tags: [String: String]

    /// Creates a value (mostly for tests); MediaProbe fills it from FFmpeg.
    public init(formatName: String, codecName: String, sampleRate: Int, channels: Int,
                durationSeconds: Double?, bitRate: Int?, startTime: Double, tags: [String: String]) {
        self.formatName = formatName
        self.codecName = codecName
        self.sampleRate = sampleRate
        self.channels = channels
        self.durationSeconds = durationSeconds
        self.bitRate = bitRate
        self.startTime = startTime
        self.tags = tags
    }

    /// The stream's sample rate and channel count as a layout.
    public var layout: AudioLayout { AudioLayout(sampleRate: sampleRate, channels: channels) }
}

extension AudioFileInfo {
    /// Reads the facts from an opened container and one of its streams.
    init(context: UnsafeMutablePointer<AVFormatContext>, stream: UnsafeMutablePointer<AVStream>) {
        let parameters = stream.pointee.codecpar.pointee
        let timeBase = stream.pointee.time_base
        let seconds = { (value: Int64) in Double(value) * av_q2d(timeBase) }
        var duration: Double?
        if stream.pointee.duration != im_nopts_value(), stream.pointee.duration > 0 {
            duration = seconds(stream.pointee.duration)
        } else if context.pointee.duration != im_nopts_value(), context.pointee.duration > 0 {
            duration = Double(context.pointee.duration) / Double(AV_TIME_BASE)
        }
        let bitRate = parameters.bit_rate > 0 ? Int(parameters.bit_rate)
            : (context.pointee.bit_rate > 0 ? Int(context.pointee.bit_rate) : nil)
        let start = stream.pointee.start_time == im_nopts_value() ? 0 : seconds(stream.pointee.start_time)
        var tags = Self.tags(stream.pointee.metadata)
        tags.merge(Self.tags(context.pointee.metadata)) { _, container in container }
        self.init(
            formatName: FFmpegText.string(context.pointee.iformat?.pointee.name, "unknown"),
            codecName: FFmpegText.string(avcodec_get_name(parameters.codec_id), "unknown"),
            sampleRate: Int(parameters.sample_rate),
            channels: Int(parameters.ch_layout.nb_channels),
            durationSeconds: duration,
            bitRate: bitRate,
            startTime: start,
            tags: tags)
    }

    private static func tags(_ dictionary: OpaquePointer?) -> [String: String] {
        var result: [String: String] = [:]
        var entry: UnsafeMutablePointer<AVDictionaryEntry>?
        while let next = av_dict_get(dictionary, "", entry, AV_DICT_IGNORE_SUFFIX) {
            result[String(cString: next.pointee.key).lowercased()] = String(cString: next.pointee.value)
            entry = next
        }
        return result
    }
}

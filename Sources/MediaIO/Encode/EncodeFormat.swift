// The requested output encoding: codec, bit rate or VBR quality, FLAC level, WAV sample type.
// Pure data (Codable for manifests and cache keys); AudioEncoder turns it into FFmpeg settings.

/// How AudioEncoder should encode: codec plus its rate or quality settings.
public struct EncodeFormat: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Output codecs IntelliMix writes.
    public enum Codec: String, Sendable, Hashable, Codable, CaseIterable {
        /// MP3 with libmp3lame, in an .mp3 file.
        case mp3
        /// AAC-LC with FFmpeg's native encoder, in .m4a (ipod muxer), .mp4 or raw .aac (ADTS).
        case aac
        /// Opus with libopus at 48 kHz, in .opus/.ogg (Ogg), .webm or .mka.
        case opus
        /// FLAC, 16-bit, in a .flac file.
        case flac
        /// PCM WAV, 16-bit integer or 32-bit float.
        case wav
    }

    /// The codec.
    public var codec: Codec
    /// Bit rate in bits/s: CBR for mp3 and opus, target for aac and VBR opus; nil uses the codec default (mp3/aac 192k, opus 128k).
    public var bitrate: Int?
    /// VBR quality: mp3 LAME -V 0 (best) to 9; for opus any value turns VBR on at `bitrate`; ignored by aac, flac, wav.
    public var vbrQuality: Int?
    /// FLAC compression level 0 to 12; nil uses FFmpeg's default (5).
    public var flacCompressionLevel: Int?
    /// For wav: write 32-bit float (pcm_f32le) instead of 16-bit integer (pcm_s16le); default false.
    public var wavFloat: Bool

    /// Creates a format; prefer the static helpers (`.mp3()`, `.aac()`, ...).
    public init(codec: Codec, bitrate: Int? = nil, vbrQuality: Int? = nil, flacCompressionLevel: Int? = nil, wavFloat: Bool = false) {
        self.codec = codec
        self.bitrate = bitrate
        self.vbrQuality = vbrQuality
        self.flacCompressionLevel = flacCompressionLevel
        self.wavFloat = wavFloat
    }

    /// MP3 CBR at `bitrate` bits/s (default 192000).
    public static func mp3(bitrate: Int = 192_000) -> EncodeFormat { EncodeFormat(codec: .mp3, bitrate: bitrate) }
    /// MP3 VBR at LAME quality -V `quality` (0 best ... 9; default 2).
    public static func mp3VBR(quality: Int = 2) -> EncodeFormat { EncodeFormat(codec: .mp3, vbrQuality: quality) }
    /// AAC-LC at `bitrate` bits/s (default 192000).
    public static func aac(bitrate: Int = 192_000) -> EncodeFormat { EncodeFormat(codec: .aac, bitrate: bitrate) }
    /// Opus at `bitrate` bits/s (default 128000), hard CBR unless `vbr` (default false).
    public static func opus(bitrate: Int = 128_000, vbr: Bool = false) -> EncodeFormat {
        EncodeFormat(codec: .opus, bitrate: bitrate, vbrQuality: vbr ? 0 : nil)
    }
    /// FLAC, 16-bit, at an optional compression level (0 to 12; default FFmpeg's 5).
    public static func flac(compressionLevel: Int? = nil) -> EncodeFormat {
        EncodeFormat(codec: .flac, flacCompressionLevel: compressionLevel)
    }
    /// WAV, 16-bit integer, or 32-bit float when `float` (default false).
    public static func wav(float: Bool = false) -> EncodeFormat { EncodeFormat(codec: .wav, wavFloat: float) }

    /// The usual file extension without a dot: mp3, m4a, opus, flac, wav.
    public var fileExtension: String {
        switch codec {
        case .mp3: "mp3"
        case .aac: "m4a"
        case .opus: "opus"
        case .flac: "flac"
        case .wav: "wav"
        }
    }

    /// For example "mp3 CBR 192000 b/s" or "mp3 VBR V2".
    public var description: String {
        switch codec {
        case .mp3: vbrQuality.map { "mp3 VBR V\($0)" } ?? "mp3 CBR \(bitrate ?? 192_000) b/s"
        case .aac: "aac \(bitrate ?? 192_000) b/s"
        case .opus: "opus \(vbrQuality == nil ? "CBR" : "VBR") \(bitrate ?? 128_000) b/s"
        case .flac: "flac" + (flacCompressionLevel.map { " level \($0)" } ?? "")
        case .wav: wavFloat ? "wav float32" : "wav s16"
        }
    }
}

// YTDLPAudioFormat: what an audio download should produce: the original stream or a converted file.
// Pure data plus validation of the quality value.

/// The audio a download should produce.
public enum YTDLPAudioFormat: Sendable, Equatable {
    /// A codec yt-dlp converts to (with the ffmpeg CLI).
    public enum Codec: String, Sendable, Equatable, CaseIterable {
        /// MP3 (LAME).
        case mp3
        /// AAC in an M4A container.
        case m4a
        /// Opus in an Ogg container.
        case opus
    }

    /// The best audio stream as the site serves it (`-f bestaudio/best`), no re-encoding: the default.
    case original
    /// Converted with `-x --audio-format CODEC --audio-quality QUALITY`; quality is 0 (best) to 10 (VBR),
    /// or a bitrate such as "192K" (32K to 512K).
    case converted(Codec, quality: String)

    /// True when `quality` is 0...10 or 32K...512K.
    public static func isValidQuality(_ quality: String) -> Bool {
        if let level = Int(quality) { return (0...10).contains(level) }
        guard let last = quality.last, last == "K" || last == "k", let rate = Int(quality.dropLast()) else { return false }
        return (32...512).contains(rate)
    }
}

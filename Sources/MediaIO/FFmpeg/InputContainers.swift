// InputContainers: the demuxers and protocols FFmpeg may use when it opens any input file (uploads and
// downloads are untrusted). Pure data; FFInputFile passes it to avformat_open_input.

/// The containers every input is opened with; anything else is refused as `notAudio`.
///
/// Playlist and indirection demuxers (hls, concat, image2 patterns, …) are left out, so a file can never make
/// FFmpeg open another file, and `protocol_whitelist=file` keeps every open on the local file system.
public enum InputContainers {
    /// The demuxer names allowed (FFmpeg's short names; "mov" covers mp4/m4a/3gp, "matroska" covers webm, "ogg"
    /// covers Opus and Vorbis, "mpegts" covers the MPEG-TS files yt-dlp's HLS downloads can leave).
    public static let demuxers = ["mp3", "wav", "flac", "ogg", "mov", "aac", "matroska", "aiff", "caf", "mpegts"]
    /// The protocols allowed: local files only.
    public static let protocols = ["file"]

    /// `format_whitelist` as FFmpeg wants it (comma-separated).
    static var formatWhitelist: String { demuxers.joined(separator: ",") }
    /// `protocol_whitelist` as FFmpeg wants it (comma-separated).
    static var protocolWhitelist: String { protocols.joined(separator: ",") }
}

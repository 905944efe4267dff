// Versions of the FFmpeg libraries this process links, for cache keys and diagnostics. libavfilter is not among them:
// nothing uses it, and linking it (with its ~30 extra shared libraries) doubled the start-up time of every command.
// Knows nothing about what the versions mean for output; callers decide what invalidates a cache.

import CFFmpeg

/// The linked FFmpeg library versions.
public enum FFmpegVersions {
    /// Library name to "major.minor.micro", e.g. ["libavcodec": "59.37.100", ...].
    public static var current: [String: String] {
        [
            "libavformat": format(avformat_version()),
            "libavcodec": format(avcodec_version()),
            "libswresample": format(swresample_version()),
            "libavutil": format(avutil_version()),
        ]
    }

    /// All library versions in one stable line, e.g. "libavcodec=59.37.100 libavformat=59.27.100 ...".
    public static var ffmpegLibraryVersionString: String {
        current.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }

    /// The FFmpeg release string from `av_version_info()`, e.g. "5.1.9-0+deb12u1".
    public static var release: String { FFmpegText.string(av_version_info(), "unknown") }

    private static func format(_ version: UInt32) -> String {
        "\(version >> 16).\((version >> 8) & 0xFF).\(version & 0xFF)"
    }
}

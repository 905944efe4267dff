// YTDLPArguments: builds yt-dlp argument lists. User input is validated and always placed after "--",
// so it can never become an option. Pure functions; knows nothing about running processes.

/// yt-dlp command lines.
public enum YTDLPArguments {
    /// The marker printed before the final file path (`--print after_move:…`).
    static let fileMarker = "IMXFILE "

    /// Refuses input that starts with "-", is empty or too long, or holds control characters.
    public static func validate(_ value: String, what: String, maxLength: Int = 2048) throws {
        guard !value.isEmpty, value.utf8.count <= maxLength else {
            throw YTDLPError(.invalidInput, "The \(what) is empty or too long.")
        }
        guard !value.hasPrefix("-") else {
            throw YTDLPError(.invalidInput, "The \(what) must not start with \"-\".")
        }
        guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw YTDLPError(.invalidInput, "The \(what) contains control characters.")
        }
    }

    /// Options shared by every download.
    static func common(outputDirectory: String, configuration: YTDLPConfiguration, progress: Bool) -> [String] {
        let folder = outputDirectory.replacingOccurrences(of: "%", with: "%%")
        var arguments = [
            "--ignore-config", "--no-playlist", "--newline", "--no-quiet", "--no-colors", "--no-cache-dir", "--no-mtime",
            "-o", "\(folder)/%(id)s.%(ext)s",
            "--print", "after_move:\(fileMarker)%(filepath)s",
            "--max-filesize", String(configuration.maxFileSizeBytes),
            "--socket-timeout", String(configuration.socketTimeoutSeconds),
        ]
        if progress {
            arguments += ["--progress", "--progress-template", YTDLPProgress.template]
        } else {
            arguments.append("--no-progress")
        }
        if let ffmpeg = configuration.ffmpegLocation {
            arguments += ["--ffmpeg-location", ffmpeg]
        }
        return arguments
    }

    /// An audio download of `url` into `outputDirectory`.
    public static func audio(
        url: String, outputDirectory: String, format: YTDLPAudioFormat, configuration: YTDLPConfiguration, progress: Bool = false
    ) throws -> [String] {
        try validate(url, what: "URL")
        var arguments = common(outputDirectory: outputDirectory, configuration: configuration, progress: progress)
        switch format {
        case .original:
            arguments += ["-f", "bestaudio/best"]
        case .converted(let codec, let quality):
            guard YTDLPAudioFormat.isValidQuality(quality) else {
                throw YTDLPError(.invalidInput, "The audio quality must be 0 to 10 or a bitrate from 32K to 512K.")
            }
            arguments += ["-f", "bestaudio/best", "-x", "--audio-format", codec.rawValue, "--audio-quality", quality]
        }
        return arguments + ["--", url]
    }

    /// A video download (best video up to `maxHeight` plus best audio, merged to MP4) of `url`.
    public static func video(
        url: String, outputDirectory: String, maxHeight: Int, configuration: YTDLPConfiguration, progress: Bool = false
    ) throws -> [String] {
        try validate(url, what: "URL")
        guard (144...4320).contains(maxHeight) else {
            throw YTDLPError(.invalidInput, "The video height must be from 144 to 4320.")
        }
        // "<=?" also accepts formats whose height is unknown (direct media links), which "<=" would refuse.
        let selector = "bv*[height<=?\(maxHeight)]+ba/b[height<=?\(maxHeight)]"
        return common(outputDirectory: outputDirectory, configuration: configuration, progress: progress)
            + ["-f", selector, "--merge-output-format", "mp4", "--", url]
    }

    /// A YouTube search for `query` returning up to `count` flat entries as JSON lines.
    public static func search(query: String, count: Int, configuration: YTDLPConfiguration) throws -> [String] {
        try validate(query, what: "search text", maxLength: 300)
        guard (1...50).contains(count) else {
            throw YTDLPError(.invalidInput, "The number of search results must be from 1 to 50.")
        }
        return [
            "--ignore-config", "--no-colors", "--no-cache-dir", "--dump-json", "--flat-playlist", "--skip-download",
            "--socket-timeout", String(configuration.socketTimeoutSeconds),
            "--", "ytsearch\(count):\(query)",
        ]
    }
}

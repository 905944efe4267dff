// YTDLPErrorClassifier: reads yt-dlp's output after a failed run and picks a stable code and a readable message.
// Pure text matching on known phrases (case-insensitive substrings); knows nothing about processes.

/// Maps yt-dlp output to YTDLPError.
public enum YTDLPErrorClassifier {
    /// The error for a run that exited with `exitStatus` and printed `output` (stderr and stdout together).
    public static func classify(exitStatus: Int32?, output: String) -> YTDLPError {
        let errorLines = output.split(whereSeparator: \.isNewline).filter { $0.hasPrefix("ERROR:") }
        let detailLines = errorLines.isEmpty ? Array(output.split(whereSeparator: \.isNewline).suffix(5)) : errorLines
        var detail = detailLines.joined(separator: "\n")
        if detail.count > 2000 { detail = String(detail.prefix(2000)) + "…" }
        let text = output.lowercased()
        let code = code(for: text)
        return YTDLPError(code, message(for: code), detail: detail.isEmpty ? nil : detail, exitStatus: exitStatus)
    }

    /// The code for lower-cased output text.
    static func code(for text: String) -> YTDLPError.Code {
        func has(_ phrases: String...) -> Bool { phrases.contains { text.contains($0) } }
        if has("private video", "video is private", "members-only", "members only", "join this channel") {
            return .videoPrivate
        }
        if has("not available in your country", "geo restrict", "geo-restrict", "blocked it in your country",
               "not made this video available in your country", "georestrict") {
            return .geoBlocked
        }
        if has("unsupported url", "is not a valid url") { return .unsupportedURL }
        if has("larger than max-filesize", "file is larger than") { return .tooLarge }
        if has("http error 404", "http error 410") { return .videoUnavailable }
        if has("video unavailable", "video is unavailable", "has been removed", "no longer available",
               "does not exist", "account associated with this video has been terminated", "confirm your age",
               "age-restricted", "this live event will begin", "premieres in") {
            return .videoUnavailable
        }
        if has("unable to download webpage", "urlopen error", "connection refused", "timed out", "name or service not known",
               "temporary failure in name resolution", "network is unreachable", "no route to host", "connection reset",
               "remote end closed", "getaddrinfo failed", "failed to resolve", "connection aborted", "incompleteread",
               "unable to connect", "transporterror") {
            return .networkError
        }
        return .fetchFailed
    }

    /// The readable message for a code.
    public static func message(for code: YTDLPError.Code) -> String {
        switch code {
        case .videoUnavailable: return "The video is unavailable (removed, missing or restricted)."
        case .videoPrivate: return "The video is private or members-only."
        case .geoBlocked: return "The video is not available in this server's region."
        case .networkError: return "The site could not be reached."
        case .unsupportedURL: return "This URL is not supported."
        case .timeout: return "The download took too long and was stopped."
        case .tooLarge: return "The file is larger than the size limit."
        case .fetchFailed: return "The media could not be downloaded."
        case .invalidInput: return "The URL or search text is not allowed."
        case .blockedAddress: return "The URL points to a non-public address, which is not allowed."
        case .toolMissing: return "The downloader (yt-dlp) is not installed."
        }
    }
}

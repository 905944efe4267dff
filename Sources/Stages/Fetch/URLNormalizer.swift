// Canonical forms of media URLs, so the same video is cached once whatever link form was pasted.
// Pure string work; knows nothing of downloading.
import Foundation

/// Normalises media URLs for cache keys.
public enum URLNormalizer {
    /// Query parameters that only track where a link was shared.
    static let trackingParameters: Set<String> = ["si", "feature", "pp", "fbclid", "gclid", "ab_channel"]

    /// The canonical form: lowercased scheme and host, no fragment or tracking parameters, and
    /// YouTube links (youtu.be, m., music., shorts/, embed/) as `https://www.youtube.com/watch?v=ID`.
    public static func normalize(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard var c = URLComponents(string: trimmed), let scheme = c.scheme?.lowercased(), let host = c.host?.lowercased() else { return trimmed }
        c.scheme = scheme
        c.host = host
        c.fragment = nil
        if let id = youTubeID(c) {
            var out = URLComponents(string: "https://www.youtube.com/watch")!
            out.queryItems = [URLQueryItem(name: "v", value: id)]
            return out.string ?? trimmed
        }
        if let items = c.queryItems {
            let kept = items.filter { !trackingParameters.contains($0.name) && !$0.name.hasPrefix("utm_") }
            c.queryItems = kept.isEmpty ? nil : kept
        }
        if (scheme == "https" && c.port == 443) || (scheme == "http" && c.port == 80) { c.port = nil }
        return c.string ?? trimmed
    }

    /// The video id of a YouTube link, if it is one.
    static func youTubeID(_ c: URLComponents) -> String? {
        guard let host = c.host else { return nil }
        let path = c.path.split(separator: "/").map(String.init)
        if host == "youtu.be" { return path.first }
        guard host == "youtube.com" || host.hasSuffix(".youtube.com") else { return nil }
        if path.first == "watch" { return c.queryItems?.first { $0.name == "v" }?.value }
        if let first = path.first, ["shorts", "embed", "live", "v"].contains(first), path.count > 1 { return path[1] }
        return nil
    }

    /// Whether a URL points straight at a media file (fetched over HTTP, not through yt-dlp).
    public static func isDirectMedia(_ text: String) -> Bool {
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? "") else { return false }
        return ["mp3", "m4a", "aac", "wav", "flac", "ogg", "oga", "opus", "webm", "mp4", "mka", "weba"].contains(url.pathExtension.lowercased())
    }

    /// Whether the text is a URL with a scheme (rather than a local path).
    public static func isRemote(_ text: String) -> Bool {
        guard let scheme = URLComponents(string: text)?.scheme?.lowercased() else { return false }
        return scheme == "http" || scheme == "https"
    }
}

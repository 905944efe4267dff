// ClipRequest: one clip of a clip mix (a media URL and the span to cut from it), plus URL checking.
// Pure data; knows nothing about CSV syntax or fetching.

import Foundation

/// A span `start..<end` (seconds) of the media at `url`.
public struct ClipRequest: Sendable, Codable, Equatable, Hashable {
    /// The media page or file URL (http or https by default).
    public var url: String
    /// Where the clip starts in the source, in seconds.
    public var start: Double
    /// Where the clip ends in the source, in seconds; greater than `start`.
    public var end: Double

    /// Creates a clip request without checking it (the parsers check).
    public init(url: String, start: Double, end: Double) {
        self.url = url
        self.start = start
        self.end = end
    }

    /// `end - start`.
    public var duration: Double { end - start }

    /// The trimmed URL when it passes `limits`; otherwise throws `invalidURL` with `context` before the reason.
    public static func checkedURL(_ raw: String, limits: ClipLimits, context: String, row: Int? = nil, column: String? = nil) throws -> String {
        switch problem(withURL: raw, limits: limits) {
        case nil: return raw.trimmingCharacters(in: .whitespaces)
        case let reason?: throw MashupError(.invalidURL, "\(context): \(reason)", row: row, column: column)
        }
    }

    /// Why `raw` is not an acceptable URL, or nil when it is.
    public static func problem(withURL raw: String, limits: ClipLimits) -> String? {
        let url = raw.trimmingCharacters(in: .whitespaces)
        if url.isEmpty { return "the URL is empty" }
        if url.utf8.count > limits.maxURLLength {
            return "the URL is \(url.utf8.count) bytes; the limit is \(limits.maxURLLength)"
        }
        if url.hasPrefix("-") { return "a URL may not start with '-'" }
        if url.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) {
            return "the URL contains whitespace or control characters"
        }
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else {
            return "'\(url.prefix(80))' is not a URL"
        }
        guard limits.allowedSchemes.contains(scheme) else {
            return "the URL scheme '\(scheme)' is not allowed (allowed: \(limits.allowedSchemes.sorted().joined(separator: ", ")))"
        }
        // file: URLs (allowed only where the caller lists the scheme, as the CLI does) name a local path (RFC 8089).
        if scheme == "file" {
            do { _ = try FileURL.localPath(url) } catch let e as MashupError { return e.message } catch { return "\(error)" }
            return nil
        }
        guard let host = components.host, !host.isEmpty else { return "the URL has no host" }
        return nil
    }

    /// Checks times against `limits`: end after start, length at most `maxClipSeconds`.
    public static func checkRange(start: Double, end: Double, limits: ClipLimits) -> String? {
        if end <= start { return "the end (\(ClipTime.format(end))) must be after the start (\(ClipTime.format(start)))" }
        if end - start > limits.maxClipSeconds {
            return "the clip is \(ClipTime.format(end - start)) long; the limit is \(ClipTime.format(limits.maxClipSeconds))"
        }
        return nil
    }
}

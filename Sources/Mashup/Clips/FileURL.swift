// FileURL: reads `file:` URLs in every form RFC 8089 allows for a local file into an absolute path.
// Pure string work; knows nothing about whether the file exists or who may read it.

import Foundation

/// Local `file:` URLs (RFC 8089): `file:/p`, `file:///p`, `file://localhost/p`, with percent-encoding.
public enum FileURL {
    /// True when `text` starts with the `file:` scheme (any case).
    public static func isFileURL(_ text: String) -> Bool {
        text.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("file:")
    }

    /// The absolute, percent-decoded path a local `file:` URL names.
    ///
    /// Accepts `file:/abs/path`, `file:///abs/path` and `file://localhost/abs/path` (host in any case); a `?query`
    /// or `#fragment` is dropped. Throws `invalidURL` for another host (`file://server/share`), a relative or empty
    /// path, bad percent-encoding, or an encoded NUL.
    public static func localPath(_ text: String) throws -> String {
        let url = text.trimmingCharacters(in: .whitespaces)
        guard isFileURL(url) else { throw MashupError(.invalidURL, "'\(url.prefix(80))' is not a file: URL") }
        var rest = Substring(url.dropFirst(5))
        if let cut = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<cut] }
        if rest.hasPrefix("//") {
            let afterSlashes = rest.dropFirst(2)
            let host = afterSlashes.prefix { $0 != "/" }
            guard host.isEmpty || host.lowercased() == "localhost" else {
                throw MashupError(.invalidURL, "the file URL '\(url.prefix(80))' names the host '\(host.prefix(64))'; only local files work "
                                  + "(file:///absolute/path or file://localhost/absolute/path)")
            }
            rest = afterSlashes.dropFirst(host.count)
        }
        guard rest.hasPrefix("/"), rest.count > 1 else {
            throw MashupError(.invalidURL, "the file URL '\(url.prefix(80))' has no absolute path (use file:///absolute/path)")
        }
        guard let path = String(rest).removingPercentEncoding else {
            throw MashupError(.invalidURL, "the file URL '\(url.prefix(80))' has bad percent-encoding")
        }
        guard !path.contains("\0") else { throw MashupError(.invalidURL, "the file URL '\(url.prefix(80))' encodes a NUL character") }
        return path
    }
}

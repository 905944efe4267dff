// WebAssets: the web studio's static files (Sources/API/Resources/web, a SwiftPM resource of this target), each
// with its media type and a strong ETag. In development `INTELLIMIX_WEB_DIR` names a folder read on every request,
// so the page can be edited without rebuilding.
import Crypto
import Foundation

/// The studio's files by name.
public struct WebAssets: Sendable {
    /// One file, ready to serve.
    public struct Asset: Sendable {
        /// The bytes.
        public var data: Data
        /// The media type, with a charset for text.
        public var contentType: String
        /// A strong validator: the first 16 bytes of the SHA-256 of the bytes, hex, quoted.
        public var etag: String
    }

    /// The content security policy of the page: scripts and styles from files of this origin only, no inline code.
    public static let contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
        + "media-src 'self' blob:; connect-src 'self'; font-src 'self'; manifest-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
        + "form-action 'none'"

    private let bundled: [String: Asset]
    private let liveDirectory: String?

    /// The bundled files, or (when `liveDirectory` is set) that folder, read on every request.
    public init(liveDirectory: String? = nil) {
        self.liveDirectory = liveDirectory
        guard liveDirectory == nil, let folder = Bundle.module.url(forResource: "web", withExtension: nil) else {
            bundled = [:]
            return
        }
        bundled = Self.load(folder.path)
    }

    /// The file `name`, or nil when there is none (or the name is not a plain file name).
    public func asset(_ name: String) -> Asset? {
        guard Self.isServableName(name) else { return nil }
        if let liveDirectory {
            guard let data = FileManager.default.contents(atPath: liveDirectory + "/" + name) else { return nil }
            return Self.asset(name, data)
        }
        return bundled[name]
    }

    /// Lower-case letters, digits, `.`, `_` and `-`, not starting with `.`: no paths, no hidden files.
    static func isServableName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 100 && !name.hasPrefix(".")
            && name.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D }
    }

    static func load(_ folder: String) -> [String: Asset] {
        var out: [String: Asset] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where isServableName(name) {
            if let data = FileManager.default.contents(atPath: folder + "/" + name) { out[name] = asset(name, data) }
        }
        return out
    }

    static func asset(_ name: String, _ data: Data) -> Asset {
        let digest = SHA256.hash(data: data).prefix(16).map { String(format: "%02x", $0) }.joined()
        return Asset(data: data, contentType: contentType(name), etag: "\"\(digest)\"")
    }

    /// The media type for a file name's extension.
    static func contentType(_ name: String) -> String {
        switch (name as NSString).pathExtension {
        case "html": "text/html; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "svg": "image/svg+xml"
        case "ico": "image/vnd.microsoft.icon"
        case "png": "image/png"
        case "json": "application/json"
        case "webmanifest": "application/manifest+json"
        case "txt": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }
}

// Where a job's files and a user's uploads live under the storage root, and how stored text is
// cleaned of server paths before clients see it. Pure path arithmetic.
import Foundation

/// The storage layout: `jobs/<id>/` for outputs, `uploads/<user>/<id>.<ext>` for uploads.
public struct JobPaths: Sendable {
    /// The storage root.
    public let root: String
    /// The stage cache root.
    public let cacheRoot: String

    /// Creates the layout.
    public init(root: String, cacheRoot: String) {
        self.root = root
        self.cacheRoot = cacheRoot
    }

    /// A job's output folder.
    public func jobDirectory(_ id: UUID) -> String { "\(root)/jobs/\(id.uuidString.lowercased())" }
    /// A user's upload folder.
    public func uploadDirectory(_ userId: UUID) -> String { "\(root)/uploads/\(userId.uuidString.lowercased())" }
    /// Temporary files (uploads in progress).
    public var temporaryDirectory: String { "\(root)/tmp" }

    /// A file of a job, or nil when the name could leave the job's folder (`..`, `/`, NUL, hidden files).
    public func jobFile(_ id: UUID, name: String) -> String? {
        guard Self.isSafeFileName(name) else { return nil }
        return jobDirectory(id) + "/" + name
    }

    /// Whether a file name is a plain name inside one folder.
    public static func isSafeFileName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 255 && !name.hasPrefix(".") && !name.contains("/") && !name.contains("\\")
            && !name.contains("\0") && name != ".." && !name.unicodeScalars.contains { $0.value < 0x20 }
    }

    /// Text with the server's folders replaced, so messages never reveal where things are stored.
    public func sanitize(_ text: String) -> String {
        var out = text
        for (path, label) in [(cacheRoot, "<cache>"), (root, "<storage>")] where !path.isEmpty {
            out = out.replacingOccurrences(of: path, with: label)
        }
        return out
    }
}

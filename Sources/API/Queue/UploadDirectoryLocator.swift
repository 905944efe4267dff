// Finds a user's uploaded file for `source` stages with `upload:`; bound to one job's owner so a
// manifest can never reach another user's uploads.
import Foundation
import Stages

/// Uploads of one user, in `STORAGE_ROOT/uploads/<user>/<id>.<ext>`.
public struct UploadDirectoryLocator: UploadLocator {
    /// The user's upload folder.
    public let directory: String

    /// Creates a locator for one user's folder.
    public init(directory: String) { self.directory = directory }

    /// The stored file of upload `id`; nil for ids that are not UUIDs or not this user's. Only `<id>.<ext>` itself
    /// matches (one extension, no further dots): never the waveform kept beside it (`<id>.<ext>.peaks`) or a temp file.
    public func path(ofUpload id: String) -> String? {
        guard let uuid = UUID(uuidString: id) else { return nil }
        let prefix = uuid.uuidString.lowercased() + "."
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return nil }
        return names.first { name in
            guard name.hasPrefix(prefix) else { return false }
            let ext = name.dropFirst(prefix.count)
            return !ext.isEmpty && !ext.contains(".") && ext != "tmp"
        }.map { directory + "/" + $0 }
    }
}

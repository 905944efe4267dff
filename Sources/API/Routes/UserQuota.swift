// The per-user storage quota (USER_QUOTA_MB): the bytes a user's uploads and job outputs take on disk, checked before an
// upload is kept and before a job is queued; beyond it, 413 QUOTA_EXCEEDED.
import Foundation

/// Measures and enforces a user's storage quota.
struct UserQuota: Sendable {
    let services: APIServices

    /// The bytes the user's upload folder and the output folders of their jobs take.
    func usedBytes(_ userId: UUID) async throws -> Int64 {
        var total = Self.folderBytes(services.paths.uploadDirectory(userId))
        var offset = 0
        while true {
            let page = try await services.storeCall { try await services.store.jobs(userId: userId, type: nil, offset: offset, limit: 500) }
            for job in page.items { total += Self.folderBytes(services.paths.jobDirectory(job.id)) }
            offset += page.items.count
            if page.items.isEmpty || offset >= page.total { break }
        }
        return total
    }

    /// Throws 413 `QUOTA_EXCEEDED` when `adding` more bytes would take the user past `USER_QUOTA_MB`
    /// (with `adding` 0: when the user is already over it).
    func check(_ userId: UUID, adding: Int64) async throws {
        let quota = services.config.userQuotaBytes
        let used = try await usedBytes(userId)
        let over = adding > 0 ? used + adding > quota : used >= quota
        if over {
            throw APIError(413, "QUOTA_EXCEEDED",
                           "your uploads and job outputs take \(used / 1_048_576) MB of your \(quota / 1_048_576) MB (USER_QUOTA_MB); delete jobs to make room")
        }
    }

    /// The bytes of the regular files under a folder; 0 when it is missing.
    static func folderBytes(_ path: String) -> Int64 {
        guard let walker = FileManager.default.enumerator(atPath: path) else { return 0 }
        var total: Int64 = 0
        while let name = walker.nextObject() as? String {
            if let attributes = walker.fileAttributes, attributes[.type] as? FileAttributeType == .typeRegular,
               let size = attributes[.size] as? NSNumber {
                total += size.int64Value
            } else if let attributes = try? FileManager.default.attributesOfItem(atPath: path + "/" + name),
                      attributes[.type] as? FileAttributeType == .typeRegular, let size = attributes[.size] as? NSNumber {
                total += size.int64Value
            }
        }
        return total
    }
}

// Shared test data for the store contract suites: a fixed clock origin, record factories, and date-tolerant
// record comparison (PostgreSQL keeps microseconds, so dates are compared to the millisecond).
import Foundation
import Testing
@testable import API

/// Records and instants the contract suites build on.
enum StoreTestData {
    /// A fixed, whole-second instant the tests measure time from, so that dates round-trip exactly in both databases.
    static let t0 = Date(timeIntervalSince1970: 1_750_000_000)

    /// Rounds a date to whole milliseconds, for comparing whole records.
    static func millis(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000)
    }

    /// A user with a unique e-mail address, registered at `t0`.
    static func user(email: String? = nil, isActive: Bool = true) -> UserRecord {
        let id = UUID()
        return UserRecord(id: id, name: "User \(id.uuidString.prefix(4))", email: email ?? "\(id.uuidString.lowercased())@example.com",
                          passwordHash: "$2b$12$hash", isActive: isActive, createdAt: t0)
    }

    /// A queued job of `userId` submitted at `created`.
    static func job(userId: UUID, type: String = "manifest", created: Date = t0, maxAttempts: Int = 3) -> JobRecord {
        JobRecord(userId: userId, type: type, manifest: "version: 1\nstages: []\n", overrides: ["mix.gain": "-3", "title": "Ünïcode \"x\""],
                  input: #"{"prompt":"hello"}"#, maxAttempts: maxAttempts, now: created)
    }
}

/// Expects two optional dates to be equal within a millisecond.
func expectSameDate(_ actual: Date?, _ expected: Date?, sourceLocation: SourceLocation = #_sourceLocation) {
    switch (actual, expected) {
    case (nil, nil):
        return
    case let (actual?, expected?):
        #expect(abs(actual.timeIntervalSince(expected)) < 0.001, "\(actual) is not \(expected)", sourceLocation: sourceLocation)
    default:
        Issue.record("\(String(describing: actual)) is not \(String(describing: expected))", sourceLocation: sourceLocation)
    }
}

extension UserRecord {
    /// This record with its dates rounded to milliseconds.
    var normalized: UserRecord {
        var copy = self
        copy.createdAt = StoreTestData.millis(createdAt)
        return copy
    }
}

extension RefreshTokenRecord {
    /// This record with its dates rounded to milliseconds.
    var normalized: RefreshTokenRecord {
        var copy = self
        copy.issuedAt = StoreTestData.millis(issuedAt)
        copy.expiresAt = StoreTestData.millis(expiresAt)
        copy.revokedAt = revokedAt.map(StoreTestData.millis)
        return copy
    }
}

extension JobRecord {
    /// This record with its dates rounded to milliseconds.
    var normalized: JobRecord {
        var copy = self
        copy.runAfter = StoreTestData.millis(runAfter)
        copy.leaseExpiresAt = leaseExpiresAt.map(StoreTestData.millis)
        copy.createdAt = StoreTestData.millis(createdAt)
        copy.startedAt = startedAt.map(StoreTestData.millis)
        copy.completedAt = completedAt.map(StoreTestData.millis)
        copy.updatedAt = StoreTestData.millis(updatedAt)
        return copy
    }
}

extension UploadRecord {
    /// This record with its dates rounded to milliseconds.
    var normalized: UploadRecord {
        var copy = self
        copy.createdAt = StoreTestData.millis(createdAt)
        return copy
    }
}

// One versioned schema change, as the SQL statements that make it. Shared by both dialects' migration lists;
// it knows nothing of how a store applies it.
import Foundation

/// A numbered schema change: the statements run, in order and in one transaction, to reach `version`.
struct StoreMigration: Sendable {
    /// The schema version this migration produces; versions start at 1 and increase by one.
    let version: Int
    /// The statements, one per element (PostgreSQL's extended protocol takes one statement at a time).
    let statements: [String]
}

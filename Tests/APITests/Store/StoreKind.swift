// The store implementations the contract suites run against, as a test argument.
import Testing

/// The store implementations every contract test runs against.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// SQLiteStore on a temporary file.
    case sqlite
    /// PostgresStore in a temporary schema.
    case postgres

    var testDescription: String { rawValue }
}

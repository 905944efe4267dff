// Makes a fresh, isolated store for each contract test: a temporary SQLite file, or a PostgreSQL schema of its own
// (dropped afterwards) in the database that INTELLIMIX_TEST_DATABASE_URL names.
import Foundation
import Logging
import Testing
@testable import API

/// One isolated database location (a temporary folder or a fresh schema) from which stores can be opened.
struct StoreFixture: Sendable {
    /// The environment variable naming the test PostgreSQL database.
    static let databaseURLVariable = "INTELLIMIX_TEST_DATABASE_URL"

    /// The kind of store this fixture opens.
    let kind: StoreKind
    /// SQLite: the temporary folder holding the database file.
    private let folder: URL?
    /// PostgreSQL: the server URL and the schema private to this fixture.
    private let url: String?
    private let schema: String?

    /// Creates a fresh location; for PostgreSQL the test fails (it is not skipped) when the URL variable is unset.
    init(_ kind: StoreKind) throws {
        self.kind = kind
        switch kind {
        case .sqlite:
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("intellimix-store-\(UUID().uuidString)")
            url = nil
            schema = nil
        case .postgres:
            let url: String = try #require(ProcessInfo.processInfo.environment[Self.databaseURLVariable], """
                \(Self.databaseURLVariable) is not set: the PostgreSQL contract tests need a server, \
                e.g. \(Self.databaseURLVariable)=postgres://postgres@127.0.0.1:5432/intellimix_test
                """)
            self.url = url
            folder = nil
            schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        }
    }

    /// Opens a store on this location; `migrations` replaces the dialect's list (to simulate another program version).
    func open(migrations: [StoreMigration]? = nil) throws -> any AppStore {
        switch kind {
        case .sqlite:
            let path = folder!.appendingPathComponent("nested/store.sqlite").path
            return try SQLiteStore(path: path, migrations: migrations ?? SQLiteMigrations.all)
        case .postgres:
            return try PostgresStore(url: url!, schema: schema, maxConnections: 8, logger: Self.logger,
                                     migrations: migrations ?? PostgresMigrations.all)
        }
    }

    /// The schema version this program's migrations reach (the same in both dialects).
    static let currentVersion = SQLiteMigrations.all.last?.version ?? 0
    /// Every version this program applies to an empty database, in order.
    static let allVersions = Array(1...currentVersion)

    /// The dialect's migrations plus a harmless next version, as a newer program would have.
    var newerMigrations: [StoreMigration] {
        let next = Self.currentVersion + 1
        switch kind {
        case .sqlite: return SQLiteMigrations.all + [StoreMigration(version: next, statements: ["CREATE TABLE future_v (x INTEGER)"])]
        case .postgres: return PostgresMigrations.all + [StoreMigration(version: next, statements: ["CREATE TABLE future_v (x integer)"])]
        }
    }

    /// Runs hand-written SQL on the location, as an operator would (through a one-off extra migration of a store of its
    /// own); `sqlite` and `postgres` are the same change in each dialect. Only once per fixture.
    func runSQL(sqlite: String, postgres: String) async throws {
        let next = Self.currentVersion + 1
        let migrations = switch kind {
        case .sqlite: SQLiteMigrations.all + [StoreMigration(version: next, statements: [sqlite])]
        case .postgres: PostgresMigrations.all + [StoreMigration(version: next, statements: [postgres])]
        }
        let store = try open(migrations: migrations)
        do { try await store.migrate() } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    /// Removes the location: deletes the folder, or drops the schema through a store of its own.
    func destroy() async {
        switch kind {
        case .sqlite:
            try? FileManager.default.removeItem(at: folder!)
        case .postgres:
            guard let store = try? PostgresStore(url: url!, schema: schema, maxConnections: 1, logger: Self.logger,
                                                 migrations: PostgresMigrations.all) else { return }
            do {
                try await store.dropSchema()
            } catch {
                Issue.record("could not drop test schema \(schema!): \(error)")
            }
            await store.close()
        }
    }

    /// Quiet logging for the stores under test.
    static let logger: Logger = {
        var logger = Logger(label: "intellimix.store-tests")
        logger.logLevel = .warning
        return logger
    }()

    /// Runs `body` with a fixture of `kind`, destroying it afterwards whether or not `body` throws.
    static func withFixture(_ kind: StoreKind, _ body: (StoreFixture) async throws -> Void) async throws {
        let fixture = try StoreFixture(kind)
        do {
            try await body(fixture)
        } catch {
            await fixture.destroy()
            throw error
        }
        await fixture.destroy()
    }

    /// Runs `body` with a fresh store of `kind` (migrated unless `migrated` is false), then closes and removes it.
    static func withStore(_ kind: StoreKind, migrated: Bool = true, _ body: (any AppStore) async throws -> Void) async throws {
        try await withFixture(kind) { fixture in
            let store = try fixture.open()
            do {
                if migrated { try await store.migrate() }
                try await body(store)
            } catch {
                await store.close()
                throw error
            }
            await store.close()
        }
    }
}

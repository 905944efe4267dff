// The AppStore contract, run against every store kind: versioned migrations, schema checks and health.
import Foundation
import Testing
@testable import API

@Suite("AppStore contract")
struct AppStoreContractTests {
    @Test("migrate applies every version once and is idempotent", arguments: StoreKind.allCases)
    func migrateTwice(kind: StoreKind) async throws {
        try await StoreFixture.withStore(kind, migrated: false) { store in
            #expect(try await store.schemaVersion() == 0)
            #expect(try await store.migrate() == StoreFixture.allVersions)
            #expect(try await store.schemaVersion() == StoreFixture.currentVersion)
            #expect(try await store.migrate() == [])
            #expect(try await store.schemaVersion() == StoreFixture.currentVersion)
            try await store.ping()
            // The schema is usable after the second run.
            try await store.createUser(StoreTestData.user())
        }
    }

    @Test("a second store on a migrated database finds nothing to apply", arguments: StoreKind.allCases)
    func migrateFromAnotherStore(kind: StoreKind) async throws {
        try await StoreFixture.withFixture(kind) { fixture in
            let first = try fixture.open()
            #expect(try await first.migrate() == StoreFixture.allVersions)
            await first.close()
            let second = try fixture.open()
            #expect(try await second.migrate() == [])
            #expect(try await second.schemaVersion() == StoreFixture.currentVersion)
            await second.close()
        }
    }

    @Test("concurrent migrators apply each version exactly once", arguments: StoreKind.allCases)
    func concurrentMigrators(kind: StoreKind) async throws {
        try await StoreFixture.withFixture(kind) { fixture in
            let stores = try (0..<3).map { _ in try fixture.open() }
            let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
                for store in stores {
                    group.addTask { try await store.migrate() }
                }
                return try await group.reduce(into: [Int]()) { $0 += $1 }
            }
            // Each version once, whichever migrator applied it (they take turns per version, so the work may be split).
            #expect(applied.sorted() == StoreFixture.allVersions)
            #expect(try await stores[0].schemaVersion() == StoreFixture.currentVersion)
            for store in stores { await store.close() }
        }
    }

    @Test("both dialects reach the same schema version")
    func dialectsAgree() {
        #expect(PostgresMigrations.all.map(\.version) == SQLiteMigrations.all.map(\.version))
    }

    @Test("a database migrated by a newer program is refused with schemaTooNew", arguments: StoreKind.allCases)
    func schemaTooNew(kind: StoreKind) async throws {
        try await StoreFixture.withFixture(kind) { fixture in
            let newer = try fixture.open(migrations: fixture.newerMigrations)
            #expect(try await newer.migrate() == StoreFixture.allVersions + [StoreFixture.currentVersion + 1])
            #expect(try await newer.schemaVersion() == StoreFixture.currentVersion + 1)
            await newer.close()

            let current = try fixture.open()
            await #expect(throws: StoreError.schemaTooNew(found: StoreFixture.currentVersion + 1, known: StoreFixture.currentVersion)) {
                try await current.migrate()
            }
            #expect(try await current.schemaVersion() == StoreFixture.currentVersion + 1)
            await current.close()
        }
    }
}

// The AppStore contract, run against every store kind: versioned migrations, schema checks and health.
import Foundation
import Testing
@testable import API

@Suite("AppStore contract")
struct AppStoreContractTests {
    @Test("migrate applies version 1 once and is idempotent", arguments: StoreKind.allCases)
    func migrateTwice(kind: StoreKind) async throws {
        try await StoreFixture.withStore(kind, migrated: false) { store in
            #expect(try await store.schemaVersion() == 0)
            #expect(try await store.migrate() == [1])
            #expect(try await store.schemaVersion() == 1)
            #expect(try await store.migrate() == [])
            #expect(try await store.schemaVersion() == 1)
            try await store.ping()
            // The schema is usable after the second run.
            try await store.createUser(StoreTestData.user())
        }
    }

    @Test("a second store on a migrated database finds nothing to apply", arguments: StoreKind.allCases)
    func migrateFromAnotherStore(kind: StoreKind) async throws {
        try await StoreFixture.withFixture(kind) { fixture in
            let first = try fixture.open()
            #expect(try await first.migrate() == [1])
            await first.close()
            let second = try fixture.open()
            #expect(try await second.migrate() == [])
            #expect(try await second.schemaVersion() == 1)
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
            #expect(applied == [1])
            #expect(try await stores[0].schemaVersion() == 1)
            for store in stores { await store.close() }
        }
    }

    @Test("a database migrated by a newer program is refused with schemaTooNew", arguments: StoreKind.allCases)
    func schemaTooNew(kind: StoreKind) async throws {
        try await StoreFixture.withFixture(kind) { fixture in
            let newer = try fixture.open(migrations: fixture.newerMigrations)
            #expect(try await newer.migrate() == [1, 2])
            #expect(try await newer.schemaVersion() == 2)
            await newer.close()

            let current = try fixture.open()
            await #expect(throws: StoreError.schemaTooNew(found: 2, known: 1)) {
                try await current.migrate()
            }
            #expect(try await current.schemaVersion() == 2)
            await current.close()
        }
    }
}

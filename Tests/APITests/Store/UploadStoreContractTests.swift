// The UploadStore contract, run against every store kind: uploads are stored and visible to their owner only.
import Foundation
import Testing
@testable import API

@Suite("UploadStore contract")
struct UploadStoreContractTests {
    private let t0 = StoreTestData.t0
    @Test("an upload round-trips for its owner and is invisible to others", arguments: StoreKind.allCases)
    func ownerScoped(kind: StoreKind) async throws {
        try await StoreFixture.withStore(kind) { store in
            let owner = StoreTestData.user(), other = StoreTestData.user()
            try await store.createUser(owner)
            try await store.createUser(other)
            let upload = UploadRecord(userId: owner.id, fileName: "my song.mp3", storedPath: "uploads/ab/cd.mp3",
                                      size: 5_000_000_000, duration: 187.25, format: "mp3", createdAt: t0)
            try await store.insertUpload(upload)

            #expect(try await store.upload(id: upload.id, userId: owner.id)?.normalized == upload.normalized)
            #expect(try await store.upload(id: upload.id, userId: other.id) == nil)
            #expect(try await store.upload(id: UUID(), userId: owner.id) == nil)
        }
    }

    @Test("uploads list newest first in pages with the owner's total; delete removes only the owner's and returns it", arguments: StoreKind.allCases)
    func listAndDelete(kind: StoreKind) async throws {
        try await StoreFixture.withStore(kind) { store in
            let owner = StoreTestData.user(), other = StoreTestData.user()
            try await store.createUser(owner)
            try await store.createUser(other)
            var mine: [UploadRecord] = []
            for i in 0..<5 {
                let u = UploadRecord(userId: owner.id, fileName: "song \(i).wav", storedPath: "uploads/x/\(i).wav", size: Int64(i + 1) * 1000,
                                     duration: Double(i), format: "wav", createdAt: t0.addingTimeInterval(Double(i)))
                try await store.insertUpload(u)
                mine.append(u)
            }
            try await store.insertUpload(UploadRecord(userId: other.id, fileName: "theirs.wav", storedPath: "uploads/y/1.wav", size: 1,
                                                      duration: 1, format: "wav", createdAt: t0.addingTimeInterval(10)))
            let first = try await store.uploads(userId: owner.id, offset: 0, limit: 2)
            #expect(first.total == 5)
            #expect(first.items.map(\.fileName) == ["song 4.wav", "song 3.wav"])
            let last = try await store.uploads(userId: owner.id, offset: 4, limit: 2)
            #expect(last.items.map(\.fileName) == ["song 0.wav"])

            #expect(try await store.deleteUpload(id: mine[2].id, userId: other.id) == nil, "not the owner")
            #expect(try await store.deleteUpload(id: mine[2].id, userId: owner.id)?.normalized == mine[2].normalized)
            #expect(try await store.deleteUpload(id: mine[2].id, userId: owner.id) == nil, "already gone")
            #expect(try await store.upload(id: mine[2].id, userId: owner.id) == nil)
            #expect(try await store.uploads(userId: owner.id, offset: 0, limit: 10).total == 4)
            #expect(try await store.uploads(userId: other.id, offset: 0, limit: 10).total == 1)
        }
    }
}

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
}

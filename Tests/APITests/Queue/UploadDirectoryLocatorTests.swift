// The upload locator finds `<id>.<ext>` and nothing beside it: not the waveform sidecar `<id>.<ext>.peaks` (which
// once made a job decode the peaks as its audio, BAD_AUDIO, depending on the folder's listing order), not temp files.
import Foundation
import Testing
@testable import API

@Suite("Upload locator")
struct UploadDirectoryLocatorTests {
    @Test("only <id>.<ext> matches, whatever else starts with the id")
    func onlyTheUpload() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("im-locator-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let id = UUID().uuidString.lowercased()
        // Sidecars first, so a listing in creation order would meet them before the audio.
        for name in ["\(id).mp3.peaks", "\(id).mp3.peaks.\(UUID().uuidString).tmp", "\(id).tmp", "\(id).", "\(id).mp3"] {
            FileManager.default.createFile(atPath: folder + "/" + name, contents: Data([1]))
        }
        let locator = UploadDirectoryLocator(directory: folder)
        #expect(locator.path(ofUpload: id) == folder + "/\(id).mp3")
        #expect(locator.path(ofUpload: id.uppercased()) == folder + "/\(id).mp3")
        try FileManager.default.removeItem(atPath: folder + "/\(id).mp3")
        #expect(locator.path(ofUpload: id) == nil, "a sidecar alone is not the upload")
        #expect(locator.path(ofUpload: "not-a-uuid") == nil)
    }
}

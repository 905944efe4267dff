// Locating test fixtures and example manifests.
import Foundation

enum Fixtures {
    /// The folder of bundled fixtures.
    static var root: URL { Bundle.module.resourceURL!.appendingPathComponent("Fixtures") }

    /// The repository root (for manifests/ and schema/).
    static var repo: URL {
        if let r = ProcessInfo.processInfo.environment["INTELLIMIX_REPO_ROOT"] { return URL(fileURLWithPath: r) }
        // Tests/PipelineTests/Support/Fixtures.swift -> repo root
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The invalid-manifest fixtures, sorted.
    static var invalid: [URL] {
        let dir = root.appendingPathComponent("invalid")
        return ((try? FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "yaml" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// The example manifests users copy.
    static var examples: [URL] {
        let dir = repo.appendingPathComponent("manifests")
        return ((try? FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "yaml" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }
}

// TemporaryDirectory: a fresh folder per test, removed when the value is released.
// Knows nothing about audio.

import Foundation

/// A unique temporary folder, deleted on deinit.
final class TemporaryDirectory: @unchecked Sendable {
    let path: String

    init() throws {
        let base = FileManager.default.temporaryDirectory.path
        path = "\(base)/dsp-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// A path for `name` inside the folder.
    func file(_ name: String) -> String { "\(path)/\(name)" }

    /// Names of the entries in the folder (hidden ones included).
    func contents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).sorted()
    }
}

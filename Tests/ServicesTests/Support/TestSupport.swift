// Shared helpers for the Services tests: a silent logger, temporary folders, a WAV generator, and locating
// the yt-dlp binary (INTELLIMIX_YTDLP or .venv-tools).
import Foundation
import Logging
@testable import Services

/// Small helpers used by several suites.
enum TestSupport {
    /// A logger that drops everything.
    static let logger = Logger(label: "services-tests") { _ in SwiftLogNoOpLogHandler() }

    /// A new empty temporary folder.
    static func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "services-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Deletes a temporary folder made by `temporaryFolder()`.
    static func remove(_ folder: String) {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// A 16-bit mono PCM WAV of a sine tone.
    static func wav(seconds: Double = 1, sampleRate: Int = 8000, frequency: Double = 440) -> Data {
        let count = Int(Double(sampleRate) * seconds)
        var data = Data()
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        data.append(contentsOf: Array("RIFF".utf8)); append(UInt32(36 + count * 2))
        data.append(contentsOf: Array("WAVE".utf8)); data.append(contentsOf: Array("fmt ".utf8))
        append(UInt32(16)); append(UInt16(1)); append(UInt16(1)); append(UInt32(sampleRate)); append(UInt32(sampleRate * 2))
        append(UInt16(2)); append(UInt16(16))
        data.append(contentsOf: Array("data".utf8)); append(UInt32(count * 2))
        for index in 0..<count {
            let sample = sin(2 * Double.pi * frequency * Double(index) / Double(sampleRate)) * 0.5
            append(Int16(sample * Double(Int16.max)))
        }
        return data
    }

    /// The yt-dlp to test with: `INTELLIMIX_YTDLP`, else `.venv-tools/bin/yt-dlp` in a folder above this file; nil if neither.
    static func ytdlpPath() -> String? {
        if let path = ProcessInfo.processInfo.environment["INTELLIMIX_YTDLP"], !path.isEmpty {
            return FileManager.default.isExecutableFile(atPath: path) ? path : nil
        }
        var folder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent(".venv-tools/bin/yt-dlp").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }
}

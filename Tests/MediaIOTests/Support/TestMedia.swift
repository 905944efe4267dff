// Test helpers: temporary folders, real audio made with the ffmpeg CLI, ffprobe JSON, sample analysis.
// Knows nothing about MediaIO internals; tests compare MediaIO against the CLI tools.

import Foundation
import Testing

/// A temporary folder removed when the value goes away.
final class TempDir {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("mediaio-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// The path of `name` inside the folder.
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Names of the files in the folder, hidden ones included, sorted.
    func contents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }
}

struct ToolFailure: Error, CustomStringConvertible {
    let description: String
}

enum Tool {
    /// Runs a program and returns its stdout; throws with stderr when it fails.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ToolFailure(description: "\(executable) \(arguments.joined(separator: " ")) failed: \(String(decoding: errData, as: UTF8.self))")
        }
        return outData
    }

    /// `ffmpeg -v error -y <arguments>`.
    static func ffmpeg(_ arguments: [String]) throws {
        try run("/usr/bin/ffmpeg", ["-nostdin", "-hide_banner", "-v", "error", "-y"] + arguments)
    }

    /// Generates audio from a lavfi source expression into `path` with extra output options.
    static func generate(_ lavfi: String, to path: String, options: [String] = []) throws {
        try ffmpeg(["-f", "lavfi", "-i", lavfi] + options + [path])
    }

    /// ffprobe's JSON for streams and format, with tags.
    static func probe(_ path: String) throws -> ProbeJSON {
        let data = try run("/usr/bin/ffprobe", [
            "-v", "error",
            "-show_entries", "stream=codec_name,sample_rate,channels,bit_rate:stream_tags:format=duration,bit_rate:format_tags",
            "-of", "json", path,
        ])
        return try JSONDecoder().decode(ProbeJSON.self, from: data)
    }
}

/// The parts of ffprobe's JSON the tests read.
struct ProbeJSON: Decodable {
    struct Stream: Decodable {
        var codec_name: String?
        var sample_rate: String?
        var channels: Int?
        var bit_rate: String?
        var tags: [String: String]?
    }
    struct Format: Decodable {
        var duration: String?
        var bit_rate: String?
        var tags: [String: String]?
    }
    var streams: [Stream]
    var format: Format

    /// Tags from the format and the first stream, keys lower-cased.
    var allTags: [String: String] {
        var result: [String: String] = [:]
        for (key, value) in streams.first?.tags ?? [:] { result[key.lowercased()] = value }
        for (key, value) in format.tags ?? [:] { result[key.lowercased()] = value }
        return result
    }
}

enum Samples {
    /// Index of the frame whose first-channel sample has the largest magnitude.
    static func peakFrame(_ interleaved: [Float], channels: Int) -> Int {
        var best = 0
        var bestValue: Float = -1
        var frame = 0
        var index = 0
        while index < interleaved.count {
            let value = abs(interleaved[index])
            if value > bestValue {
                bestValue = value
                best = frame
            }
            frame += 1
            index += channels
        }
        return best
    }
}

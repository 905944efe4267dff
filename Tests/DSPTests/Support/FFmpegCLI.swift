// FFmpegCLI: runs /usr/bin/ffmpeg for reference measurements (ebur128) and for generating test files.
// Knows nothing about the DSP target's internals; it parses ffmpeg's printed summary. Tests fail (not skip) without ffmpeg.

import Foundation

/// What ffmpeg's `ebur128=peak=true` summary reports.
struct FFmpegLoudness {
    var integrated: Double
    var truePeak: Double
}

enum FFmpegCLI {
    static let path = "/usr/bin/ffmpeg"

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs ffmpeg with `arguments`; returns stderr; throws if it exits non-zero.
    @discardableResult
    static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-hide_banner", "-nostdin", "-nostats"] + arguments
        let errPipe = Pipe()
        process.standardError = errPipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = errPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw Failure(description: "ffmpeg \(arguments.joined(separator: " ")) failed:\n\(text.suffix(2000))")
        }
        return text
    }

    /// ffmpeg's integrated loudness (LUFS) and true peak (dBFS) of a file.
    static func ebur128(_ file: String) throws -> FFmpegLoudness {
        let text = try run(["-i", file, "-af", "ebur128=peak=true", "-f", "null", "-"])
        guard let summary = text.range(of: "Summary:", options: .backwards) else {
            throw Failure(description: "no ebur128 summary in:\n\(text.suffix(2000))")
        }
        let tail = text[summary.upperBound...]
        func value(after label: String) throws -> Double {
            guard let r = tail.range(of: label) else { throw Failure(description: "no '\(label)' in summary:\n\(tail)") }
            let rest = tail[r.upperBound...].drop { $0 == " " }
            let token = rest.prefix { !$0.isWhitespace }
            if token == "-inf" { return -.infinity }
            guard let v = Double(token) else { throw Failure(description: "bad value '\(token)' after '\(label)'") }
            return v
        }
        return FFmpegLoudness(integrated: try value(after: "I:"), truePeak: try value(after: "Peak:"))
    }

    /// Renders a lavfi source expression to a WAV file with the given codec (default 32-bit float).
    static func generate(_ lavfi: String, to file: String, codec: String = "pcm_f32le", extra: [String] = []) throws {
        try run(["-y", "-f", "lavfi", "-i", lavfi] + extra + ["-c:a", codec, file])
    }
}

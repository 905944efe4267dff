// Memory stays flat while 10 minutes of audio are encoded and decoded in chunks.
// Reads the process's resident size from /proc; other suites running in parallel add a little noise.

import Foundation
import Testing
import MediaIO

@Suite("Streaming memory")
struct StreamingMemoryTests {
    /// Resident set size in bytes (Linux), nil elsewhere.
    static func residentBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first
            return kilobytes.map { $0 * 1024 }
        }
        return nil
    }

    @Test("Encoding then decoding 10 minutes grows memory far less than the audio's size")
    func tenMinutes() throws {
        guard let baseline = Self.residentBytes() else { return }
        let dir = try TempDir()
        let path = dir.path("long.wav")
        let second = TestSignal.make(seconds: 1)
        var peak = baseline
        let encoder = try AudioEncoder(path: path, format: .wav(), input: .working)
        for index in 0..<600 {
            try encoder.write(second)
            if index % 30 == 0 { peak = max(peak, Self.residentBytes() ?? 0) }
        }
        try encoder.finish()
        #expect(encoder.encodedDuration == 600)

        var frames = 0
        var chunks = 0
        try AudioDecoder.decode(path: path, layout: AudioLayout(sampleRate: 48_000, channels: 2), start: 0.5, end: 599.5,
                                chunkFrames: 8192) { chunk in
            frames += chunk.count / 2
            chunks += 1
            if chunks % 200 == 0 { peak = max(peak, Self.residentBytes() ?? 0) }
        }
        #expect(frames == 599 * 48_000)
        let growth = peak - baseline
        print("10 min encode+decode: resident growth \(growth / 1_048_576) MiB (audio as floats would be \(600 * 48_000 * 2 * 4 / 1_048_576) MiB)")
        #expect(growth < 60 * 1_048_576)
    }
}

// TestSignals: deterministic test audio (seeded noise, sines) and helpers to write and read it with the DSP target.
// Knows nothing about what the tests assert.

import DSP
import Foundation

/// SplitMix64: a tiny seeded generator, so test noise is the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum TestSignals {
    /// Uniform white noise in [-amplitude, amplitude], independent per channel, interleaved.
    static func noise(frames: Int, channels: Int, amplitude: Float, seed: UInt64) -> [Float] {
        var rng = SeededGenerator(seed: seed)
        return (0..<(frames * channels)).map { _ in Float.random(in: -amplitude...amplitude, using: &rng) }
    }

    /// A sine of `frequency` Hz and peak `amplitude`, identical in every channel, interleaved.
    static func sine(frames: Int, channels: Int, sampleRate: Int, frequency: Double, amplitude: Double) -> [Float] {
        var out = [Float](repeating: 0, count: frames * channels)
        for f in 0..<frames {
            let v = Float(amplitude * sin(2 * Double.pi * frequency * Double(f) / Double(sampleRate)))
            for c in 0..<channels { out[f * channels + c] = v }
        }
        return out
    }

    /// A ramp whose samples encode their frame and channel index exactly (for join bookkeeping tests).
    static func indexRamp(frames: Int, channels: Int, offset: Float) -> [Float] {
        var out = [Float](repeating: 0, count: frames * channels)
        for f in 0..<frames { for c in 0..<channels { out[f * channels + c] = offset + Float(f) / 1_048_576 + Float(c) / 8 } }
        return out
    }

    /// Writes interleaved samples to a float WAV at `path`.
    static func write(_ samples: [Float], format: PCMFormat, to path: String) throws {
        let writer = try WAVWriter(path: path, format: format)
        try writer.write(samples)
        try writer.finish()
    }

    /// Reads a whole (small) WAV file.
    static func readAll(_ path: String) throws -> (format: PCMFormat, samples: [Float]) {
        let reader = try WAVReader(path: path)
        var all: [Float] = []
        while true {
            let chunk = try reader.read(maxFrames: 10_000)
            if chunk.isEmpty { break }
            all += chunk
        }
        return (reader.format, all)
    }

    /// RMS in dBFS of channel-averaged power over frames [start, start+count).
    static func rmsDB(_ samples: [Float], channels: Int, start: Int, count: Int) -> Double {
        var acc = 0.0
        for i in (start * channels)..<((start + count) * channels) { acc += Double(samples[i]) * Double(samples[i]) }
        return 10 * log10(acc / Double(count * channels))
    }
}

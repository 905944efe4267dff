// Deterministic test audio made in Swift: a sine over pseudo-random noise, float interleaved.
// Knows nothing about files; encoder tests feed it to AudioEncoder.

import Foundation

enum TestSignal {
    /// `seconds` of stereo (or `channels`) audio at `rate`: 0.3 × sine 440 Hz + 0.2 × white noise, deterministic.
    static func make(seconds: Double, rate: Int = 44_100, channels: Int = 2) -> [Float] {
        let frames = Int((seconds * Double(rate)).rounded())
        var state: UInt32 = 0x1234_5678
        var samples = [Float](repeating: 0, count: frames * channels)
        for frame in 0..<frames {
            let tone = 0.3 * Float(sin(2 * Double.pi * 440 * Double(frame) / Double(rate)))
            for channel in 0..<channels {
                state = state &* 1_664_525 &+ 1_013_904_223
                let noise = Float(Int32(bitPattern: state)) / Float(Int32.max)
                samples[frame * channels + channel] = tone + 0.2 * noise
            }
        }
        return samples
    }
}

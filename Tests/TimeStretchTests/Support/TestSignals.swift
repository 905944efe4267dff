// Test audio generated in Swift: click tracks with known click times, and sine tones.
// It knows nothing of stretching; tests compare these signals before and after.

import Foundation

/// Generators of planar test audio with a known truth.
enum TestSignals {
    /// A click track: a 2 kHz burst with a 5 ms exponential decay, lasting 30 ms, every `period` seconds from `first`.
    /// The second channel (if any) carries the same clicks at 0.9 × the level.
    static func clickTrack(
        seconds: Double, sampleRate: Int = 44100, channels: Int = 2, first: Double = 0.25, period: Double = 0.5
    ) -> [[Float]] {
        let frames = Int(seconds * Double(sampleRate))
        let burstFrames = Int(0.03 * Double(sampleRate))
        let burst = (0..<burstFrames).map { i -> Float in
            let t = Double(i) / Double(sampleRate)
            return Float(0.8 * sin(2 * Double.pi * 2000 * t) * exp(-t / 0.005))
        }
        var mono = [Float](repeating: 0, count: frames)
        var time = first
        while time + 0.03 < seconds {
            let start = Int((time * Double(sampleRate)).rounded())
            for i in 0..<burstFrames where start + i < frames { mono[start + i] = burst[i] }
            time += period
        }
        return (0..<channels).map { c in c == 0 ? mono : mono.map { 0.9 * $0 } }
    }

    /// A sine of `frequency` Hz at amplitude 0.5 in every channel.
    static func sine(frequency: Double, seconds: Double, sampleRate: Int = 44100, channels: Int = 1) -> [[Float]] {
        let frames = Int(seconds * Double(sampleRate))
        let tone = (0..<frames).map { Float(0.5 * sin(2 * Double.pi * frequency * Double($0) / Double(sampleRate))) }
        return Array(repeating: tone, count: channels)
    }

    /// The frames where clicks start: the first frame whose level (the largest |sample| over channels) reaches
    /// `fraction` of the loudest frame, at least `refractory` seconds after the previous onset.
    static func onsets(
        _ planar: [[Float]], sampleRate: Int = 44100, fraction: Float = 0.3, refractory: Double = 0.25
    ) -> [Int] {
        let frames = planar[0].count
        var envelope = [Float](repeating: 0, count: frames)
        for channel in planar {
            for i in 0..<frames { envelope[i] = max(envelope[i], abs(channel[i])) }
        }
        let threshold = fraction * (envelope.max() ?? 0)
        let gap = Int(refractory * Double(sampleRate))
        var result: [Int] = []
        for i in 0..<frames where envelope[i] >= threshold {
            if let last = result.last, i - last < gap { continue }
            result.append(i)
        }
        return result
    }

    /// The frequency of a steady tone from its rising zero crossings (interpolated) between `from` and `to` frames.
    static func frequency(_ signal: [Float], sampleRate: Int = 44100, from: Int, to: Int) -> Double {
        var crossings: [Double] = []
        for i in max(from, 1)..<min(to, signal.count) where signal[i - 1] < 0 && signal[i] >= 0 {
            let fraction = Double(-signal[i - 1]) / Double(signal[i] - signal[i - 1])
            crossings.append(Double(i - 1) + fraction)
        }
        guard let first = crossings.first, let last = crossings.last, crossings.count > 1 else { return 0 }
        return Double(crossings.count - 1) * Double(sampleRate) / (last - first)
    }
}

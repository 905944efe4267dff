// LoudnessTruePeakBoundTests: the true-peak interpolator's skipping (block and centre-tap bounds) never changes a result.
// Knows nothing about files, gating or the limiter's gain logic; compares against a plain scalar interpolation of every interval.

@testable import DSP
import Foundation
import Testing

@Suite("LoudnessTruePeakBounds")
struct LoudnessTruePeakBoundTests {
    /// The 4x grid values (|x[n]|, phases 1...3) and the refined peak of every interval of `samples`, computed the slow way:
    /// every interval, every tap, one scalar sum per phase in tap order (as the vector kernel does per lane).
    static func reference(_ samples: [Float], design: TruePeakInterpolator.Design) -> (grid: [Float], refined: [Float]) {
        let taps = design.tapsPerPhase, h = taps / 2
        let padded = [Float](repeating: 0, count: taps) + samples + [Float](repeating: 0, count: taps + 1)
        let c = design.coefficients
        func phases(_ first: Int) -> (Float, Float, Float) {
            var s1: Float = 0, s2: Float = 0, s3: Float = 0
            for j in 0..<taps {
                let v = padded[first + j]
                s1 += c[j] * v
                s2 += c[taps + j] * v
                s3 += c[2 * taps + j] * v
            }
            return (s1, s2, s3)
        }
        func vertex(_ a: Float, _ b: Float, _ c: Float) -> Float {
            guard b >= a, b >= c else { return 0 }
            let den = a - 2 * b + c
            guard den < 0 else { return b }
            return b - (a - c) * (a - c) / (8 * den)
        }
        var grid = [Float](repeating: 0, count: samples.count)
        var refined = [Float](repeating: 0, count: samples.count)
        var previousS3 = phases(0).2 // interval -1
        for i in 0..<samples.count {
            let (s1, s2, s3) = phases(i + 1)
            let v = (abs(previousS3), abs(padded[i + h]), abs(s1), abs(s2), abs(s3), abs(padded[i + h + 1]))
            previousS3 = s3
            grid[i] = max(v.1, v.2, v.3, v.4)
            refined[i] = max(grid[i], vertex(v.0, v.1, v.2), vertex(v.1, v.2, v.3), vertex(v.2, v.3, v.4), vertex(v.3, v.4, v.5))
        }
        return (grid, refined)
    }

    /// Signals built to defeat the bounds: windows matching the signs of the half-sample phase (the largest possible
    /// overshoot, about 2.6x the sample peak) at many amplitudes over quiet noise, near-Nyquist tones, clipped noise.
    static func signals() -> [(String, [Float])] {
        var rng = SeededGenerator(seed: 17)
        let design = TruePeakInterpolator.Design.standard
        let taps = design.tapsPerPhase
        let pattern = (0..<taps).map { Float(design.coefficients[taps + $0] >= 0 ? 1 : -1) }
        let n = 6000
        var adversarial = (0..<n).map { _ in Float.random(in: -0.02...0.02, using: &rng) }
        var pos = 0
        while pos + taps < n {
            let a = Float.random(in: 0.05...0.5, using: &rng) * (Bool.random(using: &rng) ? 1 : -1)
            for j in 0..<taps { adversarial[pos + j] = pattern[j] * a }
            pos += taps + Int.random(in: 0..<300, using: &rng)
        }
        let nyquist = (0..<n).map { Float(0.7 * sin(Double.pi * 0.97 * Double($0) + 0.3)) }
        let quarter = (0..<n).map { Float(0.9 * sin(Double.pi / 2 * Double($0) + Double.pi / 4)) }
        let clipped = (0..<n).map { f in
            Float(max(-1, min(1, 3 * sin(2 * Double.pi * 0.08 * Double(f)) + Double(Float.random(in: -1...1, using: &rng)))))
        }
        // A loud burst late in a quiet signal: the running maximum rises only at the end.
        let rising = (0..<n).map { f in Float.random(in: -1...1, using: &rng) * (f > n - 400 ? 0.8 : Float(f) / Float(n) * 0.3) }
        return [("adversarial", adversarial), ("near-Nyquist sine", nyquist), ("fs/4 sine at 45°", quarter),
                ("clipped", clipped), ("rising", rising)]
    }

    @Test("maxPeak equals the largest interval peak of a full interpolation, whatever the chunking")
    func maxPeakIsExact() {
        for (name, samples) in Self.signals() {
            let expected = Self.reference(samples, design: .standard).grid.max()!
            for chunk in [samples.count, 1000, 61, 7] {
                var interpolator = TruePeakInterpolator()
                var peak: Float = 0
                var i = 0
                while i < samples.count {
                    let n = min(chunk, samples.count - i)
                    samples.withUnsafeBufferPointer { interpolator.load($0.baseAddress! + i, stride: 1, frames: n) }
                    peak = interpolator.maxPeak(above: peak)
                    interpolator.commit()
                    i += n
                }
                #expect(peak == expected, "\(name), chunks of \(chunk)")
            }
        }
    }

    @Test("refined peaks above the floor are all reported, exactly; nothing else is written")
    func refinedPeaksAreExact() {
        for (name, samples) in Self.signals() {
            let expected = Self.reference(samples, design: .standard).refined
            let top = expected.max()!
            for floor in [0, top * 0.3, top * 0.6, top * 0.9, top * 0.97, top * 0.995] {
                var interpolator = TruePeakInterpolator()
                var out = [Float](repeating: 0, count: samples.count)
                var i = 0
                while i < samples.count {
                    let n = min(1500, samples.count - i)
                    samples.withUnsafeBufferPointer { interpolator.load($0.baseAddress! + i, stride: 1, frames: n) }
                    out.withUnsafeMutableBufferPointer { interpolator.accumulateRefinedPeaks(into: $0.baseAddress! + i, skippingAtOrBelow: floor) }
                    interpolator.commit()
                    i += n
                }
                let missed = (0..<samples.count).filter { expected[$0] > floor && out[$0] != expected[$0] }
                let wrong = (0..<samples.count).filter { out[$0] != 0 && out[$0] != expected[$0] }
                #expect(missed.isEmpty, "\(name), floor \(floor): \(missed.count) intervals above the floor missed")
                #expect(wrong.isEmpty, "\(name), floor \(floor): \(wrong.count) intervals differ")
            }
        }
    }
}

// TruePeakInterpolator: 4x polyphase windowed-sinc interpolation of one channel, reporting per-interval peaks.
// Knows nothing about gating, limiting or interleaving beyond reading one channel with a stride.

import Foundation

/// Estimates inter-sample peaks of one channel by 4x oversampling (BS.1770-4 Annex 2 method).
///
/// Each phase is a 48-tap Kaiser-windowed sinc (cutoff at the input Nyquist, DC gain 1). For
/// every input sample n the "interval peak" is max(|x[n]|, |x(n+1/4)|, |x(n+2/4)|, |x(n+3/4)|).
/// Interval peaks come out 24 samples late (half the filter length).
struct TruePeakInterpolator: Sendable {
    static let factor = 4
    static let tapsPerPhase = 48
    static let half = tapsPerPhase / 2
    /// Samples between an input sample and its interval peak.
    static let latency = half
    /// Kaiser window shape parameter.
    static let beta = 8.0
    /// Coefficients of phases 1...3, `tapsPerPhase` each; tap j multiplies x[n - half + 1 + j].
    static let coefficients: [Float] = makeCoefficients()
    /// Upper bound of |interpolated| / max|input| over any window (largest sum of |coefficients|).
    static let gainBound: Float = {
        var bound: Float = 1
        for p in 0..<(factor - 1) {
            var s: Float = 0
            for j in 0..<tapsPerPhase { s += abs(coefficients[p * tapsPerPhase + j]) }
            bound = max(bound, s)
        }
        return bound * 1.0001
    }()

    /// The last `tapsPerPhase - 1` input samples, followed by the samples being processed.
    private var work: [Float]
    private var loaded = 0

    init() {
        work = [Float](repeating: 0, count: TruePeakInterpolator.tapsPerPhase - 1)
    }

    private static func makeCoefficients() -> [Float] {
        var c = [Float](repeating: 0, count: (factor - 1) * tapsPerPhase)
        let i0Beta = besselI0(beta)
        for p in 1..<factor {
            var taps = [Double](repeating: 0, count: tapsPerPhase)
            for j in 0..<tapsPerPhase {
                let u = Double(half - 1 - j) + Double(p) / Double(factor)
                let sinc = u == 0 ? 1 : sin(Double.pi * u) / (Double.pi * u)
                let r = u / Double(half)
                let window = besselI0(beta * (1 - r * r).squareRoot()) / i0Beta
                taps[j] = sinc * window
            }
            let sum = taps.reduce(0, +)
            for j in 0..<tapsPerPhase { c[(p - 1) * tapsPerPhase + j] = Float(taps[j] / sum) }
        }
        return c
    }

    private static func besselI0(_ x: Double) -> Double {
        var sum = 1.0, term = 1.0
        var k = 1.0
        while term > 1e-12 * sum {
            term *= (x / (2 * k)) * (x / (2 * k))
            sum += term
            k += 1
        }
        return sum
    }

    /// Appends `frames` samples of one channel (read with `stride`) after the history.
    mutating func load(_ source: UnsafePointer<Float>, stride: Int, frames: Int) {
        let history = TruePeakInterpolator.tapsPerPhase - 1
        if work.count < history + frames { work.append(contentsOf: repeatElement(0, count: history + frames - work.count)) }
        work.withUnsafeMutableBufferPointer { w in
            var p = source
            for i in 0..<frames { w[history + i] = p.pointee; p += stride }
        }
        loaded = frames
    }

    /// Keeps the last samples of what was loaded as history for the next load.
    mutating func commit() {
        let history = TruePeakInterpolator.tapsPerPhase - 1
        work.withUnsafeMutableBufferPointer { w in
            for i in 0..<history { w[i] = w[loaded + i] }
        }
        loaded = 0
    }

    /// Largest interval peak among the loaded samples' intervals, skipping blocks that cannot exceed `floor`.
    func maxPeak(above floor: Float) -> Float {
        var best = floor
        forEachPeak(skippingAtOrBelow: { best }) { _, v in if v > best { best = v } }
        return best
    }

    /// Writes max(out[i], peak of interval i) for each loaded sample's interval; peaks that cannot exceed `floor` may be left out.
    func accumulatePeaks(into out: UnsafeMutablePointer<Float>, skippingAtOrBelow floor: Float) {
        forEachPeak(skippingAtOrBelow: { floor }) { i, v in if v > out[i] { out[i] = v } }
    }

    /// Calls `body(i, peak)` for the intervals of the loaded samples, skipping 64-sample blocks whose peaks are bounded by `floor()`.
    private func forEachPeak(skippingAtOrBelow floor: () -> Float, _ body: (Int, Float) -> Void) {
        let taps = TruePeakInterpolator.tapsPerPhase
        let half = TruePeakInterpolator.half
        let bound = TruePeakInterpolator.gainBound
        let frames = loaded
        work.withUnsafeBufferPointer { w in
            TruePeakInterpolator.coefficients.withUnsafeBufferPointer { coeffs in
                let c1 = coeffs.baseAddress!, c2 = c1 + taps, c3 = c2 + taps
                var blockStart = 0
                while blockStart < frames {
                    let blockEnd = min(frames, blockStart + 64)
                    // Intervals blockStart..<blockEnd read w[blockStart ..< blockEnd + taps - 1].
                    var m: Float = 0
                    for k in blockStart..<(blockEnd + taps - 1) { m = max(m, abs(w[k])) }
                    if m * bound > floor() {
                        for i in blockStart..<blockEnd {
                            let x = w.baseAddress! + i // x[n - half + 1] where n = i + half - 1
                            var s1: Float = 0, s2: Float = 0, s3: Float = 0
                            for j in 0..<taps {
                                let v = x[j]
                                s1 += c1[j] * v
                                s2 += c2[j] * v
                                s3 += c3[j] * v
                            }
                            let peak = max(abs(x[half - 1]), abs(s1), abs(s2), abs(s3))
                            body(i, peak)
                        }
                    }
                    blockStart = blockEnd
                }
            }
        }
    }
}

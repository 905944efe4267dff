// TruePeakInterpolator: 4x polyphase windowed-sinc interpolation of one channel, reporting per-interval peaks.
// Knows nothing about gating, limiting or interleaving beyond reading one channel with a stride.

import Foundation

/// Estimates inter-sample peaks of one channel by 4x oversampling (BS.1770-4 Annex 2 method).
///
/// Each phase is a Kaiser-windowed sinc (cutoff at the input Nyquist, DC gain 1). For every input
/// sample n the "interval peak" is max(|x[n]|, |x(n+1/4)|, |x(n+2/4)|, |x(n+3/4)|). Interval peaks
/// come out `latency` samples late (half the filter length).
struct TruePeakInterpolator: Sendable {
    /// A filter design: taps per phase and Kaiser shape.
    struct Design: Sendable {
        let tapsPerPhase: Int
        let beta: Double
        /// Coefficients of phases 1...3, `tapsPerPhase` each; tap j multiplies x[n - half + 1 + j].
        let coefficients: [Float]
        /// Upper bound of |interpolated| / max|input| over any window (largest sum of |coefficients|).
        let gainBound: Float

        init(tapsPerPhase: Int, beta: Double) {
            self.tapsPerPhase = tapsPerPhase
            self.beta = beta
            coefficients = TruePeakInterpolator.makeCoefficients(taps: tapsPerPhase, beta: beta)
            var bound: Float = 1
            for p in 0..<(TruePeakInterpolator.factor - 1) {
                var s: Float = 0
                for j in 0..<tapsPerPhase { s += abs(coefficients[p * tapsPerPhase + j]) }
                bound = max(bound, s)
            }
            gainBound = bound * 1.0001
        }

        /// 48 taps per phase, Kaiser beta 8: flat within 0.1 dB to 0.46 fs. Used by the meter and the limiter
        /// (a 64-tap design flat to 0.47 fs was tried for the limiter and changed no ffmpeg reading).
        static let standard = Design(tapsPerPhase: 48, beta: 8)
    }

    static let factor = 4
    let design: Design
    /// Samples between an input sample and its interval peak.
    var latency: Int { design.tapsPerPhase / 2 }

    /// The last `tapsPerPhase` input samples, followed by the samples being processed.
    private var work: [Float]
    private var loaded = 0
    /// Samples kept between loads: one filter length.
    private var history: Int { design.tapsPerPhase }

    init(design: Design = .standard) {
        self.design = design
        work = [Float](repeating: 0, count: design.tapsPerPhase)
    }

    fileprivate static func makeCoefficients(taps tapsPerPhase: Int, beta: Double) -> [Float] {
        let half = tapsPerPhase / 2
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
        let history = self.history
        if work.count < history + frames { work.append(contentsOf: repeatElement(0, count: history + frames - work.count)) }
        work.withUnsafeMutableBufferPointer { w in
            var p = source
            for i in 0..<frames { w[history + i] = p.pointee; p += stride }
        }
        loaded = frames
    }

    /// Keeps the last samples of what was loaded as history for the next load.
    mutating func commit() {
        let history = self.history, count = loaded
        work.withUnsafeMutableBufferPointer { w in
            for i in 0..<history { w[i] = w[count + i] }
        }
        loaded = 0
    }

    /// Largest 4x-grid value among the loaded samples' intervals (the BS.1770 true peak), or `floor` if none is larger.
    func maxPeak(above floor: Float) -> Float {
        var best = floor
        let h = design.tapsPerPhase / 2
        forEachBlock(skippingAtOrBelow: { best }, bound: design.gainBound) { x, _, _ in
            let (s1, s2, s3) = phases(x)
            let peak = max(abs(x[h - 1]), abs(s1), abs(s2), abs(s3))
            if peak > best { best = peak }
        }
        return best
    }

    /// Writes max(out[i], refined peak of interval i) for each loaded sample; intervals that cannot exceed `floor` may be left out.
    ///
    /// The refined peak fits a parabola through each local maximum of the 4x grid and its two
    /// neighbours, which recovers the continuous peak between grid points to within about 0.07 dB
    /// (the bare 4x grid can miss it by up to 0.7 dB near Nyquist). The limiter uses this.
    func accumulateRefinedPeaks(into out: UnsafeMutablePointer<Float>, skippingAtOrBelow floor: Float) {
        var previousS3: Float = 0
        let h = design.tapsPerPhase / 2
        // A parabola's vertex exceeds its highest grid point by at most 1/8 of a neighbour.
        forEachBlock(skippingAtOrBelow: { floor }, bound: design.gainBound * 1.125) { x, i, blockStart in
            if i == blockStart { previousS3 = phases(x - 1).2 }
            let (s1, s2, s3) = phases(x)
            let v = (abs(previousS3), abs(x[h - 1]), abs(s1), abs(s2), abs(s3), abs(x[h]))
            previousS3 = s3
            var peak = max(v.1, v.2, v.3, v.4)
            peak = max(peak, TruePeakInterpolator.vertex(v.0, v.1, v.2), TruePeakInterpolator.vertex(v.1, v.2, v.3),
                       TruePeakInterpolator.vertex(v.2, v.3, v.4), TruePeakInterpolator.vertex(v.3, v.4, v.5))
            if peak > out[i] { out[i] = peak }
        }
    }

    /// Peak of the parabola through (a, b, c) if b is a local maximum, else 0.
    @inline(__always)
    private static func vertex(_ a: Float, _ b: Float, _ c: Float) -> Float {
        guard b >= a, b >= c else { return 0 }
        let den = a - 2 * b + c
        guard den < 0 else { return b }
        return b - (a - c) * (a - c) / (8 * den)
    }

    /// The three interpolated values between x[half - 1] and x[half], where `x` points at the first tap.
    @inline(__always)
    private func phases(_ x: UnsafePointer<Float>) -> (Float, Float, Float) {
        let taps = design.tapsPerPhase
        return design.coefficients.withUnsafeBufferPointer { coeffs in
            let c1 = coeffs.baseAddress!, c2 = c1 + taps, c3 = c2 + taps
            var s1: Float = 0, s2: Float = 0, s3: Float = 0
            for j in 0..<taps {
                let v = x[j]
                s1 += c1[j] * v
                s2 += c2[j] * v
                s3 += c3[j] * v
            }
            return (s1, s2, s3)
        }
    }

    /// Calls `body(x, i, blockStart)` for each loaded sample's interval (x points at its first tap),
    /// skipping 64-interval blocks whose values times `bound` cannot exceed `floor()`.
    private func forEachBlock(skippingAtOrBelow floor: () -> Float, bound: Float,
                              _ body: (UnsafePointer<Float>, Int, Int) -> Void) {
        let taps = design.tapsPerPhase
        let frames = loaded
        work.withUnsafeBufferPointer { w in
            var blockStart = 0
            while blockStart < frames {
                let blockEnd = min(frames, blockStart + 64)
                // Interval i reads w[i ..< i + taps] (plus w[i - 1] for the refined peak).
                var m: Float = 0
                for k in max(0, blockStart - 1)..<(blockEnd + taps) { m = max(m, abs(w[k])) }
                if m * bound > floor() {
                    for i in blockStart..<blockEnd { body(w.baseAddress! + i + 1, i, blockStart) }
                }
                blockStart = blockEnd
            }
        }
    }
}

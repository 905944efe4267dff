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
        /// `coefficients`, each repeated across four lanes, for the vector kernel.
        let splatted: [SIMD4<Float>]
        /// The taps that carry most of each phase's weight (the middle 16, or all of a shorter filter).
        let centre: Range<Int>
        /// Per phase, the sum of |coefficients| outside `centre` plus a margin for rounding: an interpolated value
        /// is at most |its sum over `centre`| + `tailBound` × max|input| over the filter window.
        let tailBound: (Float, Float, Float)

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
            splatted = coefficients.map { SIMD4(repeating: $0) }
            let half = tapsPerPhase / 2
            centre = max(0, half - 8)..<min(tapsPerPhase, half + 8)
            var tails = [Float](repeating: 0, count: 3)
            for p in 0..<(TruePeakInterpolator.factor - 1) {
                var t = 0.0
                for j in 0..<tapsPerPhase where !centre.contains(j) { t += Double(abs(coefficients[p * tapsPerPhase + j])) }
                // Float rounding of a 48-term sum is under 1e-5 of max|input| × sum|c|; 1e-3 covers it many times over.
                tails[p] = Float(t * 1.0001 + 1e-3)
            }
            tailBound = (tails[0], tails[1], tails[2])
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

    /// Lanes read past the last loaded sample by the 8-wide kernel; the work buffer keeps this much slack.
    private static let slack = 8

    /// Appends `frames` samples of one channel (read with `stride`) after the history.
    mutating func load(_ source: UnsafePointer<Float>, stride: Int, frames: Int) {
        let history = self.history
        let needed = history + frames + TruePeakInterpolator.slack
        if work.count < needed { work.append(contentsOf: repeatElement(0, count: needed - work.count)) }
        work.withUnsafeMutableBufferPointer { w in
            let d = w.baseAddress! + history
            var p = source
            if stride == 1 {
                d.update(from: source, count: frames)
            } else {
                for i in 0..<frames { d[i] = p.pointee; p += stride }
            }
        }
        loaded = frames
    }

    /// Keeps the last samples of what was loaded as history for the next load.
    mutating func commit() {
        let history = self.history, count = loaded
        work.withUnsafeMutableBufferPointer { w in
            let b = w.baseAddress!
            b.update(from: b + count, count: history)
        }
        loaded = 0
    }

    /// Largest 4x-grid value among the loaded samples' intervals (the BS.1770 true peak), or `floor` if none is larger.
    ///
    /// Only intervals that could beat the running maximum are interpolated in full: a block is skipped
    /// when its largest sample times `gainBound` cannot, and a group of eight intervals when the sums
    /// over the centre taps plus `tailBound` × that sample maximum cannot. Both are upper bounds, so the
    /// result is the same as interpolating everything.
    func maxPeak(above floor: Float) -> Float {
        var best = floor
        let h = design.tapsPerPhase / 2
        let taps = design.tapsPerPhase
        let centre = design.centre
        let tails = design.tailBound
        design.splatted.withUnsafeBufferPointer { cb in
            let c = cb.baseAddress!
            forEachBlock(skippingAtOrBelow: { best }, bound: design.gainBound) { w, blockStart, blockEnd, m in
                let t1 = SIMD8(repeating: tails.0 * m), t2 = SIMD8(repeating: tails.1 * m), t3 = SIMD8(repeating: tails.2 * m)
                var i = blockStart
                while i < blockEnd {
                    let valid = blockEnd - i
                    let x = TruePeakInterpolator.abs8(TruePeakInterpolator.load8(w + i + h))
                    let (b1, b2, b3) = TruePeakInterpolator.phases8(w + i + 1, c, taps: taps, over: centre)
                    var bound = TruePeakInterpolator.max8(TruePeakInterpolator.abs8(b1) + t1, TruePeakInterpolator.abs8(b2) + t2)
                    bound = TruePeakInterpolator.max8(bound, TruePeakInterpolator.max8(TruePeakInterpolator.abs8(b3) + t3, x))
                    if valid < 8 {
                        for k in valid..<8 { bound[k] = 0 }
                    }
                    if TruePeakInterpolator.largest(bound) > best {
                        let (s1, s2, s3) = TruePeakInterpolator.phases8(w + i + 1, c, taps: taps, over: 0..<taps)
                        var p = TruePeakInterpolator.max8(x, TruePeakInterpolator.abs8(s1))
                        p = TruePeakInterpolator.max8(p, TruePeakInterpolator.max8(TruePeakInterpolator.abs8(s2), TruePeakInterpolator.abs8(s3)))
                        if valid < 8 {
                            for k in valid..<8 { p[k] = 0 }
                        }
                        let peak = TruePeakInterpolator.largest(p)
                        if peak > best { best = peak }
                    }
                    i += 8
                }
            }
        }
        return best
    }

    /// Writes max(out[i], refined peak of interval i) for each loaded sample; intervals that cannot exceed `floor` may be left out.
    ///
    /// The refined peak fits a parabola through each local maximum of the 4x grid and its two
    /// neighbours, which recovers the continuous peak between grid points to within about 0.07 dB
    /// (the bare 4x grid can miss it by up to 0.7 dB near Nyquist). The limiter uses this.
    /// A parabola's vertex exceeds its highest grid point by at most 1/8 of a neighbour, so an
    /// interval is left out when 1.125 × an upper bound of its grid values (see `maxPeak`) is at most `floor`.
    func accumulateRefinedPeaks(into out: UnsafeMutablePointer<Float>, skippingAtOrBelow floor: Float) {
        let h = design.tapsPerPhase / 2
        let taps = design.tapsPerPhase
        let centre = design.centre
        let tails = design.tailBound
        let groupsPerBlock = (TruePeakInterpolator.blockLength + 1 + 7) / 8
        let capacity = groupsPerBlock * 8
        let vertexBound: Float = 1.125 * 1.0001
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 3 * capacity) { scratch in
            let b1 = scratch.baseAddress!, b2 = b1 + capacity, b3 = b2 + capacity
            design.splatted.withUnsafeBufferPointer { cb in
                let c = cb.baseAddress!
                forEachBlock(skippingAtOrBelow: { floor }, bound: design.gainBound * vertexBound) { w, blockStart, blockEnd, m in
                    let t1 = SIMD8(repeating: tails.0 * m), t2 = SIMD8(repeating: tails.1 * m), t3 = SIMD8(repeating: tails.2 * m)
                    // Buffer index k holds interval blockStart - 1 + k (whose first tap is w[blockStart + k]),
                    // for k in 0 ..< count; output intervals are k >= 1. Groups of eight indices are filled on demand.
                    let count = blockEnd - blockStart + 1
                    let groups = (count + 7) / 8
                    var filled: UInt32 = 0
                    func fill(_ g: Int) {
                        guard filled & (1 << UInt32(g)) == 0 else { return }
                        filled |= 1 << UInt32(g)
                        let (s1, s2, s3) = TruePeakInterpolator.phases8(w + blockStart + 8 * g, c, taps: taps, over: 0..<taps)
                        TruePeakInterpolator.store8(s1, b1 + 8 * g)
                        TruePeakInterpolator.store8(s2, b2 + 8 * g)
                        TruePeakInterpolator.store8(s3, b3 + 8 * g)
                    }
                    for g in 0..<groups {
                        let k0 = 8 * g
                        let x = w + blockStart + k0
                        let sample = TruePeakInterpolator.abs8(TruePeakInterpolator.load8(x + h - 1))
                        let (e1, e2, e3) = TruePeakInterpolator.phases8(x, c, taps: taps, over: centre)
                        var bound = TruePeakInterpolator.max8(TruePeakInterpolator.abs8(e1) + t1, TruePeakInterpolator.abs8(e2) + t2)
                        bound = TruePeakInterpolator.max8(bound, TruePeakInterpolator.max8(TruePeakInterpolator.abs8(e3) + t3, sample))
                        guard TruePeakInterpolator.largest(bound) * vertexBound > floor else { continue }
                        fill(g)
                        if g > 0 { fill(g - 1) }
                        if k0 >= 8, k0 + 8 <= count {
                            // Eight output intervals at once; each lane does the scalar loop's operations below.
                            let i0 = blockStart - 1 + k0
                            let xs = w + i0 + 1
                            let v0 = TruePeakInterpolator.abs8(TruePeakInterpolator.load8(b3 + k0 - 1))
                            let v1 = TruePeakInterpolator.abs8(TruePeakInterpolator.load8(xs + h - 1))
                            let v2 = TruePeakInterpolator.abs8(TruePeakInterpolator.load8(b1 + k0))
                            let v3 = TruePeakInterpolator.abs8(TruePeakInterpolator.load8(b2 + k0))
                            let v4 = TruePeakInterpolator.abs8(TruePeakInterpolator.load8(b3 + k0))
                            let v5 = TruePeakInterpolator.abs8(TruePeakInterpolator.load8(xs + h))
                            var peak = TruePeakInterpolator.max8(TruePeakInterpolator.max8(v1, v2), TruePeakInterpolator.max8(v3, v4))
                            peak = TruePeakInterpolator.max8(peak, TruePeakInterpolator.vertex8(v0, v1, v2))
                            peak = TruePeakInterpolator.max8(peak, TruePeakInterpolator.vertex8(v1, v2, v3))
                            peak = TruePeakInterpolator.max8(peak, TruePeakInterpolator.vertex8(v2, v3, v4))
                            peak = TruePeakInterpolator.max8(peak, TruePeakInterpolator.vertex8(v3, v4, v5))
                            let o = TruePeakInterpolator.load8(out + i0)
                            TruePeakInterpolator.store8(o.replacing(with: peak, where: peak .> o), out + i0)
                            continue
                        }
                        for k in max(1, k0)..<min(count, k0 + 8) {
                            let i = blockStart - 1 + k
                            let x = w + i + 1
                            let v = (abs(b3[k - 1]), abs(x[h - 1]), abs(b1[k]), abs(b2[k]), abs(b3[k]), abs(x[h]))
                            var peak = max(v.1, v.2, v.3, v.4)
                            peak = max(peak, TruePeakInterpolator.vertex(v.0, v.1, v.2), TruePeakInterpolator.vertex(v.1, v.2, v.3),
                                       TruePeakInterpolator.vertex(v.2, v.3, v.4), TruePeakInterpolator.vertex(v.3, v.4, v.5))
                            if peak > out[i] { out[i] = peak }
                        }
                    }
                }
            }
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

    /// `vertex` on eight lanes, with the same operations per lane.
    @inline(__always)
    private static func vertex8(_ a: SIMD8<Float>, _ b: SIMD8<Float>, _ c: SIMD8<Float>) -> SIMD8<Float> {
        let isMaximum = (b .>= a) .& (b .>= c)
        let den = a - 2 * b + c
        let d = a - c
        let top = b - d * d / (8 * den)
        let r = SIMD8<Float>(repeating: 0).replacing(with: b, where: isMaximum)
        return r.replacing(with: top, where: isMaximum .& (den .< 0))
    }

    @inline(__always)
    private static func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always)
    private static func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
    }

    @inline(__always)
    private static func abs8(_ v: SIMD8<Float>) -> SIMD8<Float> {
        unsafeBitCast(unsafeBitCast(v, to: SIMD8<UInt32>.self) & SIMD8<UInt32>(repeating: 0x7FFF_FFFF), to: SIMD8<Float>.self)
    }

    /// Lane-wise maximum of two vectors of non-negative, non-NaN values.
    @inline(__always)
    private static func max8(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> {
        a.replacing(with: b, where: b .> a)
    }

    /// Lane-wise maximum of two vectors of non-negative, non-NaN values.
    @inline(__always)
    private static func max4(_ a: SIMD4<Float>, _ b: SIMD4<Float>) -> SIMD4<Float> {
        a.replacing(with: b, where: b .> a)
    }

    /// Largest |p[k]| for k in 0..<count (0 if count is 0).
    @inline(__always)
    private static func maxMagnitude(_ p: UnsafePointer<Float>, count: Int) -> Float {
        var m = SIMD8<Float>(repeating: 0)
        var k = 0
        while k + 8 <= count {
            m = max8(m, abs8(load8(p + k)))
            k += 8
        }
        let m4 = max4(m.lowHalf, m.highHalf)
        var r = max(max(m4[0], m4[1]), max(m4[2], m4[3]))
        while k < count { r = max(r, abs(p[k])); k += 1 }
        return r
    }

    /// The largest lane of a vector of non-negative, non-NaN values.
    @inline(__always)
    private static func largest(_ v: SIMD8<Float>) -> Float {
        let m = max4(v.lowHalf, v.highHalf)
        return max(max(m[0], m[1]), max(m[2], m[3]))
    }

    /// The three interpolated values (phases 1/4, 2/4, 3/4) of eight consecutive intervals, summed over the taps
    /// in `range` (all taps for the exact values); lane k's first tap is x[k].
    ///
    /// Each lane sums the taps in the same order, with the same operations, as a scalar loop
    /// `s += c[j] * x[j]` would, so results do not depend on the lane or the vector width.
    @inline(__always)
    private static func phases8(_ x: UnsafePointer<Float>, _ c: UnsafePointer<SIMD4<Float>>, taps: Int, over range: Range<Int>)
        -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
        let c1 = c, c2 = c1 + taps, c3 = c2 + taps
        var s1 = SIMD8<Float>(repeating: 0), s2 = SIMD8<Float>(repeating: 0), s3 = SIMD8<Float>(repeating: 0)
        for j in range {
            let v = load8(x + j)
            let k1 = c1[j], k2 = c2[j], k3 = c3[j]
            s1 += SIMD8(lowHalf: k1, highHalf: k1) * v
            s2 += SIMD8(lowHalf: k2, highHalf: k2) * v
            s3 += SIMD8(lowHalf: k3, highHalf: k3) * v
        }
        return (s1, s2, s3)
    }

    /// Intervals per skip test.
    private static let blockLength = 64

    /// Calls `body(w, blockStart, blockEnd, m)` for each block of loaded intervals (interval i's first tap is w[i + 1];
    /// m is the largest |sample| any of them reads), skipping `blockLength`-interval blocks where m × `bound`
    /// cannot exceed `floor()`.
    private func forEachBlock(skippingAtOrBelow floor: () -> Float, bound: Float,
                              _ body: (UnsafePointer<Float>, Int, Int, Float) -> Void) {
        let taps = design.tapsPerPhase
        let frames = loaded
        work.withUnsafeBufferPointer { w in
            let base = w.baseAddress!
            var blockStart = 0
            while blockStart < frames {
                let blockEnd = min(frames, blockStart + TruePeakInterpolator.blockLength)
                // Interval i reads w[i ..< i + taps] (plus w[i - 1] for the refined peak).
                let first = max(0, blockStart - 1)
                let m = TruePeakInterpolator.maxMagnitude(base + first, count: blockEnd + taps - first)
                if m * bound > floor() {
                    body(base, blockStart, blockEnd, m)
                }
                blockStart = blockEnd
            }
        }
    }
}

// BeatTracker: beat times from an onset-strength curve and a beat period, by dynamic programming (Ellis 2007).
// Knows nothing about bars or keys; it finds the sequence of onsets that best keeps the given period.
import Foundation

/// Dynamic-programming beat tracking over an onset-strength curve.
///
/// The best score of a beat at frame t is its onset strength plus the best score of a previous beat between
/// ½ and 2 periods earlier, less `tightness · log²(gap / period)`; the beat sequence is traced back from
/// the last strong score. Beats are then placed at the sub-frame peak of the onset curve.
struct BeatTracker: Sendable {
    /// How strongly gaps are held to the period (larger: steadier beats).
    var tightness: Double = 100

    /// Beat positions in frames (fractional), ascending.
    func track(_ strength: [Float], period: Double) -> [Double] {
        let n = strength.count
        guard n > 0, period >= 2 else { return [] }
        // Normalise, and smooth with a Gaussian of width period/32 so near-misses still score.
        let sd = Self.standardDeviation(strength)
        guard sd > 0 else { return [] }
        let local = Self.smooth(strength.map { Double($0) / sd }, sigma: period / 32)
        var score = [Double](repeating: 0, count: n)
        var back = [Int](repeating: -1, count: n)
        let lo = Int((period / 2).rounded()), hi = Int((2 * period).rounded())
        // Transition penalty for every gap in lo...hi.
        let penalty = (0...hi).map { g -> Double in
            g < lo ? -.infinity : -tightness * pow(log(Double(g) / period), 2)
        }
        for t in 0..<n {
            var best = -Double.infinity, from = -1
            let first = max(0, t - hi), last = t - lo
            if last >= first {
                for p in first...last {
                    let v = score[p] + penalty[t - p]
                    if v > best { best = v; from = p }
                }
            }
            if from >= 0 && best > 0 {
                score[t] = local[t] + best
                back[t] = from
            } else {
                score[t] = local[t]
            }
        }
        // End on the last local maximum of the score whose value is at least half the median of the maxima.
        var maxima: [Int] = []
        for t in 1..<max(1, n - 1) where score[t] > score[t - 1] && score[t] >= score[t + 1] { maxima.append(t) }
        guard !maxima.isEmpty else { return [] }
        let values = maxima.map { score[$0] }.sorted()
        let threshold = 0.5 * values[values.count / 2]
        guard var t = maxima.last(where: { score[$0] >= threshold }) else { return [] }
        // Prefer the best-scoring frame within the last period before that maximum.
        if let better = (max(0, t - lo)...t).max(by: { score[$0] < score[$1] }) { t = better }
        var frames: [Int] = []
        while t >= 0 {
            frames.append(t)
            t = back[t]
        }
        frames.reverse()
        let trimmed = Self.trimWeakEdges(frames, local: local)
        return trimmed.map { Self.refine($0, in: local) }
    }

    /// Drops leading and trailing beats whose onset strength is under half the mean of the beats' strengths.
    static func trimWeakEdges(_ frames: [Int], local: [Double]) -> [Int] {
        guard frames.count > 2 else { return frames }
        let mean = frames.map { local[$0] }.reduce(0, +) / Double(frames.count)
        var a = 0, b = frames.count
        while a < b, local[frames[a]] < 0.5 * mean { a += 1 }
        while b > a, local[frames[b - 1]] < 0.5 * mean { b -= 1 }
        return Array(frames[a..<b])
    }

    /// The sub-frame position of the peak near `frame` (parabolic through the three highest samples).
    static func refine(_ frame: Int, in curve: [Double]) -> Double {
        var top = frame
        for k in max(0, frame - 2)...min(curve.count - 1, frame + 2) where curve[k] > curve[top] { top = k }
        guard top > 0, top < curve.count - 1 else { return Double(top) }
        let a = curve[top - 1], b = curve[top], c = curve[top + 1]
        let d = a - 2 * b + c
        return Double(top) + (d < 0 ? max(-0.5, min(0.5, 0.5 * (a - c) / d)) : 0)
    }

    static func standardDeviation(_ x: [Float]) -> Double {
        guard !x.isEmpty else { return 0 }
        let mean = x.reduce(0.0) { $0 + Double($1) } / Double(x.count)
        let variance = x.reduce(0.0) { $0 + pow(Double($1) - mean, 2) } / Double(x.count)
        return variance.squareRoot()
    }

    /// Convolves with a normalised Gaussian of standard deviation `sigma` frames.
    static func smooth(_ x: [Double], sigma: Double) -> [Double] {
        guard sigma >= 0.5 else { return x }
        let radius = Int((3 * sigma).rounded(.up))
        let kernel = (-radius...radius).map { exp(-0.5 * pow(Double($0) / sigma, 2)) }
        let total = kernel.reduce(0, +)
        var out = [Double](repeating: 0, count: x.count)
        for i in 0..<x.count {
            var acc = 0.0
            for (j, w) in kernel.enumerated() {
                let k = i + j - radius
                if k >= 0 && k < x.count { acc += w * x[k] }
            }
            out[i] = acc / total
        }
        return out
    }
}

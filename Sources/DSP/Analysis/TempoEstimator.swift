// TempoEstimator: the beat period of an onset-strength curve, from its autocorrelation with a comb over multiples.
// Knows nothing about where the beats fall; the beat tracker takes the period from here.
import Foundation

/// Estimates the beat period (in frames) of an onset-strength curve.
///
/// Each candidate period is scored by the autocorrelation at its first four multiples, weighted by a broad
/// log-normal prior around 120 BPM. A comb over multiples cannot tell a period from twice that period, so
/// the winner is then halved while the autocorrelation at half the period is still strong (the onsets in
/// between say the beat is faster), within the tempo range.
struct TempoEstimator: Sendable {
    /// Slowest and fastest tempo considered, BPM.
    var range: ClosedRange<Double> = 50...210
    /// Centre of the prior, BPM.
    var preferred: Double = 120
    /// Width of the prior, octaves (one standard deviation).
    var priorWidth: Double = 1.0
    /// Halve the period while the autocorrelation peak at period/2 has at least this share of the area of the one at period.
    var halvingRatio: Double = 0.5

    /// The estimated period in frames (fractional), or nil when the curve has no periodicity.
    func period(of strength: [Float], hopSeconds: Double) -> Double? {
        let minLag = 60 / range.upperBound / hopSeconds
        let maxLag = 60 / range.lowerBound / hopSeconds
        let maxAcfLag = Int((4 * maxLag).rounded(.up)) + 2
        guard strength.count > Int(2 * maxLag) + 2 else { return nil }
        let acf = Self.autocorrelation(strength, maxLag: min(maxAcfLag, strength.count - 1))
        guard acf[0] > 0 else { return nil }
        func at(_ lag: Double) -> Double {
            guard lag >= 0, lag < Double(acf.count - 1) else { return 0 }
            let i = Int(lag), f = lag - Double(i)
            return acf[i] * (1 - f) + acf[i + 1] * f
        }
        // The area of the autocorrelation peak around a lag, above the autocorrelation's median level: a tempo
        // that drifts spreads a peak (more so at longer lags) but keeps its area.
        let baseline = acf[Int(minLag)...min(acf.count - 1, Int(maxLag))].sorted()[(Int(maxLag) - Int(minLag)) / 2]
        func peak(_ lag: Double) -> Double {
            let width = max(1.5, 0.04 * lag)
            return stride(from: lag - width, through: lag + width, by: 0.25).reduce(0) { $0 + max(0, at($1) - baseline) }
        }
        var best: (lag: Double, score: Double)?
        var lag = minLag
        while lag <= maxLag {
            var comb = 0.0
            for k in 1...4 { comb += peak(lag * Double(k)) }
            let bpm = 60 / (lag * hopSeconds)
            let z = log2(bpm / preferred) / priorWidth
            let score = comb * exp(-0.5 * z * z)
            if best.map({ score > $0.score }) ?? true { best = (lag, score) }
            lag += 0.1
        }
        guard var chosen = best?.lag, (best?.score ?? 0) > 0 else { return nil }
        while chosen / 2 >= minLag, peak(chosen / 2) >= halvingRatio * peak(chosen) {
            chosen /= 2
        }
        // Refine on the autocorrelation peak itself (parabolic), from the comb's grid value.
        let i = Int(chosen.rounded())
        let window = max(1, Int(chosen * 0.03))
        guard let top = (max(1, i - window)...min(acf.count - 2, i + window)).max(by: { acf[$0] < acf[$1] }) else { return chosen }
        let a = acf[top - 1], b = acf[top], c = acf[top + 1]
        let d = a - 2 * b + c
        return Double(top) + (d < 0 ? 0.5 * (a - c) / d : 0)
    }

    /// Autocorrelation for lags 0...maxLag, each normalised by the number of overlapping frames.
    static func autocorrelation(_ x: [Float], maxLag: Int) -> [Double] {
        let n = x.count
        var acf = [Double](repeating: 0, count: maxLag + 1)
        x.withUnsafeBufferPointer { p in
            for lag in 0...maxLag {
                var sum: Float = 0
                for t in 0..<(n - lag) { sum += p[t] * p[t + lag] }
                acf[lag] = Double(sum) / Double(n - lag)
            }
        }
        return acf
    }
}

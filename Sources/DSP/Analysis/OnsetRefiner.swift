// OnsetRefiner: moves beat times from the onset curve's frame grid to the attack in the waveform (about 1 ms).
// Knows nothing about tempo; it only looks at the signal's energy around each given time.
import Foundation

/// Places each beat on the attack of the sound nearest to it.
///
/// Around each time, the energy in 0.7 ms blocks is smoothed; the attack is the first block that reaches a
/// quarter of the window's peak energy (−6 dB in amplitude) after a stretch at least 12 dB quieter. The bass
/// band (below 150 Hz, filtered without delay) is preferred where it holds at least a tenth of the beat's energy, since kicks and bass notes mark beats and sit
/// under the pads, hats and voices that fill the gaps of the full band; then the full band. Beats with no
/// such clear attack within `searchSeconds` keep their time.
struct OnsetRefiner: Sendable {
    /// How far (seconds) an attack may be from the given time.
    var searchSeconds = 0.03
    /// The bass band's upper edge, Hz.
    var bassCutoff = 150.0

    /// The refined times, in the same order.
    func refine(_ times: [Double], in signal: AnalysisSignal) -> [Double] {
        let bass = ZeroPhaseLowPass.filter(signal.samples, cutoff: bassCutoff, sampleRate: signal.sampleRate)
        return times.map { t in
            let full = attack(in: signal.samples, rate: signal.sampleRate, near: t, smoothing: 1)
            // The bass band counts only where it carries a real part of the beat's energy (a kick, a bass note).
            if let low = attack(in: bass, rate: signal.sampleRate, near: t, smoothing: 3), low.peak >= 0.1 * (full?.peak ?? Self.peak(signal.samples, rate: signal.sampleRate, near: t)) {
                return low.time
            }
            return full?.time ?? t
        }
    }

    /// The peak energy of a 0.7 ms block around `t` (±searchSeconds).
    static func peak(_ x: [Float], rate: Double, near t: Double, searchSeconds: Double = 0.03) -> Float {
        let block = max(1, Int((rate * 0.0007).rounded()))
        let from = max(0, Int(((t - searchSeconds) * rate).rounded())), to = min(x.count, Int(((t + searchSeconds) * rate).rounded()))
        var best: Float = 0
        var i = from
        while i + block <= to {
            var e: Float = 0
            for k in i..<(i + block) { e += x[k] * x[k] }
            best = max(best, e)
            i += block
        }
        return best
    }

    /// The attack nearest `t` in `x` and the window's peak block energy, or nil when there is no clear attack;
    /// `smoothing` blocks on each side are averaged.
    func attack(in x: [Float], rate: Double, near t: Double, smoothing: Int) -> (time: Double, peak: Float)? {
        let block = max(1, Int((rate * 0.0007).rounded()))
        let from = Int(((t - searchSeconds - 0.02) * rate).rounded())
        let to = Int(((t + searchSeconds) * rate).rounded())
        guard from >= 0, to < x.count, to > from + 8 * block else { return nil }
        var energy: [Float] = []
        var i = from
        while i + block <= to {
            var e: Float = 0
            for k in i..<(i + block) { e += x[k] * x[k] }
            energy.append(e)
            i += block
        }
        let smooth = energy.indices.map { j -> Float in
            let a = max(0, j - smoothing), b = min(energy.count - 1, j + smoothing)
            return energy[a...b].reduce(0, +) / Float(b - a + 1)
        }
        guard let peak = smooth.max(), peak > 1e-12 else { return nil }
        let quiet = peak / 16   // 12 dB below
        let threshold = peak / 4
        // The last quiet block before the peak, then the first block over the threshold after it.
        guard let peakIndex = smooth.firstIndex(of: peak),
              let quietIndex = smooth[..<peakIndex].lastIndex(where: { $0 <= quiet }),
              let onset = smooth[quietIndex...peakIndex].firstIndex(where: { $0 >= threshold }) else { return nil }
        // Interpolate the crossing between the two blocks around it.
        let prev = smooth[max(quietIndex, onset - 1)], curr = smooth[onset]
        let fraction = curr > prev && onset > quietIndex ? Double((threshold - prev) / (curr - prev)) : 0
        let time = (Double(from + (onset - 1) * block) + (fraction + 0.5) * Double(block)) / rate
        return abs(time - t) <= searchSeconds ? (time, peak) : nil
    }
}

// OnsetRefiner: moves beat times from the onset curve's frame grid to the attack in the waveform (about 1 ms).
// Knows nothing about tempo; it only looks at the signal's energy around each given time.
import Foundation

/// Places each beat on the attack of the sound nearest to it.
///
/// Around each time, the energy in 0.7 ms blocks is smoothed over about 2 ms; the attack is the first block
/// that reaches a quarter of the window's peak energy (−6 dB in amplitude) after a stretch at least 12 dB
/// quieter. Beats with no such clear attack within `searchSeconds` keep their time.
struct OnsetRefiner: Sendable {
    /// How far (seconds) an attack may be from the given time.
    var searchSeconds = 0.03

    /// The refined times, in the same order.
    func refine(_ times: [Double], in signal: AnalysisSignal) -> [Double] {
        let rate = signal.sampleRate
        let block = max(1, Int((rate * 0.0007).rounded()))
        let x = signal.samples
        return times.map { t in
            let from = Int(((t - searchSeconds - 0.02) * rate).rounded())
            let to = Int(((t + searchSeconds) * rate).rounded())
            guard from >= 0, to < x.count, to > from + 8 * block else { return t }
            var energy: [Float] = []
            var i = from
            while i + block <= to {
                var e: Float = 0
                for k in i..<(i + block) { e += x[k] * x[k] }
                energy.append(e)
                i += block
            }
            // Smooth over three blocks.
            let smooth = energy.indices.map { j -> Float in
                let a = max(0, j - 1), b = min(energy.count - 1, j + 1)
                return energy[a...b].reduce(0, +) / Float(b - a + 1)
            }
            guard let peak = smooth.max(), peak > 0 else { return t }
            let quiet = peak / 16   // 12 dB below
            let threshold = peak / 4
            // The last quiet block before the peak, then the first block over the threshold after it.
            guard let peakIndex = smooth.firstIndex(of: peak),
                  let quietIndex = smooth[..<peakIndex].lastIndex(where: { $0 <= quiet }),
                  let onset = smooth[quietIndex...peakIndex].firstIndex(where: { $0 >= threshold }) else { return t }
            // Interpolate the crossing inside the block.
            let prev = smooth[max(quietIndex, onset - 1)], curr = smooth[onset]
            let fraction = curr > prev && onset > quietIndex ? Double((threshold - prev) / (curr - prev)) : 0
            let time = (Double(from + (onset - 1) * block) + (fraction + 0.5) * Double(block)) / rate
            return abs(time - t) <= searchSeconds ? time : t
        }
    }
}

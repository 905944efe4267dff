// DownbeatDetector: which beats start bars, and how many beats a bar has (4, or 3 when the accents say so).
// Knows nothing about how the beats were found; it compares the accents of beats at each bar phase.
import Foundation

/// The bar phase and meter of a beat sequence.
///
/// Each beat gets an accent: its onset strength, its bass onset strength and how much louder the beat is
/// than just before it, each as a z-score over the track, plus how much the harmony changes at the beat.
/// For 4 and 3 beats a bar, the phase whose beats are most accented wins; 3/4 is chosen only when its
/// contrast (best phase against the others) clearly beats that of 4/4.
struct DownbeatDetector: Sendable {
    /// How much larger the 3/4 contrast must be than the 4/4 one.
    var tripleMargin = 1.5

    /// The meter and the index of the first downbeat among `beats`.
    func detect(beats: [Double], onsets: OnsetFeatures, harmonyChange: [Double]) -> (beatsPerBar: Int, phase: Int) {
        guard beats.count >= 8 else { return (4, 0) }
        let hop = onsets.hopSeconds
        func peak(_ curve: [Float], _ t: Double) -> Double {
            let f = Int((t / hop).rounded())
            let a = max(0, f - 2), b = min(curve.count - 1, f + 2)
            guard a <= b else { return 0 }
            return Double(curve[a...b].max() ?? 0)
        }
        func rise(_ t: Double) -> Double {
            let f = Int((t / hop).rounded())
            let level = onsets.levelDB
            let after = level[max(0, min(level.count - 1, f))...min(level.count - 1, max(0, f + 3))].max() ?? 0
            let before = level[max(0, min(level.count - 1, f - 4))...max(0, min(level.count - 1, f - 1))].max() ?? 0
            return Double(after - before)
        }
        let features: [[Double]] = [
            beats.map { peak(onsets.strength, $0) },
            beats.map { peak(onsets.bass, $0) },
            beats.map(rise),
            harmonyChange.count == beats.count ? harmonyChange : [Double](repeating: 0, count: beats.count),
        ]
        var accent = [Double](repeating: 0, count: beats.count)
        for feature in features {
            let mean = feature.reduce(0, +) / Double(feature.count)
            let sd = (feature.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(feature.count)).squareRoot()
            guard sd > 1e-9 else { continue }
            for i in accent.indices { accent[i] += (feature[i] - mean) / sd }
        }
        func best(_ meter: Int) -> (phase: Int, contrast: Double) {
            var sums = [Double](repeating: 0, count: meter), counts = [Double](repeating: 0, count: meter)
            for (i, a) in accent.enumerated() { sums[i % meter] += a; counts[i % meter] += 1 }
            let means = (0..<meter).map { sums[$0] / max(1, counts[$0]) }
            let phase = means.indices.max { means[$0] < means[$1] } ?? 0
            let others = means.enumerated().filter { $0.offset != phase }.map(\.element)
            return (phase, means[phase] - others.reduce(0, +) / Double(others.count))
        }
        let four = best(4), three = best(3)
        if three.contrast > 0.5 && three.contrast > tripleMargin * max(0, four.contrast) { return (3, three.phase) }
        return (4, four.phase)
    }
}

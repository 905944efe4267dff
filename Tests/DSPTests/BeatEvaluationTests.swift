// BeatEvaluationTests: the beat F-measure and tempo error on hand-computed cases, and the matching against brute force.
// Knows nothing about the analyzer; mir_eval itself is consulted in MirEvalCrossCheckTests.

import DSP
import Testing
import TestSupport

@Suite("BeatEvaluation")
struct BeatEvaluationTests {
    @Test("empty lists score 0, before and after trimming")
    func empty() {
        #expect(BeatEvaluation.fMeasure(reference: [], estimated: [6, 7]) == 0)
        #expect(BeatEvaluation.fMeasure(reference: [6, 7], estimated: []) == 0)
        #expect(BeatEvaluation.fMeasure(reference: [], estimated: []) == 0)
        // Everything before 5 s is trimmed away.
        #expect(BeatEvaluation.fMeasure(reference: [1, 2, 3], estimated: [1, 2, 3]) == 0)
        #expect(BeatEvaluation.fMeasure(reference: [1, 2, 3], estimated: [1, 2, 3], trimBefore: 0) == 1)
    }

    @Test("identical and slightly shifted lists score 1")
    func perfect() {
        let reference = stride(from: 5.25, to: 30, by: 0.5).map { $0 }
        #expect(BeatEvaluation.fMeasure(reference: reference, estimated: reference) == 1)
        #expect(BeatEvaluation.fMeasure(reference: reference, estimated: reference.map { $0 + 0.069 }) == 1)
        #expect(BeatEvaluation.fMeasure(reference: reference, estimated: reference.map { $0 - 0.069 }) == 1)
        #expect(BeatEvaluation.fMeasure(reference: reference, estimated: reference.map { $0 + 0.071 }) == 0)
    }

    @Test("hand-computed precision and recall")
    func handComputed() {
        // Trimmed: ref [5, 6, 7, 8], est [5.05, 6.2, 7.0]: 2 matches; P = 2/3, R = 2/4, F = 2PR/(P+R) = 4/7.
        let f = BeatEvaluation.fMeasure(reference: [4, 5, 6, 7, 8], estimated: [4, 5.05, 6.2, 7.0])
        #expect(abs(f - 4.0 / 7) < 1e-12, "F = \(f)")
        // Double tempo: every reference matched, half the estimates spurious: P = 1/2, R = 1, F = 2/3.
        let reference = stride(from: 5.0, to: 25, by: 1).map { $0 }
        let doubled = stride(from: 5.0, to: 25, by: 0.5).map { $0 }
        let g = BeatEvaluation.fMeasure(reference: reference, estimated: doubled)
        #expect(abs(g - 2.0 / 3) < 1e-12, "F = \(g)")
        // Half tempo: P = 1, R = 1/2.
        let h = BeatEvaluation.fMeasure(reference: doubled, estimated: reference)
        #expect(abs(h - 2.0 / 3) < 1e-12, "F = \(h)")
        // Off-beat (anti-phase) estimates match nothing.
        #expect(BeatEvaluation.fMeasure(reference: reference, estimated: reference.map { $0 + 0.5 }) == 0)
    }

    @Test("matching is one-to-one")
    func oneToOne() {
        // Two estimates around one reference: one match; P = 1/2, R = 1, F = 2/3.
        let f = BeatEvaluation.fMeasure(reference: [6], estimated: [5.98, 6.02])
        #expect(abs(f - 2.0 / 3) < 1e-12, "F = \(f)")
        // Two references around one estimate: the same.
        let g = BeatEvaluation.fMeasure(reference: [5.98, 6.02], estimated: [6])
        #expect(abs(g - 2.0 / 3) < 1e-12, "F = \(g)")
        // Wide window, chained candidates: est 6.3 can take ref 6.0 or 6.6, est 6.9 only 6.6 → 2 matches, not 1.
        #expect(BeatEvaluation.matchCount(reference: [6.0, 6.6], estimated: [6.3, 6.9], window: 0.35) == 2)
        #expect(BeatEvaluation.matchCount(reference: [6.0, 6.6], estimated: [5.7, 6.3], window: 0.35) == 2)
    }

    @Test("unsorted input is sorted first")
    func unsorted() {
        #expect(BeatEvaluation.fMeasure(reference: [8, 6, 7], estimated: [7.01, 6.01, 8.01]) == 1)
    }

    @Test("matchCount equals a brute-force maximum matching on random dense cases")
    func bruteForce() {
        var rng = SplitMix64(seed: 42)
        for trial in 0..<300 {
            let ref = (0..<Int(rng.next() % 7)).map { _ in 5 + 2 * (rng.nextSigned() + 1) }.sorted()
            let est = (0..<Int(rng.next() % 7)).map { _ in 5 + 2 * (rng.nextSigned() + 1) }.sorted()
            let window = 0.05 + 0.5 * (rng.nextSigned() + 1) / 2
            let expected = Self.bruteForceMatching(ref, est, window)
            let got = BeatEvaluation.matchCount(reference: ref, estimated: est, window: window)
            #expect(got == expected, "trial \(trial): ref \(ref) est \(est) window \(window)")
        }
    }

    @Test("tempo relative error")
    func tempo() {
        #expect(abs(TempoEvaluation.relativeError(reference: 120, estimated: 120.6) - 0.005) < 1e-12)
        #expect(abs(TempoEvaluation.relativeError(reference: 120, estimated: 119.4) - 0.005) < 1e-12)
        #expect(TempoEvaluation.relativeError(reference: 100, estimated: 100) == 0)
        #expect(abs(TempoEvaluation.relativeError(reference: 120, estimated: 60) - 0.5) < 1e-12)
        #expect(TempoEvaluation.relativeError(reference: 0, estimated: 60) == .infinity)
    }

    /// The largest number of disjoint pairs (ref, est) with |ref − est| ≤ window, by exhaustive search.
    static func bruteForceMatching(_ ref: [Double], _ est: [Double], _ window: Double) -> Int {
        func best(_ j: Int, _ used: Set<Int>) -> Int {
            if j == est.count { return 0 }
            var result = best(j + 1, used)
            for i in ref.indices where !used.contains(i) && abs(ref[i] - est[j]) <= window {
                result = max(result, 1 + best(j + 1, used.union([i])))
            }
            return result
        }
        return best(0, [])
    }
}

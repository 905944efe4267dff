// MirEvalCrossCheckTests: our beat F-measure and weighted key score against mir_eval 0.7 (python3-mir-eval) to 1e-9.
// Knows nothing about the analyzer; fails, not skips, when /usr/bin/python3 or mir_eval is missing.

import DSP
import Foundation
import Testing
import TestSupport

@Suite("MirEvalCrossCheck")
struct MirEvalCrossCheckTests {
    /// Hand-picked and seeded random beat-list pairs: grids with jitter, shifts, double and half tempo, drops,
    /// insertions, dense random lists with wide windows, duplicates, empty lists, and several trim times.
    static func beatCases() -> [MirEvalCLI.BeatCase] {
        var cases: [MirEvalCLI.BeatCase] = [
            .init(reference: [], estimated: [6, 7], window: 0.07, trim: 5),
            .init(reference: [6, 7], estimated: [], window: 0.07, trim: 5),
            .init(reference: [1, 2, 3], estimated: [1, 2, 3], window: 0.07, trim: 5),
            .init(reference: [4, 5, 6, 7, 8], estimated: [4, 5.05, 6.2, 7.0], window: 0.07, trim: 5),
            .init(reference: [6], estimated: [5.98, 6.02], window: 0.07, trim: 5),
            .init(reference: [5.98, 6.02], estimated: [6], window: 0.07, trim: 5),
            .init(reference: [6.0, 6.6], estimated: [6.3, 6.9], window: 0.35, trim: 5),
            .init(reference: [6, 6, 7], estimated: [6, 7, 7], window: 0.07, trim: 5),
        ]
        var rng = SplitMix64(seed: 2024)
        for n in 0..<60 {
            let period = 0.3 + 0.7 * (rng.nextSigned() + 1) / 2
            let start = 0.2 + (rng.nextSigned() + 1) / 2
            let reference = stride(from: start, to: 25, by: period).map { $0 + 0.01 * rng.nextSigned() }.sorted()
            var estimated: [Double]
            switch n % 6 {
            case 0: estimated = reference.map { $0 + 0.1 * rng.nextSigned() }
            case 1: estimated = stride(from: start, to: 25, by: period / 2).map { $0 + 0.03 * rng.nextSigned() }
            case 2: estimated = stride(from: start, to: 25, by: period * 2).map { $0 + 0.03 * rng.nextSigned() }
            case 3: estimated = reference.filter { _ in rng.next() % 4 != 0 } + (0..<8).map { _ in 12.5 + 12.5 * rng.nextSigned() }
            case 4: estimated = (0..<80).map { _ in 12.5 + 12.5 * rng.nextSigned() }
            default: estimated = reference.map { $0 + period / 2 + 0.08 * rng.nextSigned() }
            }
            let windows = [0.07, 0.07, 0.2, 0.5]
            let trims = [5.0, 5.0, 0.0, 2.5]
            cases.append(.init(reference: reference, estimated: estimated.sorted(),
                               window: windows[Int(rng.next() % 4)], trim: trims[Int(rng.next() % 4)]))
        }
        return cases
    }

    /// Every ordered pair of the 24 keys.
    static func keyCases() -> [(MusicalKey, MusicalKey)] {
        let keys = MusicalKey.Mode.allCases.flatMap { mode in (0..<12).map { MusicalKey(tonic: $0, mode: mode) } }
        return keys.flatMap { r in keys.map { (r, $0) } }
    }

    @Test("beat F-measure and weighted key score equal mir_eval's to 1e-9")
    func crossCheck() throws {
        let beats = Self.beatCases(), keys = Self.keyCases()
        let directory = try TemporaryDirectory()
        let reference = try MirEvalCLI.score(.init(beats: beats, keys: keys.map { .init(reference: $0.0.name, estimated: $0.1.name) }),
                                             in: directory)
        try #require(reference.beats.count == beats.count && reference.keys.count == keys.count)
        var worst = 0.0
        for (c, expected) in zip(beats, reference.beats) {
            let ours = BeatEvaluation.fMeasure(reference: c.reference, estimated: c.estimated, window: c.window, trimBefore: c.trim)
            worst = max(worst, abs(ours - expected))
            #expect(abs(ours - expected) <= 1e-9, "beat F ours \(ours), mir_eval \(expected) for \(c)")
        }
        for ((r, e), expected) in zip(keys, reference.keys) {
            let ours = KeyEvaluation.weightedScore(reference: r, estimated: e)
            worst = max(worst, abs(ours - expected))
            #expect(abs(ours - expected) <= 1e-9, "key score ours \(ours), mir_eval \(expected) for \(r) vs \(e)")
        }
        // The random cases must exercise more than trivial scores.
        #expect(Set(reference.beats.map { ($0 * 100).rounded() }).count > 20)
        print("[mir_eval] \(beats.count) beat pairs, \(keys.count) key pairs; largest difference \(worst)")
    }
}

// KeyEvaluationTests: the MIREX weighted key score on hand-checked pairs, including its direction conventions.
// Knows nothing about the analyzer; mir_eval itself is consulted in MirEvalCrossCheckTests.

import DSP
import Testing

@Suite("KeyEvaluation")
struct KeyEvaluationTests {
    static func score(_ reference: String, _ estimated: String) -> Double {
        KeyEvaluation.weightedScore(reference: MusicalKey(name: reference)!, estimated: MusicalKey(name: estimated)!)
    }

    @Test("reference C major")
    func cMajor() {
        #expect(Self.score("C major", "C major") == 1)
        #expect(Self.score("C major", "G major") == 0.5)   // estimate a fifth above
        #expect(Self.score("C major", "F major") == 0)     // a fifth below is not counted
        #expect(Self.score("C major", "A minor") == 0.3)   // relative minor
        #expect(Self.score("C major", "C minor") == 0.2)   // parallel
        #expect(Self.score("C major", "G minor") == 0)     // a fifth above but the other mode
        #expect(Self.score("C major", "E minor") == 0)
        #expect(Self.score("C major", "Eb major") == 0)
    }

    @Test("reference A minor")
    func aMinor() {
        #expect(Self.score("A minor", "A minor") == 1)
        #expect(Self.score("A minor", "E minor") == 0.5)
        #expect(Self.score("A minor", "D minor") == 0)
        #expect(Self.score("A minor", "C major") == 0.3)   // relative major
        #expect(Self.score("A minor", "A major") == 0.2)
        #expect(Self.score("A minor", "F# major") == 0)    // 9 up is the relative only from a major reference
        #expect(Self.score("A minor", "E major") == 0)
    }

    @Test("wraps around the octave")
    func wrap() {
        #expect(Self.score("F major", "C major") == 0.5)
        #expect(Self.score("B major", "F# major") == 0.5)
        #expect(Self.score("Eb minor", "Bb minor") == 0.5)
        #expect(Self.score("Eb minor", "F# major") == 0.3)
        #expect(Self.score("F# major", "Eb minor") == 0.3)
        #expect(Self.score("B minor", "D major") == 0.3)
    }
}

// SyntheticMusic+Cadence: chord cadences (I–IV–V–I, or i–iv–V–i in harmonic minor) in a known key.
// Deterministic; knows nothing about key estimation.
import Foundation

extension SyntheticMusic {
    /// A cadence in the key of `tonic` (pitch class, 0 = C) major or `minor`, `repeats` times (default 3), each chord
    /// `secondsPerChord` long (default 1): I–IV–V–I, or i–iv–V–i with a major V (harmonic minor's raised leading
    /// tone). Each chord is its root in the bass octave C2–B2 plus the triad's pitch classes placed in C4–B4; each
    /// note has harmonics 1, ½, ⅓, ¼, a 10 ms attack and an exponential decay. Peak −1 dBFS.
    public static func cadence(tonic: Int, minor: Bool, sampleRate: Int, secondsPerChord: Double = 1, repeats: Int = 3) -> [Float] {
        let rate = Double(sampleRate)
        let third = minor ? 3 : 4
        // (root offset, intervals above the root) of each chord.
        let chords: [(Int, [Int])] = [(0, [0, third, 7]), (5, [0, third, 7]), (7, [0, 4, 7]), (0, [0, third, 7])]
        let count = Int((Double(4 * repeats) * secondsPerChord * rate).rounded())
        var out = [Double](repeating: 0, count: count)
        for r in 0..<repeats {
            for (c, chord) in chords.enumerated() {
                let onset = Double(r * 4 + c) * secondsPerChord
                let root = (((tonic + chord.0) % 12) + 12) % 12
                addNote(&out, midi: 36 + root, gain: 0.3, onset: onset, length: secondsPerChord, rate: rate)
                for interval in chord.1 {
                    addNote(&out, midi: 60 + (root + interval) % 12, gain: 0.2, onset: onset, length: secondsPerChord, rate: rate)
                }
            }
        }
        return normalized(out)
    }

    /// One note of MIDI pitch `midi`: harmonics 1, ½, ⅓, ¼, a 10 ms linear attack, a 0.8 s decay and a 40 ms release.
    static func addNote(_ out: inout [Double], midi: Int, gain: Double, onset: Double, length: Double, rate: Double) {
        let w = 2 * Double.pi * 440 * pow(2, Double(midi - 69) / 12)
        add(&out, onset: onset, length: length, rate: rate, taper: 0.04) { t, _ in
            let envelope = min(1, t / 0.01) * exp(-t / 0.8)
            let tone = sin(w * t) + sin(2 * w * t) / 2 + sin(3 * w * t) / 3 + sin(4 * w * t) / 4
            return gain * envelope * tone
        }
    }
}

// SyntheticMusicTests: the generated test material is deterministic, under 0 dBFS, and its truth is what it claims.
// Knows nothing about the analyzer.

import Foundation
import Testing
import TestSupport

@Suite("SyntheticMusic")
struct SyntheticMusicTests {
    @Test("drum and click tracks: deterministic, peak −1 dBFS, beats on the grid, downbeats every bar")
    func steady() {
        for style in [SyntheticMusic.Style.click(1000), .drums] {
            let a = SyntheticMusic.drumTrack(bpm: 120, duration: 10, sampleRate: 44100, style: style, seed: 7)
            let b = SyntheticMusic.drumTrack(bpm: 120, duration: 10, sampleRate: 44100, style: style, seed: 7)
            #expect(a.samples == b.samples)
            #expect(a.samples.count == 441_000)
            let peak = a.samples.reduce(0) { max($0, abs($1)) }
            #expect(abs(Double(peak) - SyntheticMusic.peak) < 1e-6 && peak < 1)
            // 0.25, 0.75, … up to 9.9 s: 20 beats, 5 bars.
            #expect(a.beats.count == 20)
            for (n, t) in a.beats.enumerated() { #expect(abs(t - (0.25 + 0.5 * Double(n))) < 1e-12) }
            #expect(a.downbeats == stride(from: 0, to: 20, by: 4).map { a.beats[$0] })
        }
        let waltz = SyntheticMusic.drumTrack(bpm: 90, duration: 10, sampleRate: 44100, beatsPerBar: 3, style: .drums, seed: 1)
        #expect(waltz.downbeats == stride(from: 0, to: waltz.beats.count, by: 3).map { waltz.beats[$0] })
    }

    @Test("the signal starts at each true beat: silence just before, sound just after")
    func onsets() {
        let track = SyntheticMusic.drumTrack(bpm: 100, duration: 8, sampleRate: 44100, style: .click(1000), seed: 3)
        for t in track.beats {
            let s = Int((t * 44100).rounded(.up))
            let before = track.samples[(s - 200)..<s].reduce(0) { max($0, abs($1)) }
            let after = track.samples[s..<(s + 200)].reduce(0) { max($0, abs($1)) }
            #expect(before == 0 && after > 0.05, "beat \(t): before \(before), after \(after)")
        }
    }

    @Test("jitter moves the truth with the hits, within ±10 ms")
    func jitter() {
        let steady = SyntheticMusic.drumTrack(bpm: 120, duration: 10, sampleRate: 44100, style: .drums, seed: 5)
        let jittered = SyntheticMusic.drumTrack(bpm: 120, duration: 10, sampleRate: 44100, style: .drums, jitterMilliseconds: 10, seed: 5)
        let offsets = zip(steady.beats, jittered.beats).map { $1 - $0 }
        #expect(offsets.allSatisfy { abs($0) <= 0.010 })
        #expect(offsets.filter { abs($0) > 0.003 }.count > 5)
    }

    @Test("a +3 % ramp ends 3 % faster, tempo linear in time")
    func ramp() {
        let track = SyntheticMusic.drumTrack(bpm: 120, duration: 30, sampleRate: 44100, style: .click(1000), tempoRamp: 0.03, seed: 1)
        let first = track.beats[1] - track.beats[0], last = track.beats[track.beats.count - 1] - track.beats[track.beats.count - 2]
        #expect(abs(60 / first - 120) < 0.1, "first interval \(first)")
        #expect(abs(60 / last - 123.6) < 0.2, "last interval \(last)")
        let down = SyntheticMusic.drumTrack(bpm: 120, duration: 30, sampleRate: 44100, style: .click(1000), tempoRamp: -0.03, seed: 1)
        let lastDown = down.beats[down.beats.count - 1] - down.beats[down.beats.count - 2]
        #expect(abs(60 / lastDown - 116.4) < 0.2, "last interval \(lastDown)")
    }

    @Test("noise at 20 dB SNR: the residual's RMS is a tenth of the clean track's")
    func noise() {
        let clean = SyntheticMusic.drumTrack(bpm: 120, duration: 10, sampleRate: 44100, style: .drums, seed: 9)
        let noisy = SyntheticMusic.drumTrack(bpm: 120, duration: 10, sampleRate: 44100, style: .drums, noiseSNR: 20, seed: 9)
        // Both are peak-normalised; compare after matching the clean part's scale by least squares.
        let dot = zip(clean.samples, noisy.samples).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        let energy = clean.samples.reduce(0.0) { $0 + Double($1) * Double($1) }
        let gain = dot / energy
        let residual = zip(clean.samples, noisy.samples).reduce(0.0) { $0 + pow(Double($1.1) - gain * Double($1.0), 2) }
        let snr = 10 * log10(gain * gain * energy / residual)
        #expect(abs(snr - 20) < 0.5, "SNR \(snr) dB")
    }

    @Test("cadences: deterministic, peak −1 dBFS, 12 s by default, chroma peaks on the key's tonic triad")
    func cadence() {
        let c = SyntheticMusic.cadence(tonic: 0, minor: false, sampleRate: 44100)
        #expect(c == SyntheticMusic.cadence(tonic: 0, minor: false, sampleRate: 44100))
        #expect(c.count == 12 * 44100)
        let peak = c.reduce(0) { max($0, abs($1)) }
        #expect(abs(Double(peak) - SyntheticMusic.peak) < 1e-6)
        // A minor vs A major differ in the third: C (pc 0) vs C# (pc 1). Compare Goertzel energy at C4 and C#4.
        let minor = SyntheticMusic.cadence(tonic: 9, minor: true, sampleRate: 44100)
        let major = SyntheticMusic.cadence(tonic: 9, minor: false, sampleRate: 44100)
        #expect(Self.energy(minor, 261.63) > 10 * Self.energy(minor, 277.18))
        #expect(Self.energy(major, 277.18) > 10 * Self.energy(major, 261.63))
        // Harmonic minor: the raised leading tone G# (415.30 Hz) sounds in the minor V chord.
        #expect(Self.energy(minor, 415.30) > 10 * Self.energy(minor, 392.00))
    }

    /// Goertzel power of `frequency` over the whole signal at 44.1 kHz.
    static func energy(_ x: [Float], _ frequency: Double) -> Double {
        let w = 2 * Double.pi * frequency / 44100, coefficient = 2 * cos(w)
        var s1 = 0.0, s2 = 0.0
        for v in x {
            let s = Double(v) + coefficient * s1 - s2
            s2 = s1
            s1 = s
        }
        return s1 * s1 + s2 * s2 - coefficient * s1 * s2
    }
}

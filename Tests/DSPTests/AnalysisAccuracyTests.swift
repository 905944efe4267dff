// AnalysisAccuracyTests: MusicAnalyzer against generated music with known truth, at the targets of issue 8.
// Knows nothing about how the analyzer works; it only compares its output with the generators' truth.

import DSP
import Foundation
import Testing
import TestSupport

@Suite("AnalysisAccuracy", .serialized)
struct AnalysisAccuracyTests {
    static let sampleRate = 44100
    static let tempos: [Double] = [70, 90, 100, 120, 128, 140, 174]

    /// What the analyzer found on one generated track, scored against its truth.
    struct Measured: CustomStringConvertible {
        var name: String
        var beatF: Double
        var downbeatF: Double
        var bpm: Double
        var trueBPM: Double
        var beatsPerBar: Int
        var seconds: Double
        var bpmError: Double { TempoEvaluation.relativeError(reference: trueBPM, estimated: bpm) }
        var description: String {
            String(format: "%@: beat F %.3f, downbeat F %.3f, bpm %.3f vs %.3f (error %.3f %%), %d beats/bar; analysed in %.2f s",
                   name, beatF, downbeatF, bpm, trueBPM, 100 * bpmError, beatsPerBar, seconds)
        }
    }

    /// Analyses a generated track and scores it; `trueBPM` defaults to the mean tempo of the true beats.
    static func measure(_ name: String, _ track: (samples: [Float], beats: [Double], downbeats: [Double]),
                        trueBPM: Double? = nil) -> Measured {
        let clock = ContinuousClock(), started = clock.now
        let analysis = MusicAnalyzer(sampleRate: sampleRate).analyze(mono: track.samples)
        let elapsed = clock.now - started
        let meanBPM = 60 * Double(track.beats.count - 1) / (track.beats.last! - track.beats.first!)
        let measured = Measured(
            name: name,
            beatF: BeatEvaluation.fMeasure(reference: track.beats, estimated: analysis.beats),
            downbeatF: BeatEvaluation.fMeasure(reference: track.downbeats, estimated: analysis.downbeats),
            bpm: analysis.bpm, trueBPM: trueBPM ?? meanBPM, beatsPerBar: analysis.beatsPerBar,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        print("[analysis] \(measured)")
        return measured
    }

    /// The click style of the accuracy tests: a 1 kHz click.
    static let click = SyntheticMusic.Style.click(1000)

    // MARK: a. steady material: beat F ≥ 0.98, BPM error ≤ 0.5 %

    @Test("steady clicks, 30 s: beat F ≥ 0.98, BPM error ≤ 0.5 %", arguments: tempos)
    func steadyClicks(bpm: Double) {
        let track = SyntheticMusic.drumTrack(bpm: bpm, duration: 30, sampleRate: Self.sampleRate, style: Self.click, seed: 100 + UInt64(bpm))
        let m = Self.measure("clicks \(Int(bpm)) BPM", track, trueBPM: bpm)
        #expect(m.beatF >= 0.98, "\(m)")
        #expect(m.bpmError <= 0.005, "\(m)")
    }

    @Test("steady drums, 30 s: beat F ≥ 0.98, BPM error ≤ 0.5 %", arguments: tempos)
    func steadyDrums(bpm: Double) {
        let track = SyntheticMusic.drumTrack(bpm: bpm, duration: 30, sampleRate: Self.sampleRate, style: .drums, seed: 200 + UInt64(bpm))
        let m = Self.measure("drums \(Int(bpm)) BPM", track, trueBPM: bpm)
        #expect(m.beatF >= 0.98, "\(m)")
        #expect(m.bpmError <= 0.005, "\(m)")
    }

    // MARK: b. variants, 20 s, clicks at 70/100/128/174 and drums at 90/120/140: beat F ≥ 0.90, BPM error ≤ 0.5 %

    /// Clicks at every other tempo of the list, drums at the rest, so each variant covers both styles.
    static func variantStyle(_ bpm: Double) -> (SyntheticMusic.Style, String) {
        tempos.firstIndex(of: bpm)! % 2 == 0 ? (click, "clicks") : (.drums, "drums")
    }

    @Test("±10 ms jitter, 20 s: beat F ≥ 0.90, BPM error ≤ 0.5 %", arguments: tempos)
    func jitter(bpm: Double) {
        let (style, label) = Self.variantStyle(bpm)
        let track = SyntheticMusic.drumTrack(bpm: bpm, duration: 20, sampleRate: Self.sampleRate, style: style,
                                             jitterMilliseconds: 10, seed: 300 + UInt64(bpm))
        let m = Self.measure("\(label) \(Int(bpm)) BPM ±10 ms jitter", track, trueBPM: bpm)
        #expect(m.beatF >= 0.90, "\(m)")
        #expect(m.bpmError <= 0.005, "\(m)")
    }

    @Test("20 dB SNR white noise, 20 s: beat F ≥ 0.90, BPM error ≤ 0.5 %", arguments: tempos)
    func noise(bpm: Double) {
        let (style, label) = Self.variantStyle(bpm)
        let track = SyntheticMusic.drumTrack(bpm: bpm, duration: 20, sampleRate: Self.sampleRate, style: style,
                                             noiseSNR: 20, seed: 400 + UInt64(bpm))
        let m = Self.measure("\(label) \(Int(bpm)) BPM 20 dB SNR", track, trueBPM: bpm)
        #expect(m.beatF >= 0.90, "\(m)")
        #expect(m.bpmError <= 0.005, "\(m)")
    }

    @Test("+3 % tempo ramp, 20 s: beat F ≥ 0.90, BPM error (vs mean tempo) ≤ 0.5 %", arguments: tempos)
    func rampUp(bpm: Double) {
        let (style, label) = Self.variantStyle(bpm)
        let track = SyntheticMusic.drumTrack(bpm: bpm, duration: 20, sampleRate: Self.sampleRate, style: style,
                                             tempoRamp: 0.03, seed: 500 + UInt64(bpm))
        let m = Self.measure("\(label) \(Int(bpm)) BPM ramp +3 %", track)
        #expect(m.beatF >= 0.90, "\(m)")
        #expect(m.bpmError <= 0.005, "\(m)")
    }

    @Test("−3 % tempo ramp, 20 s: beat F ≥ 0.90, BPM error (vs mean tempo) ≤ 0.5 %", arguments: tempos)
    func rampDown(bpm: Double) {
        let (style, label) = Self.variantStyle(bpm)
        let track = SyntheticMusic.drumTrack(bpm: bpm, duration: 20, sampleRate: Self.sampleRate, style: style,
                                             tempoRamp: -0.03, seed: 600 + UInt64(bpm))
        let m = Self.measure("\(label) \(Int(bpm)) BPM ramp −3 %", track)
        #expect(m.beatF >= 0.90, "\(m)")
        #expect(m.bpmError <= 0.005, "\(m)")
    }

    // MARK: c. downbeats with accented downbeats: downbeat F ≥ 0.95, 4 beats per bar; 3/4 found

    @Test("accented downbeats, 4/4, 30 s: downbeat F ≥ 0.95, 4 beats per bar",
          arguments: [(90.0, true), (120, true), (140, true), (90, false), (120, false), (140, false)])
    func downbeats(bpm: Double, drums: Bool) {
        let track = SyntheticMusic.drumTrack(bpm: bpm, duration: 30, sampleRate: Self.sampleRate, style: drums ? .drums : Self.click,
                                             seed: 700 + UInt64(bpm) + (drums ? 1000 : 0))
        let m = Self.measure("\(drums ? "drums" : "clicks") \(Int(bpm)) BPM 4/4 downbeats", track, trueBPM: bpm)
        #expect(m.downbeatF >= 0.95, "\(m)")
        #expect(m.beatsPerBar == 4, "\(m)")
    }

    @Test("accented downbeats, 3/4 clicks at 120 BPM, 30 s: 3 beats per bar, downbeat F ≥ 0.95")
    func threeFour() {
        let track = SyntheticMusic.drumTrack(bpm: 120, duration: 30, sampleRate: Self.sampleRate, beatsPerBar: 3,
                                             style: Self.click, seed: 800)
        let m = Self.measure("clicks 120 BPM 3/4 downbeats", track, trueBPM: 120)
        #expect(m.beatsPerBar == 3, "\(m)")
        #expect(m.downbeatF >= 0.95, "\(m)")
    }

    // MARK: d. key: cadences in all 24 keys: exact on ≥ 22, mean MIREX weighted score ≥ 0.95

    @Test("cadences in all 24 keys: exact on ≥ 22, mean weighted score ≥ 0.95")
    func keys() {
        var exact = 0, total = 0.0, misses: [String] = []
        let clock = ContinuousClock(), started = clock.now
        for mode in MusicalKey.Mode.allCases {
            for tonic in 0..<12 {
                let truth = MusicalKey(tonic: tonic, mode: mode)
                let samples = SyntheticMusic.cadence(tonic: tonic, minor: mode == .minor, sampleRate: Self.sampleRate)
                let analysis = MusicAnalyzer(sampleRate: Self.sampleRate).analyze(mono: samples)
                let score = KeyEvaluation.weightedScore(reference: truth, estimated: analysis.key)
                total += score
                if analysis.key == truth { exact += 1 } else {
                    misses.append("\(truth) → \(analysis.key) (score \(score), strength \(String(format: "%.2f", analysis.keyStrength)))")
                }
            }
        }
        let mean = total / 24
        let summary = "key exact \(exact)/24, mean weighted score \(String(format: "%.3f", mean)); misses: "
            + (misses.isEmpty ? "none" : misses.joined(separator: "; "))
            + String(format: "; analysed in %.2f s", Double((clock.now - started).components.seconds))
        print("[analysis] \(summary)")
        #expect(exact >= 22, "\(summary)")
        #expect(mean >= 0.95, "\(summary)")
    }
}

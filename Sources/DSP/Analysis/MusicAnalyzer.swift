// MusicAnalyzer: the entry point of music analysis: tempo, beats, downbeats, key, phrases, sections, bar loudness.
// Works on mono samples; knows nothing about files, stages, caches or lyrics formats.
import Foundation

/// Analyses one track.
///
/// The steps: onset strength (log band flux, 11.6 ms hop) → beat period (autocorrelation comb with a
/// tempo prior) → beats (dynamic programming) → each beat moved onto its attack in the waveform → tempo
/// from the mean beat interval → downbeats and meter from beat accents and harmony changes → key from
/// tuning-corrected chroma → per-bar K-weighted loudness → phrases and sections.
public struct MusicAnalyzer: Sendable {
    /// The sample rate of the samples given to `analyze(mono:)`.
    public var sampleRate: Int

    /// Creates an analyzer for samples at `sampleRate` Hz.
    public init(sampleRate: Int) {
        self.sampleRate = sampleRate
    }

    /// Analyses mono samples; `lineStarts` (seconds, from lyrics) help phase the phrases.
    public func analyze(mono: [Float], lineStarts: [Double] = []) -> MusicAnalysis {
        Self.analyze(AnalysisSignal(mono: mono, sampleRate: sampleRate), lineStarts: lineStarts)
    }

    /// Analyses a prepared signal.
    public static func analyze(_ signal: AnalysisSignal, lineStarts: [Double] = []) -> MusicAnalysis {
        let duration = signal.duration
        let onsets = OnsetFeatures(signal: signal)
        let chroma = ChromaFeatures(signal: signal)
        let (key, keyStrength) = KeyDetector().estimate(chroma.mean())
        var beats: [Double] = []
        if let period = TempoEstimator().period(of: onsets.strength, hopSeconds: onsets.hopSeconds) {
            let frames = BeatTracker().track(onsets.strength, period: period)
            beats = OnsetRefiner().refine(frames.map { $0 * onsets.hopSeconds }, in: signal)
            beats = Self.regularized(Self.ordered(beats))
        }
        let bpm = Self.tempo(beats)
        guard bpm > 0 else {
            let loudness = StructureAnalyzer.barLoudness(signal: signal, downbeats: [0], barSeconds: duration)
            return MusicAnalysis(duration: duration, bpm: 0, beats: [], downbeats: [], beatsPerBar: 4, key: key,
                                 keyStrength: keyStrength, phrases: [],
                                 sections: [AnalysisSection(start: 0, end: duration, energy: 3, loudness: loudness.first ?? -120)],
                                 barLoudness: [])
        }
        let beatSeconds = 60 / bpm
        let change = Self.harmonyChange(at: beats, chroma: chroma, beatSeconds: beatSeconds)
        let (meter, phase) = DownbeatDetector().detect(beats: beats, onsets: onsets, harmonyChange: change)
        let downbeats = stride(from: phase, to: beats.count, by: meter).map { beats[$0] }
        let barSeconds = beatSeconds * Double(meter)
        let barLoudness = StructureAnalyzer.barLoudness(signal: signal, downbeats: downbeats, barSeconds: barSeconds)
        let (phrases, _) = StructureAnalyzer.phrases(downbeats: downbeats, barLoudness: barLoudness, chroma: chroma, onsets: onsets,
                                                     beatSeconds: beatSeconds, lineStarts: lineStarts)
        let sections = StructureAnalyzer.sections(phrases: phrases, duration: duration, downbeats: downbeats,
                                                  barLoudness: barLoudness, chroma: chroma)
        return MusicAnalysis(duration: duration, bpm: bpm, beats: beats, downbeats: downbeats, beatsPerBar: meter, key: key,
                             keyStrength: keyStrength, phrases: phrases, sections: sections, barLoudness: barLoudness)
    }

    /// Beats made strictly increasing (refinement can, rarely, swap two very close beats).
    static func ordered(_ beats: [Double]) -> [Double] {
        var out: [Double] = []
        for b in beats.sorted() where out.last.map({ b - $0 > 0.05 }) ?? true { out.append(b) }
        return out
    }

    /// Each beat moved to the median of where its neighbours (four on each side) put it at the local beat period: an
    /// onset pulled off the grid by a vocal or a late clap no longer bends the grid, while a drifting tempo still does.
    static func regularized(_ beats: [Double], radius: Int = 4) -> [Double] {
        guard beats.count > 2 * radius + 1 else { return beats }
        var out = beats
        for i in beats.indices {
            let lo = max(0, i - radius), hi = min(beats.count - 1, i + radius)
            let gaps = (lo..<hi).map { beats[$0 + 1] - beats[$0] }.sorted()
            let period = gaps[gaps.count / 2]
            let predictions = (lo...hi).map { beats[$0] + Double(i - $0) * period }.sorted()
            out[i] = predictions[predictions.count / 2]
        }
        return ordered(out)
    }

    /// Tempo from the mean of the beat intervals within 20 % of their median (0 with fewer than 4 beats).
    static func tempo(_ beats: [Double]) -> Double {
        guard beats.count >= 4 else { return 0 }
        let gaps = zip(beats.dropFirst(), beats).map { $0 - $1 }
        let median = gaps.sorted()[gaps.count / 2]
        let steady = gaps.filter { abs($0 - median) <= 0.2 * median }
        guard !steady.isEmpty else { return 0 }
        return 60 / (steady.reduce(0, +) / Double(steady.count))
    }

    /// How much the harmony changes at each beat: chroma distance between the beat before it and the beat after.
    static func harmonyChange(at beats: [Double], chroma: ChromaFeatures, beatSeconds: Double) -> [Double] {
        beats.map { t in
            ChromaFeatures.distance(chroma.mean(from: t - beatSeconds, to: t), chroma.mean(from: t, to: t + beatSeconds))
        }
    }
}

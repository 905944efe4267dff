// TrackAnalyzer: decodes any audio file to mono at 22.05 kHz and runs the music analysis, giving the JSON artifact.
// Shared by the `analyze` stage and `intellimix analyze`; knows nothing of the cache or the manifest.
import DSP
import Foundation
import Mashup
import MediaIO

/// Analyses audio files into `TrackAnalysis` artifacts.
public enum TrackAnalyzer {
    /// The rate the audio is decoded at for analysis.
    static let analysisRate = 22_050

    /// The longest track analysed: two hours (the mono analysis signal then takes about 600 MB).
    public static let maxSeconds = 7200.0

    /// An analysis refused because the track is longer than `maxSeconds`.
    public struct TooLong: Error, CustomStringConvertible {
        /// The message.
        public var description: String
    }

    /// Decodes `path` (any format FFmpeg reads) and analyses it; `lyrics` phase the phrases and give the vocal spans.
    /// Throws `TooLong` for tracks over two hours, and the decoder's errors for unreadable files. `checkpoint` runs after
    /// every decoded chunk and before the analysis; an error it throws (a cancelled render) stops the work there.
    public static func analyze(path: String, lyrics: TimedLyrics? = nil, checkpoint: () throws -> Void = {}) throws -> TrackAnalysis {
        let info = try MediaProbe.probe(path: path)
        let limit = Int(maxSeconds) * analysisRate
        let tooLong = TooLong(description: "the track is longer than \(Int(maxSeconds / 3600)) hours; analysis takes tracks up to that length")
        if let seconds = info.durationSeconds, seconds > maxSeconds + 1 { throw tooLong }
        var mono: [Float] = []
        if let seconds = info.durationSeconds { mono.reserveCapacity(Int(seconds * Double(analysisRate)) + analysisRate) }
        _ = try AudioDecoder.decode(path: path, layout: AudioLayout(sampleRate: analysisRate, channels: 1), chunkFrames: 65_536) { chunk in
            guard mono.count + chunk.count <= limit + analysisRate else { throw tooLong }
            mono.append(contentsOf: chunk)
            try checkpoint()
        }
        try checkpoint()
        let signal = AnalysisSignal(mono: mono, sampleRate: analysisRate, sourceChannels: max(1, info.channels))
        let lineStarts = (lyrics?.lines ?? []).map(\.start)
        return artifact(MusicAnalyzer.analyze(signal, lineStarts: lineStarts), lyrics: lyrics)
    }

    /// The artifact for an analysis.
    public static func artifact(_ a: MusicAnalysis, lyrics: TimedLyrics?) -> TrackAnalysis {
        let phraseBars: Int
        if a.phrases.count >= 2, let first = a.downbeats.firstIndex(of: a.phrases[0]), let second = a.downbeats.firstIndex(of: a.phrases[1]) {
            phraseBars = second - first
        } else {
            phraseBars = a.downbeats.count >= 16 ? 8 : 4
        }
        return TrackAnalysis(
            duration: a.duration, bpm: a.bpm, beats: a.beats, downbeats: a.downbeats, meter: "\(a.beatsPerBar)/4",
            key: a.key.name, camelot: a.key.camelot, keyStrength: a.keyStrength, phraseBars: phraseBars, phrases: a.phrases,
            sections: a.sections.map { TrackAnalysis.Section(start: $0.start, end: $0.end, energy: $0.energy, loudness: $0.loudness) },
            barLoudness: a.barLoudness, vocalSpans: TrackAnalysis.vocalSpans(from: lyrics))
    }
}

// TrackAnalysis: the `analyze` stage's JSON artifact: tempo, beats, bars, key, phrases, sections, vocal spans.
// Pure data plus JSON coding and time queries; knows nothing about how the audio was analysed.
import Foundation

/// The musical facts of one track, as planners and transitions read them.
public struct TrackAnalysis: Sendable, Codable, Equatable {
    /// A span of the track with an energy level from 1 (quietest) to 5 (loudest).
    public struct Section: Sendable, Codable, Equatable {
        /// Start, seconds.
        public var start: Double
        /// End, seconds.
        public var end: Double
        /// Energy level 1…5.
        public var energy: Int
        /// Mean K-weighted loudness, LUFS.
        public var loudness: Double

        /// Creates a section.
        public init(start: Double, end: Double, energy: Int, loudness: Double) {
            self.start = start
            self.end = end
            self.energy = energy
            self.loudness = loudness
        }
    }

    /// A time span, seconds.
    public struct Span: Sendable, Codable, Equatable {
        /// Start, seconds.
        public var start: Double
        /// End, seconds.
        public var end: Double

        /// Creates a span.
        public init(start: Double, end: Double) {
            self.start = start
            self.end = end
        }
    }

    /// The artifact format's version.
    public var version: Int
    /// Length in seconds.
    public var duration: Double
    /// Tempo, beats per minute (0 when no beat was found).
    public var bpm: Double
    /// Beat times, seconds.
    public var beats: [Double]
    /// Bar starts, seconds (a subset of `beats`).
    public var downbeats: [Double]
    /// The meter, `4/4` or `3/4`.
    public var meter: String
    /// The key, for example `A minor`.
    public var key: String
    /// The key's Camelot code, for example `8A`.
    public var camelot: String
    /// How clearly the key stands out, 0…1.
    public var keyStrength: Double
    /// Bars per phrase (8, or 4 for short tracks).
    public var phraseBars: Int
    /// Phrase starts, seconds (downbeats).
    public var phrases: [Double]
    /// Sections with energy levels.
    public var sections: [Section]
    /// K-weighted loudness of each bar, LUFS (one per downbeat).
    public var barLoudness: [Double]
    /// Where someone sings (from the lyrics given to the analysis; empty without lyrics).
    public var vocalSpans: [Span]

    enum CodingKeys: String, CodingKey {
        case version, duration, bpm, beats, downbeats, meter, key, camelot, phrases, sections
        case keyStrength = "key_strength", phraseBars = "phrase_bars", barLoudness = "bar_loudness", vocalSpans = "vocal_spans"
    }

    /// Creates an analysis; times are kept to the microsecond and loudness to the hundredth, so equal analyses have equal bytes.
    public init(duration: Double, bpm: Double, beats: [Double], downbeats: [Double], meter: String, key: String, camelot: String,
                keyStrength: Double, phraseBars: Int, phrases: [Double], sections: [Section], barLoudness: [Double], vocalSpans: [Span]) {
        func t(_ x: Double) -> Double { (x * 1_000_000).rounded() / 1_000_000 }
        func h(_ x: Double) -> Double { (x * 100).rounded() / 100 }
        version = 1
        self.duration = t(duration)
        self.bpm = (bpm * 1000).rounded() / 1000
        self.beats = beats.map(t)
        self.downbeats = downbeats.map(t)
        self.meter = meter
        self.key = key
        self.camelot = camelot
        self.keyStrength = (keyStrength * 1000).rounded() / 1000
        self.phraseBars = phraseBars
        self.phrases = phrases.map(t)
        self.sections = sections.map { Section(start: t($0.start), end: t($0.end), energy: $0.energy, loudness: h($0.loudness)) }
        self.barLoudness = barLoudness.map(h)
        self.vocalSpans = vocalSpans.map { Span(start: t($0.start), end: t($0.end)) }
    }

    /// Beats per bar, from the meter.
    public var beatsPerBar: Int { meter.hasPrefix("3/") ? 3 : 4 }

    /// Seconds per beat (0 without a tempo).
    public var beatSeconds: Double { bpm > 0 ? 60 / bpm : 0 }

    /// Seconds per bar (0 without a tempo).
    public var barSeconds: Double { beatSeconds * Double(beatsPerBar) }

    /// Whether beats and bars were found.
    public var hasBeats: Bool { bpm > 0 && downbeats.count >= 2 }

    /// The energy level of the section holding `time` (3 when no section does).
    public func energy(at time: Double) -> Int {
        sections.first { time >= $0.start && time < $0.end }?.energy ?? 3
    }

    /// Whether any vocal span overlaps `start..<end`.
    public func hasVocals(from start: Double, to end: Double) -> Bool {
        vocalSpans.contains { $0.start < end && $0.end > start }
    }

    /// The downbeat nearest to `time`, if any.
    public func nearestDownbeat(to time: Double) -> Double? {
        downbeats.min { abs($0 - time) < abs($1 - time) }
    }

    /// Vocal spans from lyric lines: lines closer than `gap` seconds are joined.
    public static func vocalSpans(from lyrics: TimedLyrics?, gap: Double = 0.5) -> [Span] {
        guard let lyrics, !lyrics.instrumental else { return [] }
        var spans: [Span] = []
        for line in lyrics.lines where line.end > line.start {
            guard case .lyric = LyricLineKind.classify(line.text) else { continue }
            if var last = spans.last, line.start - last.end < gap {
                last.end = max(last.end, line.end)
                spans[spans.count - 1] = last
            } else {
                spans.append(Span(start: line.start, end: line.end))
            }
        }
        return spans
    }

    /// Pretty, key-sorted JSON (deterministic bytes for equal values).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Reads an artifact written by `jsonData()`.
    public static func decode(from data: Data) throws -> TrackAnalysis {
        try JSONDecoder().decode(TrackAnalysis.self, from: data)
    }
}

// MusicAnalysis: what the analyzer found in one track: tempo, beats, bars, key, phrases, sections, loudness.
// Pure data; knows nothing about how it was computed or stored.

/// One span of a track with a steady energy level.
public struct AnalysisSection: Sendable, Hashable, Codable {
    /// Start, seconds (a phrase downbeat, or 0).
    public var start: Double
    /// End, seconds.
    public var end: Double
    /// Energy level from 1 (quietest section of the track) to 5 (loudest).
    public var energy: Int
    /// Mean K-weighted loudness of the span, LUFS.
    public var loudness: Double

    /// Creates a section.
    public init(start: Double, end: Double, energy: Int, loudness: Double) {
        self.start = start
        self.end = end
        self.energy = energy
        self.loudness = loudness
    }
}

/// The musical facts of one track.
public struct MusicAnalysis: Sendable, Hashable, Codable {
    /// Length in seconds.
    public var duration: Double
    /// Tempo in beats per minute (from the fitted beat grid).
    public var bpm: Double
    /// Beat times, seconds, ascending.
    public var beats: [Double]
    /// Downbeat (bar start) times, seconds, ascending; a subset of `beats`.
    public var downbeats: [Double]
    /// Beats per bar: 4, or 3 when the accents say so.
    public var beatsPerBar: Int
    /// The estimated key.
    public var key: MusicalKey
    /// How clearly the key stands out, 0…1 (the correlation of the best key profile).
    public var keyStrength: Double
    /// Phrase start times (downbeats every 4 or 8 bars), seconds, ascending.
    public var phrases: [Double]
    /// Sections between phrase boundaries with an energy level.
    public var sections: [AnalysisSection]
    /// K-weighted loudness of each bar (from `downbeats[i]` to the next), LUFS.
    public var barLoudness: [Double]

    /// Creates an analysis.
    public init(duration: Double, bpm: Double, beats: [Double], downbeats: [Double], beatsPerBar: Int, key: MusicalKey,
                keyStrength: Double, phrases: [Double], sections: [AnalysisSection], barLoudness: [Double]) {
        self.duration = duration
        self.bpm = bpm
        self.beats = beats
        self.downbeats = downbeats
        self.beatsPerBar = beatsPerBar
        self.key = key
        self.keyStrength = keyStrength
        self.phrases = phrases
        self.sections = sections
        self.barLoudness = barLoudness
    }
}

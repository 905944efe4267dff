// PlanTrack: what a planner knows about one track: title, artist, duration, timed lyrics, per-second energy.
// Pure data; knows nothing about the audio file itself.

/// A track offered to a planner.
public struct PlanTrack: Sendable, Codable, Equatable {
    /// The song title.
    public var title: String
    /// The artist.
    public var artist: String
    /// Length in seconds.
    public var duration: Double
    /// Timed lyrics, when any were found or aligned.
    public var lyrics: TimedLyrics?
    /// Loudness per second (linear RMS, one value per second from 0), when analysed.
    public var energy: [Float]?
    /// Tempo, beats, bars, key, phrases and sections, when an `analyze` stage ran on the track.
    public var analysis: TrackAnalysis?

    /// Creates a track.
    public init(title: String, artist: String, duration: Double, lyrics: TimedLyrics? = nil, energy: [Float]? = nil,
                analysis: TrackAnalysis? = nil) {
        self.title = title
        self.artist = artist
        self.duration = duration
        self.lyrics = lyrics
        self.energy = energy
        self.analysis = analysis
    }
}

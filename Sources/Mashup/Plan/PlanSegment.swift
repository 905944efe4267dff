// PlanSegment: one piece of a mix plan: a span of one track, the crossfade into the next piece, and why.
// Pure data; knows nothing about validation (PlanRepairer) or rendering.

/// A span of `tracks[track]` from `start` to `end` seconds, overlapping the next segment by `crossfadeAfter`.
public struct PlanSegment: Sendable, Codable, Equatable, Hashable {
    /// Index into the plan's tracks (0-based).
    public var track: Int
    /// Where the segment starts in its track, in seconds.
    public var start: Double
    /// Where the segment ends in its track, in seconds.
    public var end: Double
    /// Seconds this segment overlaps the next one; 0 for the last segment.
    public var crossfadeAfter: Double
    /// Why this span was chosen, for a person.
    public var reason: String
    /// With track analyses: the overlap with the next segment in bars of this track (1, 2, 4 or 8), as the planner asked.
    public var crossfadeBars: Int?

    /// Creates a segment.
    public init(track: Int, start: Double, end: Double, crossfadeAfter: Double = 0, reason: String = "", crossfadeBars: Int? = nil) {
        self.crossfadeBars = crossfadeBars
        self.track = track
        self.start = start
        self.end = end
        self.crossfadeAfter = crossfadeAfter
        self.reason = reason
    }

    /// `end - start`.
    public var duration: Double { end - start }
}

// PlanConstraints: the bounds a mix plan must respect (target length, segment and crossfade ranges, line rules).
// Pure configuration; the rules that apply it live in PlanRepairer.

/// What a valid plan looks like.
public struct PlanConstraints: Sendable, Codable, Equatable {
    /// Wanted total mix length in seconds (segments minus crossfades); plans must land within ±`totalTolerance`.
    public var targetSeconds: Double
    /// Shortest segment in seconds; default 14.
    public var minSegment: Double
    /// Longest segment in seconds; default 70.
    public var maxSegment: Double
    /// Shortest crossfade in seconds; default 0.
    public var minCrossfade: Double
    /// Longest crossfade in seconds; default 8.
    public var maxCrossfade: Double
    /// Crossfade used by the heuristic planner and for added segments; default 3 (clamped to the range).
    public var defaultCrossfade: Double
    /// Fewest timed lyric lines a segment must hold where the track has lines
    /// (`AI_TIMESTAMPED_MIN_LINES_PER_SEGMENT`); default 2.
    public var minLinesPerSegment: Int
    /// Every track must appear at least once; default true.
    public var useAllTracks: Bool
    /// How far (seconds) a segment boundary may move to reach a lyric line boundary; default 4.
    public var snapWindow: Double
    /// Lines with lower confidence are not used as boundaries (so evenly spread lyrics are ignored); default 0.5.
    public var minSnapConfidence: Double
    /// Allowed relative distance of the total from the target; default 0.10 (±10 %).
    public var totalTolerance: Double

    /// Creates constraints; every argument but the target has the default named in its property's doc.
    public init(
        targetSeconds: Double,
        minSegment: Double = 14,
        maxSegment: Double = 70,
        minCrossfade: Double = 0,
        maxCrossfade: Double = 8,
        defaultCrossfade: Double = 3,
        minLinesPerSegment: Int = 2,
        useAllTracks: Bool = true,
        snapWindow: Double = 4,
        minSnapConfidence: Double = 0.5,
        totalTolerance: Double = 0.10
    ) {
        self.targetSeconds = targetSeconds
        self.minSegment = minSegment
        self.maxSegment = maxSegment
        self.minCrossfade = minCrossfade
        self.maxCrossfade = maxCrossfade
        self.defaultCrossfade = defaultCrossfade
        self.minLinesPerSegment = minLinesPerSegment
        self.useAllTracks = useAllTracks
        self.snapWindow = snapWindow
        self.minSnapConfidence = minSnapConfidence
        self.totalTolerance = totalTolerance
    }

    /// These constraints made self-consistent and bounded: finite, non-negative, minimums not above maximums,
    /// target ≤ 24 h, segments ≤ 1 h, crossfades and snap window ≤ 60 s, at most 50 lines per segment.
    public var normalized: PlanConstraints {
        func finite(_ value: Double, _ fallback: Double) -> Double { value.isFinite ? value : fallback }
        var c = self
        c.targetSeconds = min(86_400, max(0, finite(targetSeconds, 0)))
        c.minSegment = min(3600, max(1, finite(minSegment, 14)))
        c.maxSegment = min(3600, max(c.minSegment, finite(maxSegment, 70)))
        c.minCrossfade = min(60, max(0, finite(minCrossfade, 0)))
        c.maxCrossfade = min(60, max(c.minCrossfade, finite(maxCrossfade, 8)))
        c.defaultCrossfade = min(c.maxCrossfade, max(c.minCrossfade, finite(defaultCrossfade, 3)))
        c.minLinesPerSegment = min(50, max(0, minLinesPerSegment))
        c.snapWindow = min(60, max(0, finite(snapWindow, 4)))
        c.minSnapConfidence = min(1, max(0, finite(minSnapConfidence, 0.5)))
        c.totalTolerance = min(1, max(0, finite(totalTolerance, 0.1)))
        return c
    }
}

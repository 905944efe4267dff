// HeuristicPlanner: the offline, deterministic planner: one good window per track (chorus, else loudest), then repair.
// Knows nothing about LLMs or the network; the same tracks and constraints always give the same plan.

/// Plans a mix without an LLM.
///
/// Tracks play in the order given. Each gets one window of about `(target + (n-1)·crossfade) / n` seconds
/// (clamped to the segment limits): with timed lyrics, a window starting on a line, preferring the start of the
/// most repeated group of lines (a chorus), then repeated lines, then loud passages; without lyrics, the
/// loudest window of the per-second energy; with neither, a window from 30 % of the track. The draft then goes
/// through `PlanRepairer`, which adds segments (cycling through the tracks) when the target needs more.
public struct HeuristicPlanner: Sendable {
    /// The constraints planned for.
    public var constraints: PlanConstraints

    /// Creates a planner.
    public init(constraints: PlanConstraints) {
        self.constraints = constraints
    }

    /// A repaired plan for `tracks`; `title` defaults to "Mashup: A × B × C". Throws `invalidArgument` with no tracks.
    public func plan(tracks: [PlanTrack], title: String? = nil) throws -> PlanRepairResult {
        guard !tracks.isEmpty else { throw MashupError(.invalidArgument, "a plan needs at least one track") }
        let c = constraints.normalized
        let n = Double(tracks.count)
        let length = min(c.maxSegment, max(c.minSegment, (c.targetSeconds + (n - 1) * c.defaultCrossfade) / n))
        var segments: [PlanSegment] = []
        for (index, track) in tracks.enumerated() {
            guard let window = TrackWindowPicker(track: track, constraints: c).pick(length: length) else { continue }
            segments.append(PlanSegment(track: index, start: window.start, end: window.end,
                                        crossfadeAfter: c.defaultCrossfade, reason: window.reason))
        }
        if !segments.isEmpty { segments[segments.count - 1].crossfadeAfter = 0 }
        let name = title ?? ("Mashup: " + tracks.map(\.title).prefix(4).joined(separator: " × "))
        return try PlanRepairer(constraints: constraints).repair(MixPlan(title: name, segments: segments), tracks: tracks)
    }
}

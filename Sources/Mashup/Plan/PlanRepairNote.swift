// PlanRepairNote: one change the plan repairer made (or, in strict mode, one rule the plan broke).
// Pure data; PlanRepairer decides when to write one.

/// What the repairer changed and why, for a person and for tests.
public struct PlanRepairNote: Sendable, Codable, Equatable {
    /// The rule that fired; the raw value is stable.
    public enum Rule: String, Sendable, Codable, Equatable {
        /// A segment was removed (unknown track, non-finite or empty span, outside its track).
        case droppedSegment
        /// A segment was moved inside its track's bounds.
        case clampedToTrack
        /// A boundary moved to a lyric line boundary, or could not and cuts through a line.
        case snappedToLines
        /// Consecutive segments of one track that touch were joined.
        case mergedSegments
        /// A segment was widened to hold `minLinesPerSegment` lines.
        case minLines
        /// A segment was lengthened or shortened to the segment length limits.
        case segmentLength
        /// A segment was added for a track the plan did not use.
        case addedTrack
        /// The total was brought towards the target (segments trimmed, extended, added or dropped).
        case total
        /// A crossfade was clamped to its range or to half a neighbouring segment.
        case crossfade
        /// The plan had too many segments; the rest were dropped.
        case tooManySegments
        /// A boundary moved to a phrase downbeat (from the track's analysis), or could not without cutting a line.
        case snappedToPhrases
        /// A transition was shortened or made a fade (tempo, key or vocals), as its reason says.
        case transition
        /// The tracks were put in a smoother order (tempo, key, energy).
        case order
    }

    /// The rule that fired.
    public var rule: Rule
    /// The track concerned, when one is.
    public var track: Int?
    /// What happened, for a person.
    public var message: String

    /// Creates a note.
    public init(rule: Rule, track: Int? = nil, message: String) {
        self.rule = rule
        self.track = track
        self.message = message
    }
}

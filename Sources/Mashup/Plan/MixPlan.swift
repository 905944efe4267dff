// MixPlan: the plan artifact the cut and crossfade stages consume: a title and ordered segments.
// Pure data plus JSON coding; knows nothing about how it was made (LLM or heuristic) or checked.

import Foundation

/// An ordered list of track spans to cut and crossfade into one mix.
public struct MixPlan: Sendable, Codable, Equatable {
    /// The mix's title.
    public var title: String
    /// The segments in play order.
    public var segments: [PlanSegment]
    /// With track analyses: how each segment hands over to the next (one fewer than the segments), and why.
    public var transitions: [PlanTransition]?
    /// With track analyses: the track order chosen, and its cost (tempo, key and energy distances).
    public var order: PlanOrder?

    /// Creates a plan.
    public init(title: String, segments: [PlanSegment], transitions: [PlanTransition]? = nil, order: PlanOrder? = nil) {
        self.title = title
        self.segments = segments
        self.transitions = transitions
        self.order = order
    }

    /// The mix's length: the sum of segment lengths minus the crossfades between them.
    public var totalSeconds: Double {
        let lengths = segments.reduce(0) { $0 + $1.duration }
        let overlaps = segments.dropLast().reduce(0) { $0 + $1.crossfadeAfter }
        return lengths - overlaps
    }

    /// The set of track indices the plan uses.
    public var usedTracks: Set<Int> { Set(segments.map(\.track)) }

    /// Pretty, key-sorted JSON for the artifact store (deterministic bytes for equal values).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}

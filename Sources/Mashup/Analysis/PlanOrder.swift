// PlanOrder: the track order a musical plan chose and what it cost, kept in the plan for people to read.
// Pure data; TrackOrderer computes it.

/// The order of tracks in a mix and its cost.
public struct PlanOrder: Sendable, Codable, Equatable {
    /// Track indices in play order.
    public var tracks: [Int]
    /// Whether the manifest pinned the order (`order: fixed`) instead of letting it be optimised.
    public var fixed: Bool
    /// The order's cost: the sum over neighbours of tempo, key and energy distances.
    public var cost: Double
    /// The cost of the order as given, for comparison.
    public var givenCost: Double

    enum CodingKeys: String, CodingKey {
        case tracks, fixed, cost
        case givenCost = "given_cost"
    }

    /// Creates an order.
    public init(tracks: [Int], fixed: Bool, cost: Double, givenCost: Double) {
        self.tracks = tracks
        self.fixed = fixed
        self.cost = (cost * 1000).rounded() / 1000
        self.givenCost = (givenCost * 1000).rounded() / 1000
    }
}

// SearchScore: the score of one search candidate, kept as named parts so that a person can see why it won.
// Pure data; the rules live in SearchScorer.

/// A candidate's score: the sum of its parts.
public struct SearchScore: Sendable, Codable, Equatable {
    /// One rule's contribution.
    public struct Part: Sendable, Codable, Equatable {
        /// The rule, stable for programs: "title", "artist", "topic", "penalty:slowed", "duration", "views", …
        public var rule: String
        /// Points added (negative for penalties).
        public var points: Double
        /// What the rule saw, for a person (for example "3/3 title words").
        public var detail: String

        /// Creates a part.
        public init(rule: String, points: Double, detail: String) {
            self.rule = rule
            self.points = points
            self.detail = detail
        }
    }

    /// The contributions, in the order the rules ran.
    public var parts: [Part]

    /// The sum of the parts.
    public var total: Double { parts.reduce(0) { $0 + $1.points } }

    /// The points of `rule`, or 0 when that rule did not fire.
    public func points(for rule: String) -> Double {
        parts.filter { $0.rule == rule }.reduce(0) { $0 + $1.points }
    }

    /// "total 87.5 = +40.0 title (3/3 title words); +25.0 artist (1/1 artist words); …".
    public var explanation: String {
        let items = parts.map { part in
            (part.points >= 0 ? "+" : "") + Self.format(part.points) + " " + part.rule + " (" + part.detail + ")"
        }
        return "total \(Self.format(total)) = " + items.joined(separator: "; ")
    }

    static func format(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        return "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }
}

// TrackOrderer: the play order of tracks that makes the smoothest mix: close tempos, neighbouring keys, small energy jumps.
// Pure: works on analyses only; knows nothing about segments or audio.
import Foundation

/// Chooses the order of tracks minimising the sum of neighbour costs.
///
/// The cost of playing b after a is `tempoWeight · |log2(bpm ratio)|` (with 2:1 and 1:2 counted as equal
/// tempos) + `keyWeight · Camelot distance` + `energyWeight · |mean energy difference|`. Up to 8 tracks
/// every order is tried; beyond that, the best greedy chain from each start. Ties keep the given order.
public struct TrackOrderer: Sendable {
    /// Weight of the tempo distance (per octave of tempo ratio).
    public var tempoWeight = 10.0
    /// Weight of each step on the Camelot wheel.
    public var keyWeight = 0.5
    /// Weight of each energy level of difference.
    public var energyWeight = 0.25

    /// Creates an orderer with the default weights.
    public init() {}

    /// The tempo distance: |log2 ratio| after folding 2:1 and 1:2, or 0 when a tempo is unknown.
    public static func tempoDistance(_ a: Double, _ b: Double) -> Double {
        guard a > 0, b > 0 else { return 0 }
        return [1.0, 2.0, 0.5].map { abs(log2(a * $0 / b)) }.min() ?? 0
    }

    /// The cost of playing `b` right after `a`.
    public func cost(_ a: TrackAnalysis?, _ b: TrackAnalysis?) -> Double {
        guard let a, let b else { return 0 }
        var total = tempoWeight * Self.tempoDistance(a.bpm, b.bpm)
        if let ka = CamelotKey(a.camelot), let kb = CamelotKey(b.camelot) {
            total += keyWeight * Double(ka.distance(to: kb))
        }
        total += energyWeight * abs(Self.meanEnergy(a) - Self.meanEnergy(b))
        return total
    }

    /// The duration-weighted mean energy level of a track's sections (3 without sections).
    static func meanEnergy(_ a: TrackAnalysis) -> Double {
        let total = a.sections.reduce(0) { $0 + ($1.end - $1.start) }
        guard total > 0 else { return 3 }
        return a.sections.reduce(0) { $0 + Double($1.energy) * ($1.end - $1.start) } / total
    }

    /// The total cost of an order.
    public func cost(of order: [Int], analyses: [TrackAnalysis?]) -> Double {
        zip(order, order.dropFirst()).reduce(0) { $0 + cost(analyses[$1.0], analyses[$1.1]) }
    }

    /// The best order of `analyses.count` tracks (indices), with its cost and the given order's cost.
    public func order(_ analyses: [TrackAnalysis?]) -> PlanOrder {
        let n = analyses.count
        let given = Array(0..<n)
        let givenCost = cost(of: given, analyses: analyses)
        var best = (order: given, cost: givenCost)
        if n <= 8 {
            var items = given
            // Heap's algorithm over all permutations; only a strictly lower cost replaces the best.
            func visit() {
                let c = cost(of: items, analyses: analyses)
                if c < best.cost - 1e-9 { best = (items, c) }
            }
            var counters = [Int](repeating: 0, count: n)
            visit()
            var i = 0
            while i < n {
                if counters[i] < i {
                    items.swapAt(i % 2 == 0 ? 0 : counters[i], i)
                    visit()
                    counters[i] += 1
                    i = 0
                } else {
                    counters[i] = 0
                    i += 1
                }
            }
        } else {
            for start in 0..<n {
                var chain = [start]
                var left = Set(given).subtracting([start])
                while let last = chain.last, !left.isEmpty {
                    let next = left.min { (cost(analyses[last], analyses[$0]), $0) < (cost(analyses[last], analyses[$1]), $1) }!
                    chain.append(next)
                    left.remove(next)
                }
                let c = cost(of: chain, analyses: analyses)
                if c < best.cost - 1e-9 { best = (chain, c) }
            }
        }
        return PlanOrder(tracks: best.order, fixed: false, cost: best.cost, givenCost: givenCost)
    }
}

// BeatEvaluation: the beat F-measure of mir_eval (`trim_beats` then `beat.f_measure`), with its one-to-one matching.
// Pure arithmetic on event times; knows nothing about audio or how the beats were found.

/// Beat-tracking metrics with mir_eval's semantics.
public enum BeatEvaluation {
    /// The F-measure of `estimated` against `reference` beats (seconds): events before `trimBefore` (default 5 s) are
    /// dropped from both lists, then each estimated beat may match one unmatched reference beat within ±`window`
    /// (default 0.07 s, inclusive); 0 when either trimmed list is empty. Lists are sorted first.
    public static func fMeasure(reference: [Double], estimated: [Double], window: Double = 0.07, trimBefore: Double = 5) -> Double {
        let ref = reference.filter { $0 >= trimBefore }.sorted()
        let est = estimated.filter { $0 >= trimBefore }.sorted()
        if ref.isEmpty || est.isEmpty { return 0 }
        let matched = matchCount(reference: ref, estimated: est, window: window)
        let precision = Double(matched) / Double(est.count)
        let recall = Double(matched) / Double(ref.count)
        if precision == 0 && recall == 0 { return 0 }
        return 2 * precision * recall / (precision + recall)
    }

    /// The size of a maximum one-to-one matching between sorted `reference` and `estimated` events, where a pair
    /// matches when `est - window <= ref <= est + window` (mir_eval's `match_events`).
    public static func matchCount(reference ref: [Double], estimated est: [Double], window: Double) -> Int {
        // Candidate references of each estimate: a contiguous index range of the sorted references.
        var neighbours: [Range<Int>] = []
        neighbours.reserveCapacity(est.count)
        var lower = 0
        for e in est {
            let low = e - window, high = e + window
            while lower < ref.count && ref[lower] < low { lower += 1 }
            var upper = lower
            while upper < ref.count && ref[upper] <= high { upper += 1 }
            neighbours.append(lower..<upper)
        }
        // Maximum bipartite matching by augmenting paths (Kuhn), seeded greedily as mir_eval does.
        var refOwner = [Int](repeating: -1, count: ref.count)
        var estMatched = [Bool](repeating: false, count: est.count)
        for (j, range) in neighbours.enumerated() {
            if let i = range.first(where: { refOwner[$0] < 0 }) {
                refOwner[i] = j
                estMatched[j] = true
            }
        }
        for j in est.indices where !estMatched[j] && !neighbours[j].isEmpty {
            var visited = [Bool](repeating: false, count: ref.count)
            if augment(j, neighbours: neighbours, refOwner: &refOwner, visited: &visited) { estMatched[j] = true }
        }
        return estMatched.reduce(0) { $0 + ($1 ? 1 : 0) }
    }

    /// Looks for an alternating path from estimate `j` to a free reference; rewires the matching along it when found.
    private static func augment(_ j: Int, neighbours: [Range<Int>], refOwner: inout [Int], visited: inout [Bool]) -> Bool {
        for i in neighbours[j] where !visited[i] {
            visited[i] = true
            if refOwner[i] < 0 || augment(refOwner[i], neighbours: neighbours, refOwner: &refOwner, visited: &visited) {
                refOwner[i] = j
                return true
            }
        }
        return false
    }
}

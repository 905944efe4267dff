// SequenceAligner: semi-global word alignment (Needleman–Wunsch scores, free transcript overhangs, optional band).
// Knows nothing about lines or times: it pairs two token sequences and reports each first-sequence token's partner.

/// Aligns lyric tokens (`a`) to transcript tokens (`b`).
struct SequenceAligner {
    /// Score of an exact match.
    static let exact: Int32 = 10
    /// Score of a pairing below the fuzzy threshold.
    static let mismatch: Int32 = -6
    /// Cost of leaving a lyric token unpaired.
    static let skipLyric: Int32 = -4
    /// Cost of leaving a transcript token unpaired between the first and last paired ones.
    static let skipTranscript: Int32 = -3

    /// Minimum similarity for a fuzzy match (words of ≤ 3 letters must match exactly).
    var fuzzyThreshold: Double
    /// Most DP cells computed; above it a diagonal band is used.
    var maxCells: Int

    /// For each token of `a`: the index in `b` it is paired with (nil when skipped) and the similarity of the
    /// pair (0 for mismatches and skips).
    func align(_ a: [String], _ b: [String]) -> [(partner: Int?, similarity: Double)] {
        let n = a.count, m = b.count
        guard n > 0, m > 0 else { return Array(repeating: (nil, 0), count: n) }

        // Similarities are computed lazily, once per distinct word pair met inside the band.
        var idsA: [String: Int] = [:], idsB: [String: Int] = [:]
        let ua = a.map { word in idsA[word] ?? { let id = idsA.count; idsA[word] = id; return id }() }
        let ub = b.map { word in idsB[word] ?? { let id = idsB.count; idsB[word] = id; return id }() }
        var wordsA = [String](repeating: "", count: idsA.count), wordsB = [String](repeating: "", count: idsB.count)
        for (word, id) in idsA { wordsA[id] = word }
        for (word, id) in idsB { wordsB[id] = word }
        let lengthsA = wordsA.map(\.count), lengthsB = wordsB.map(\.count)
        let width = wordsB.count
        // Flat tables when the distinct pairs fit in 4M entries, else a dictionary of the pairs met.
        let dense = wordsA.count * width <= 4_000_000
        var denseScore = [Int32](repeating: Int32.min, count: dense ? wordsA.count * width : 0)
        var denseSimilarity = [Float](repeating: 0, count: dense ? wordsA.count * width : 0)
        var sparse: [Int: (score: Int32, similarity: Float)] = [:]
        func pair(_ x: Int, _ y: Int) -> (score: Int32, similarity: Float) {
            let index = x * width + y
            if dense, denseScore[index] != Int32.min { return (denseScore[index], denseSimilarity[index]) }
            if !dense, let known = sparse[index] { return known }
            let longest = max(lengthsA[x], lengthsB[y])
            // Words whose lengths differ by more than (1 - threshold) of the longer cannot be fuzzy matches.
            var s = 0.0
            if Double(abs(lengthsA[x] - lengthsB[y])) <= (1 - fuzzyThreshold) * Double(longest) {
                s = TextNormalizer.similarity(wordsA[x], wordsB[y])
            }
            let fuzzyOK = s >= fuzzyThreshold && (s == 1 || longest > 3)
            let value: (score: Int32, similarity: Float) = (
                s == 1 ? Self.exact : fuzzyOK ? Int32((10 * s).rounded()) - 3 : Self.mismatch,
                fuzzyOK ? Float(s) : 0
            )
            if dense {
                denseScore[index] = value.score
                denseSimilarity[index] = value.similarity
            } else {
                sparse[index] = value
            }
            return value
        }

        // Band: full when it fits, else a diagonal corridor of half-width `band` around i * m / n.
        let band = n * (m + 1) <= maxCells ? m + 1 : max(50, maxCells / (2 * n), (m + n - 1) / n + 2)
        func range(_ i: Int) -> ClosedRange<Int> {
            if band > m { return 0...m }
            let centre = i * m / n
            return max(0, centre - band)...min(m, centre + band)
        }

        let minusInfinity = Int32.min / 4
        var previous = [Int32](repeating: minusInfinity, count: m + 1)
        var current = previous
        for j in range(0) { previous[j] = 0 }
        var rowStart = [Int](repeating: 0, count: n + 1)
        var rowLow = [Int](repeating: 0, count: n + 1)
        var directions: [UInt8] = []
        directions.reserveCapacity(min(maxCells, n * (m + 1)) + m + 1)
        var stale = 0...m  // cells of `current` that may still hold values from two rows back
        for i in 1...n {
            let r = range(i)
            rowStart[i] = directions.count
            rowLow[i] = r.lowerBound
            let last = i == n
            for j in stale { current[j] = minusInfinity }
            stale = range(i - 1)
            let x = ua[i - 1]
            for j in r {
                var best = previous[j] &+ Self.skipLyric
                var direction: UInt8 = 1
                if j > 0 {
                    let diagonal = previous[j - 1] &+ pair(x, ub[j - 1]).score
                    if diagonal >= best { best = diagonal; direction = 0 }
                    let left = current[j - 1] &+ (last ? 0 : Self.skipTranscript)
                    if left > best { best = left; direction = 2 }
                }
                current[j] = max(best, minusInfinity)
                directions.append(direction)
            }
            swap(&previous, &current)
        }

        var result = [(partner: Int?, similarity: Double)](repeating: (nil, 0), count: n)
        var i = n
        var j = range(n).upperBound
        while i > 0 && j >= 0 {
            let low = rowLow[i]
            guard j >= low, j - low < (range(i).upperBound - low + 1) else { break }
            let direction = directions[rowStart[i] + j - low]
            switch direction {
            case 0:
                result[i - 1] = (j - 1, Double(pair(ua[i - 1], ub[j - 1]).similarity))
                i -= 1
                j -= 1
            case 1:
                i -= 1
            default:
                j -= 1
            }
        }
        return result
    }
}

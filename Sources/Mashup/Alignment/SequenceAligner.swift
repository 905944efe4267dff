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

        // Similarities are computed once per distinct word pair.
        var idsA: [String: Int] = [:], idsB: [String: Int] = [:]
        let ua = a.map { word in idsA[word] ?? { let id = idsA.count; idsA[word] = id; return id }() }
        let ub = b.map { word in idsB[word] ?? { let id = idsB.count; idsB[word] = id; return id }() }
        var wordsA = [String](repeating: "", count: idsA.count), wordsB = [String](repeating: "", count: idsB.count)
        for (word, id) in idsA { wordsA[id] = word }
        for (word, id) in idsB { wordsB[id] = word }
        let width = wordsB.count
        var similarity = [Double](repeating: 0, count: wordsA.count * width)
        var pairScore = [Int32](repeating: 0, count: wordsA.count * width)
        for (x, wa) in wordsA.enumerated() {
            for (y, wb) in wordsB.enumerated() {
                let s = TextNormalizer.similarity(wa, wb)
                let fuzzyOK = s >= fuzzyThreshold && (s == 1 || max(wa.count, wb.count) > 3)
                similarity[x * width + y] = fuzzyOK ? s : 0
                pairScore[x * width + y] = s == 1 ? Self.exact : fuzzyOK ? Int32((10 * s).rounded()) - 3 : Self.mismatch
            }
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
            let rowBase = ua[i - 1] * width
            for j in r {
                var best = previous[j] &+ Self.skipLyric
                var direction: UInt8 = 1
                if j > 0 {
                    let diagonal = previous[j - 1] &+ pairScore[rowBase + ub[j - 1]]
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
                let s = similarity[ua[i - 1] * width + ub[j - 1]]
                result[i - 1] = (j - 1, s)
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

// ChorusFinder: finds the most repeated run of lyric lines (a chorus, usually) and where each repetition starts.
// Knows nothing about audio or plans; compares normalised line text only.

/// Repeated line groups in timed lyrics.
enum ChorusFinder {
    /// A repeated run of lines.
    struct Group: Equatable {
        /// Lines in the run.
        var length: Int
        /// Index of the first line of each repetition, ascending.
        var starts: [Int]
    }

    /// The best repeated group: a run of `minLength`...12 lines occurring twice or more without overlapping
    /// itself, maximising lines × repetitions; ties go to more repetitions, then to the earliest. Nil when none.
    static func find(_ lines: [TimedLine], minLength: Int = 2) -> Group? {
        let keys = lines.map { TextNormalizer.words($0.text).joined(separator: " ") }
        let n = keys.count
        guard n >= 2 * minLength else { return nil }
        var best: Group?
        for i in 0..<n where !keys[i].isEmpty {
            for j in (i + 1)..<n where keys[j] == keys[i] {
                var length = 0
                while j + length < n, i + length < j, length < 12, !keys[i + length].isEmpty,
                      keys[i + length] == keys[j + length] { length += 1 }
                guard length >= minLength else { continue }
                let pattern = Array(keys[i..<(i + length)])
                var starts: [Int] = []
                var k = 0
                while k + length <= n {
                    if Array(keys[k..<(k + length)]) == pattern { starts.append(k); k += length } else { k += 1 }
                }
                let candidate = Group(length: length, starts: starts)
                if let current = best {
                    let score = (length * starts.count, starts.count, -starts[0])
                    if score > (current.length * current.starts.count, current.starts.count, -current.starts[0]) {
                        best = candidate
                    }
                } else {
                    best = candidate
                }
            }
        }
        return best
    }
}

// TrackWindowPicker: chooses a good span of one track: a chorus from repeated lyric lines, else the loudest window.
// Knows nothing about the other tracks or the plan's order; callers pass the spans already used.

/// Picks windows of about a given length inside one track.
struct TrackWindowPicker {
    /// A chosen span and why.
    struct Window: Equatable {
        var start: Double
        var end: Double
        var reason: String
    }

    let track: PlanTrack
    let timeline: TrackTimeline
    let constraints: PlanConstraints

    init(track: PlanTrack, constraints: PlanConstraints) {
        self.track = track
        self.constraints = constraints
        self.timeline = TrackTimeline(track: track, minConfidence: constraints.minSnapConfidence)
    }

    /// A window of about `length` seconds not overlapping `avoiding` by more than a second, or nil.
    func pick(length wanted: Double, avoiding: [ClosedRange<Double>] = []) -> Window? {
        let duration = timeline.duration
        guard duration > 0 else { return nil }
        let length = min(max(wanted, constraints.minSegment), constraints.maxSegment)
        if duration <= length {
            let whole = Window(start: 0, end: duration, reason: "the whole track (shorter than \(Int(length)) s)")
            return overlaps(whole, avoiding) ? nil : whole
        }
        if timeline.lines.count >= max(1, constraints.minLinesPerSegment) {
            if let window = lyricWindow(length: length, avoiding: avoiding) { return window }
        }
        if let energy = track.energy, energy.count >= Int(constraints.minSegment) {
            if let window = energyWindow(energy, length: length, avoiding: avoiding) { return window }
        }
        return fallbackWindow(length: length, avoiding: avoiding)
    }

    /// Without lyrics or energy: `length` seconds from 30 % of the track, else the start of the largest free gap.
    func fallbackWindow(length: Double, avoiding: [ClosedRange<Double>]) -> Window? {
        let duration = timeline.duration
        let start = min(duration - length, duration * 0.3)
        let preferred = Window(start: start, end: start + length,
                               reason: "no usable lyrics or energy: \(Int(length)) s from 30 % of the track")
        if !overlaps(preferred, avoiding) { return preferred }
        var gaps: [(Double, Double)] = []
        var cursor = 0.0
        for range in avoiding.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if range.lowerBound > cursor { gaps.append((cursor, range.lowerBound)) }
            cursor = max(cursor, range.upperBound)
        }
        if cursor < duration { gaps.append((cursor, duration)) }
        guard let gap = gaps.max(by: { $0.1 - $0.0 < $1.1 - $1.0 }), gap.1 - gap.0 >= constraints.minSegment - TrackTimeline.epsilon
        else { return nil }
        return Window(start: gap.0, end: min(gap.1, gap.0 + length),
                      reason: "no usable lyrics or energy: the largest unused stretch")
    }

    func overlaps(_ window: Window, _ ranges: [ClosedRange<Double>]) -> Bool {
        ranges.contains { min($0.upperBound, window.end) - max($0.lowerBound, window.start) > 1 }
    }

    /// Windows starting on lyric lines, scored: chorus start +10, repeated line +4, loudness up to +6, starting in
    /// 20–60 % of the track +0.5, minus the distance from `length` (shortfalls weigh three times excess).
    func lyricWindow(length: Double, avoiding: [ClosedRange<Double>]) -> Window? {
        let lines = timeline.lines
        let chorus = ChorusFinder.find(lines, minLength: 2)
        let chorusStarts = Set(chorus?.starts ?? [])
        let keys = lines.map { TextNormalizer.words($0.text).joined(separator: " ") }
        var counts: [String: Int] = [:]
        for key in keys where !key.isEmpty { counts[key, default: 0] += 1 }
        let peak = track.energy.flatMap { $0.filter(\.isFinite).max() }.map(Double.init) ?? 0

        var best: (score: Double, window: Window)?
        for i in lines.indices {
            let start = lines[i].start
            guard let end = windowEnd(fromLine: i, length: length, avoiding: avoiding) else { continue }
            var score = 0.0
            var reason: String
            let quoted = "'" + String(lines[i].text.prefix(40)) + "'"
            if chorusStarts.contains(i), let chorus {
                score += 10
                reason = "chorus (\(chorus.length) lines heard \(chorus.starts.count)×) from \(quoted)"
            } else if (counts[keys[i]] ?? 0) >= 2 {
                score += 4
                reason = "repeated line \(quoted)"
            } else {
                reason = "lyric lines from \(quoted)"
            }
            if peak > 0, let mean = meanEnergy(from: start, to: end) {
                score += 6 * mean / peak
            }
            // Falling short of the wanted length costs more than running over it; the repairer trims
            // along lines anyway. Windows in the body of the song beat the intro and the outro.
            let span = end - start
            score -= span < length ? 3 * (length - span) / length : (span - length) / length
            if start >= 0.2 * timeline.duration && start <= 0.6 * timeline.duration { score += 0.5 }
            let window = Window(start: start, end: end, reason: reason)
            if overlaps(window, avoiding) { continue }
            if let current = best, score <= current.score + 1e-9 { continue }
            best = (score, window)
        }
        return best?.window
    }

    /// The line end closing a window that starts at line `i`: the first end at or past `length` that keeps the window
    /// within the segment limits, clear of `avoiding`, and holding at least `minLinesPerSegment` lines; failing that
    /// the longest such window; nil when none qualifies.
    func windowEnd(fromLine i: Int, length: Double, avoiding: [ClosedRange<Double>] = []) -> Double? {
        let lines = timeline.lines
        let start = lines[i].start
        var fallback: Double?
        for j in i..<lines.count {
            let end = lines[j].end
            let span = end - start
            if span > constraints.maxSegment + TrackTimeline.epsilon { break }
            if overlaps(Window(start: start, end: end, reason: ""), avoiding) { break }
            guard j - i + 1 >= constraints.minLinesPerSegment, span >= constraints.minSegment - TrackTimeline.epsilon else { continue }
            if span >= length - TrackTimeline.epsilon { return end }
            fallback = end
        }
        return fallback
    }

    func meanEnergy(from start: Double, to end: Double) -> Double? {
        guard let energy = track.energy, !energy.isEmpty else { return nil }
        let a = max(0, Int(start)), b = min(energy.count, Int(end.rounded(.up)))
        guard b > a else { return nil }
        let values = energy[a..<b].filter(\.isFinite)
        guard !values.isEmpty else { return nil }
        return Double(values.reduce(0, +)) / Double(values.count)
    }

    /// The loudest window of `length` seconds clear of `avoiding` (ties: earliest); when none fits, shorter windows
    /// down to `minSegment` are tried.
    func energyWindow(_ energy: [Float], length: Double, avoiding: [ClosedRange<Double>]) -> Window? {
        let usable = min(energy.count, Int(timeline.duration))
        var prefix = [Double](repeating: 0, count: usable + 1)
        for k in 0..<usable { prefix[k + 1] = prefix[k] + (energy[k].isFinite ? Double(energy[k]) : 0) }
        var size = max(1, Int(length.rounded()))
        let smallest = max(1, Int(constraints.minSegment.rounded(.up)))
        while size >= smallest {
            if usable >= size {
                var best: (mean: Double, start: Int)?
                for s in 0...(usable - size) {
                    if overlaps(Window(start: Double(s), end: Double(s + size), reason: ""), avoiding) { continue }
                    let mean = (prefix[s + size] - prefix[s]) / Double(size)
                    if let current = best, mean <= current.mean + 1e-12 { continue }
                    best = (mean, s)
                }
                if let best {
                    return Window(start: Double(best.start), end: Double(best.start + size),
                                  reason: "highest-energy \(size) s window (no usable lyrics)")
                }
            }
            if size == smallest { break }
            size = max(smallest, size * 3 / 4)
        }
        return nil
    }
}

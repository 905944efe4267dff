// TrackTimeline: one track's usable lyric line boundaries, with the snapping and counting queries planners need.
// Knows nothing about plans; lines below the confidence floor (evenly spread lyrics) are ignored.

/// The trusted line boundaries of one track.
struct TrackTimeline {
    /// Small time differences below this are treated as equal (seconds).
    static let epsilon = 0.05
    /// Longer tracks are treated as this long (a week), so times stay far from integer overflow.
    static let maxDuration = 604_800.0

    let duration: Double
    /// Trusted lines inside the track, sorted by start.
    let lines: [TimedLine]

    init(track: PlanTrack, minConfidence: Double) {
        duration = track.duration.isFinite ? min(Self.maxDuration, max(0, track.duration)) : 0
        let usable = (track.lyrics?.lines ?? []).filter {
            $0.confidence >= minConfidence && $0.start.isFinite && $0.end.isFinite && $0.start < track.duration && $0.end > $0.start
        }
        let limit = duration
        lines = usable.filter { $0.start < limit }
            .map { TimedLine(start: $0.start, end: min($0.end, limit), text: $0.text, confidence: $0.confidence) }
            .sorted { $0.start < $1.start }
    }

    var hasLines: Bool { !lines.isEmpty }

    /// The line start nearest to `time` within `window`, if any.
    func nearestStart(to time: Double, within window: Double) -> Double? {
        nearest(lines.map(\.start), to: time, within: window)
    }

    /// The start of the line that `time` cuts (earliest, if lines overlap); nil when `time` is in no line
    /// or within epsilon of a line's start or end.
    func startOfLine(cutAt time: Double) -> Double? {
        lines.filter { time > $0.start + Self.epsilon && time < $0.end - Self.epsilon }.map(\.start).min()
    }

    /// The end of the line that `time` cuts (latest, if lines overlap); nil when `time` is in no line
    /// or within epsilon of a line's start or end.
    func endOfLine(cutAt time: Double) -> Double? {
        lines.filter { time > $0.start + Self.epsilon && time < $0.end - Self.epsilon }.map(\.end).max()
    }

    /// The end of the last line that started before `time`, when that line ended by `time` (within
    /// epsilon), lies within `window` of it and ends more than 1 s after `after`.
    func endOfLastLine(before time: Double, within window: Double, after: Double) -> Double? {
        guard let end = lines.filter({ $0.start < time - Self.epsilon }).map(\.end).max(),
              end <= time + Self.epsilon, time - end <= window + Self.epsilon, end > after + 1 else { return nil }
        return end
    }

    private func nearest(_ candidates: [Double], to time: Double, within window: Double) -> Double? {
        candidates.filter { abs($0 - time) <= window + Self.epsilon }.min { abs($0 - time) < abs($1 - time) }
    }

    /// True when `time` is a line start (within epsilon).
    func isStart(_ time: Double) -> Bool { lines.contains { abs($0.start - time) <= Self.epsilon } }

    /// True when `time` is a line end (within epsilon).
    func isEnd(_ time: Double) -> Bool { lines.contains { abs($0.end - time) <= Self.epsilon } }

    /// Lines lying wholly inside `start...end`.
    func lineCount(from start: Double, to end: Double) -> Int {
        lines.filter { $0.start >= start - Self.epsilon && $0.end <= end + Self.epsilon }.count
    }

    /// Line ends strictly between the two times, ascending.
    func ends(after start: Double, before end: Double) -> [Double] {
        lines.map(\.end).filter { $0 > start + Self.epsilon && $0 < end - Self.epsilon }.sorted()
    }

    /// Line ends after `time`, ascending.
    func ends(after time: Double) -> [Double] {
        lines.map(\.end).filter { $0 > time + Self.epsilon }.sorted()
    }

    /// Line starts before `time`, descending.
    func starts(before time: Double) -> [Double] {
        lines.map(\.start).filter { $0 < time - Self.epsilon }.sorted(by: >)
    }
}

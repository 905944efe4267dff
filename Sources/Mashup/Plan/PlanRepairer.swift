// PlanRepairer: checks a mix plan against the tracks and constraints and repairs it, noting every change.
// Pure: knows nothing about where the plan came from (LLM or heuristic); in strict mode it repairs nothing and fails.

/// Validates and repairs mix plans.
///
/// Rules, in order: drop segments with unknown tracks or empty/non-finite spans; clamp to the track; snap
/// starts to lyric line starts and ends to line ends, outward so no chosen line is dropped (a boundary inside a
/// line moves to that line's edge; one between lines moves within `snapWindow`; only lines with confidence
/// ≥ `minSnapConfidence`); join consecutive segments of one track that touch; widen segments holding fewer than
/// `minLinesPerSegment` lines along line boundaries; bring segment lengths within `minSegment...maxSegment`;
/// clamp crossfades to their range and to half of each neighbouring segment (0 after the last); add a segment
/// for each unused track (when `useAllTracks`), placed by track order; then bring the total (segments minus crossfades) within
/// ±`totalTolerance` of the target by trimming or extending segments one lyric line at a time, then by adding
/// segments (tracks used least first) or dropping repeated ones. Changes under 50 ms are made silently.
public struct PlanRepairer: Sendable {
    /// The constraints applied (normalised before use).
    public var constraints: PlanConstraints
    /// Most segments kept from a plan; default 100.
    public var maxSegments: Int

    /// Creates a repairer.
    public init(constraints: PlanConstraints, maxSegments: Int = 100) {
        self.constraints = constraints
        self.maxSegments = maxSegments
    }

    /// The repaired plan and what changed. With `strict` (`AI_REQUIRE_LLM_TIMESTAMPED_PLAN`), any needed change
    /// throws `AI_INVALID_PLAN` listing every broken rule instead. `notes` are repairs made before, while reading
    /// the plan (see `MixPlan.read(llmReply:defaultCrossfade:maxBytes:)`); they come first in the result and count
    /// as changes in strict mode. Throws `invalidArgument` when `tracks` is empty.
    public func repair(_ plan: MixPlan, tracks: [PlanTrack], strict: Bool = false, notes: [PlanRepairNote] = []) throws -> PlanRepairResult {
        guard !tracks.isEmpty else { throw MashupError(.invalidArgument, "a plan needs at least one track") }
        var work = Work(constraints: constraints.normalized, tracks: tracks)
        work.notes = notes
        var segments = plan.segments
        if segments.count > maxSegments {
            work.note(.tooManySegments, nil, "the plan has \(segments.count) segments; kept the first \(maxSegments)")
            segments = Array(segments.prefix(maxSegments))
        }
        segments = work.sanitize(segments)
        segments = segments.map { work.clamp($0) }.compactMap { $0 }
        segments = segments.map { work.snap($0) }
        segments = work.mergeTouching(segments)
        segments = segments.map { work.fitLength(work.fitLines($0)) }
        segments = work.fitCrossfades(segments, record: true)
        segments = work.addMissingTracks(segments)
        segments = work.fitTotal(segments)
        segments = work.fitCrossfades(segments, record: false)

        var title = plan.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty {
            title = "Mashup: " + tracks.map(\.title).prefix(4).joined(separator: " × ")
        }
        let result = PlanRepairResult(plan: MixPlan(title: String(title.prefix(200)), segments: segments), notes: work.notes)
        if strict && !work.notes.isEmpty {
            throw MashupError(.invalidPlan, "the plan breaks \(work.notes.count) rule(s) and strict planning is on",
                              problems: work.notes.map { "\($0.rule.rawValue): \($0.message)" })
        }
        return result
    }
}

/// The state of one repair: constraints, per-track helpers and the notes written so far.
private struct Work {
    let c: PlanConstraints
    let tracks: [PlanTrack]
    let pickers: [TrackWindowPicker]
    var notes: [PlanRepairNote] = []
    let eps = TrackTimeline.epsilon

    init(constraints: PlanConstraints, tracks: [PlanTrack]) {
        c = constraints
        self.tracks = tracks
        pickers = tracks.map { TrackWindowPicker(track: $0, constraints: constraints) }
    }

    mutating func note(_ rule: PlanRepairNote.Rule, _ track: Int?, _ message: String) {
        notes.append(PlanRepairNote(rule: rule, track: track, message: message))
    }

    func name(_ track: Int) -> String { "'\(tracks[track].title)'" }
    func fmt(_ t: Double) -> String { ClipTime.format(t) }
    func timeline(_ track: Int) -> TrackTimeline { pickers[track].timeline }
    var perTrackLength: Double {
        let n = Double(tracks.count)
        return min(c.maxSegment, max(c.minSegment, (c.targetSeconds + (n - 1) * c.defaultCrossfade) / n))
    }

    // MARK: Segments one by one

    mutating func sanitize(_ segments: [PlanSegment]) -> [PlanSegment] {
        var kept: [PlanSegment] = []
        for (index, var segment) in segments.enumerated() {
            guard tracks.indices.contains(segment.track) else {
                note(.droppedSegment, nil, "segment \(index + 1) names track \(segment.track), but there are \(tracks.count) tracks")
                continue
            }
            guard segment.start.isFinite, segment.end.isFinite, segment.end > segment.start + eps else {
                note(.droppedSegment, segment.track, "segment \(index + 1) of \(name(segment.track)) has an empty or invalid span")
                continue
            }
            if !segment.crossfadeAfter.isFinite { segment.crossfadeAfter = 0 }
            kept.append(segment)
        }
        return kept
    }

    mutating func clamp(_ segment: PlanSegment) -> PlanSegment? {
        var s = segment
        let duration = timeline(s.track).duration
        s.start = max(0, s.start)
        s.end = min(duration, s.end)
        if s.end - s.start < 1 {
            note(.droppedSegment, s.track, "\(fmt(segment.start))–\(fmt(segment.end)) lies outside \(name(s.track)) (\(fmt(duration)) long)")
            return nil
        }
        if abs(s.start - segment.start) > eps || abs(s.end - segment.end) > eps {
            note(.clampedToTrack, s.track, "\(fmt(segment.start))–\(fmt(segment.end)) clamped to \(fmt(s.start))–\(fmt(s.end)) of \(name(s.track))")
        }
        return s
    }

    /// Moves the boundaries onto lyric lines without dropping a line the plan chose: a start that cuts a line
    /// moves back to that line's start and an end that cuts a line moves on to that line's end, however far;
    /// a start between lines moves to the nearest line start, and an end between lines back to the end of the
    /// last line sung before it, each only within `snapWindow`.
    mutating func snap(_ segment: PlanSegment) -> PlanSegment {
        let line = timeline(segment.track)
        guard line.hasLines else { return segment }
        var s = segment
        if let start = line.startOfLine(cutAt: s.start) {
            note(.snappedToLines, s.track, "start \(fmt(s.start)) of \(name(s.track)) cut a lyric line; moved back to its start \(fmt(start))")
            s.start = start
        } else if let start = line.nearestStart(to: s.start, within: c.snapWindow), start < s.end - 1 {
            if abs(start - s.start) > eps {
                note(.snappedToLines, s.track, "start \(fmt(s.start)) of \(name(s.track)) moved to the line start \(fmt(start))")
            }
            s.start = start
        }
        if let end = line.endOfLine(cutAt: s.end) {
            note(.snappedToLines, s.track, "end \(fmt(s.end)) of \(name(s.track)) cut a lyric line; moved on to its end \(fmt(end))")
            s.end = end
        } else if let end = line.endOfLastLine(before: s.end, within: c.snapWindow, after: s.start) {
            if abs(end - s.end) > eps {
                note(.snappedToLines, s.track, "end \(fmt(s.end)) of \(name(s.track)) moved to the end \(fmt(end)) of its last line")
            }
            s.end = end
        }
        return s
    }

    mutating func mergeTouching(_ segments: [PlanSegment]) -> [PlanSegment] {
        var merged: [PlanSegment] = []
        for segment in segments {
            if var last = merged.last, last.track == segment.track,
               segment.start <= last.end + 1, segment.end > last.start {
                note(.mergedSegments, segment.track,
                     "joined \(fmt(last.start))–\(fmt(last.end)) and \(fmt(segment.start))–\(fmt(segment.end)) of \(name(segment.track)), which run on")
                last.start = min(last.start, segment.start)
                last.end = max(last.end, segment.end)
                last.crossfadeAfter = segment.crossfadeAfter
                last.reason = [last.reason, segment.reason].filter { !$0.isEmpty }.joined(separator: "; ")
                merged[merged.count - 1] = last
            } else {
                merged.append(segment)
            }
        }
        return merged
    }

    mutating func fitLines(_ segment: PlanSegment) -> PlanSegment {
        let line = timeline(segment.track)
        let needed = c.minLinesPerSegment
        guard needed > 0, line.lines.count >= needed else { return segment }
        let held = line.lineCount(from: segment.start, to: segment.end)
        guard held < needed else { return segment }
        var s = segment
        for end in line.ends(after: s.end) where end - s.start <= c.maxSegment + eps {
            s.end = end
            if line.lineCount(from: s.start, to: s.end) >= needed { break }
        }
        if line.lineCount(from: s.start, to: s.end) < needed {
            for start in line.starts(before: s.start) where s.end - start <= c.maxSegment + eps {
                s.start = start
                if line.lineCount(from: s.start, to: s.end) >= needed { break }
            }
        }
        let now = line.lineCount(from: s.start, to: s.end)
        note(.minLines, s.track, "\(fmt(segment.start))–\(fmt(segment.end)) of \(name(s.track)) held \(held) line(s); "
             + (now >= needed ? "widened to \(fmt(s.start))–\(fmt(s.end)) (\(now) lines)" : "could only reach \(now) within \(fmt(c.maxSegment))"))
        return s
    }

    mutating func fitLength(_ segment: PlanSegment) -> PlanSegment {
        let line = timeline(segment.track)
        let duration = line.duration
        var s = segment
        if s.duration < c.minSegment - eps {
            if duration <= c.minSegment {
                s.start = 0
                s.end = duration
            } else {
                let wanted = s.start + c.minSegment
                if line.hasLines {
                    if let end = line.ends(after: wanted - eps).first(where: { $0 <= duration }) { s.end = end }
                } else {
                    s.end = min(duration, wanted)
                }
                if s.duration < c.minSegment - eps {
                    // Near the track's end (or after its last line): start earlier instead.
                    let latest = s.end - c.minSegment
                    s.start = line.hasLines ? (line.starts(before: latest + 2 * eps).first ?? 0) : max(0, latest)
                }
                if s.duration < c.minSegment - eps {
                    s.start = max(0, min(s.start, duration - c.minSegment))
                    s.end = min(duration, s.start + c.minSegment)
                }
            }
            note(.segmentLength, s.track, "\(fmt(segment.start))–\(fmt(segment.end)) of \(name(s.track)) is shorter than \(fmt(c.minSegment)); now \(fmt(s.start))–\(fmt(s.end))")
        } else if s.duration > c.maxSegment + eps {
            let limit = s.start + c.maxSegment
            let lineEnd = line.hasLines
                ? line.ends(after: s.start, before: limit + 2 * eps).last { $0 - s.start >= c.minSegment - eps }
                : nil
            s.end = lineEnd ?? limit
            note(.segmentLength, s.track, "\(fmt(segment.start))–\(fmt(segment.end)) of \(name(s.track)) is longer than \(fmt(c.maxSegment)); now \(fmt(s.start))–\(fmt(s.end))")
        }
        return s
    }

    // MARK: The plan as a whole

    mutating func addMissingTracks(_ segments: [PlanSegment]) -> [PlanSegment] {
        guard c.useAllTracks || segments.isEmpty else { return segments }
        var result = segments
        let used = Set(segments.map(\.track))
        let missing = c.useAllTracks ? tracks.indices.filter { !used.contains($0) } : [0]
        for track in missing {
            guard let window = pickers[track].pick(length: perTrackLength) else {
                note(.addedTrack, track, "\(name(track)) is unused but has no usable span")
                continue
            }
            let segment = PlanSegment(track: track, start: window.start, end: window.end,
                                      crossfadeAfter: c.defaultCrossfade, reason: window.reason)
            let index = result.firstIndex { $0.track > track } ?? result.count
            if index == result.count {
                // The new segment is last: the old last one now crossfades into it.
                if !result.isEmpty { result[result.count - 1].crossfadeAfter = c.defaultCrossfade }
                result.append(PlanSegment(track: track, start: window.start, end: window.end, crossfadeAfter: 0, reason: window.reason))
            } else {
                result.insert(segment, at: index)
            }
            note(.addedTrack, track, "\(name(track)) was unused; added \(fmt(window.start))–\(fmt(window.end)) (\(window.reason))")
        }
        return result
    }

    mutating func fitCrossfades(_ segments: [PlanSegment], record: Bool) -> [PlanSegment] {
        var result = segments
        for i in result.indices {
            let old = result[i].crossfadeAfter
            var fade = old.isFinite ? old : 0
            if i == result.count - 1 {
                fade = 0
            } else {
                fade = min(c.maxCrossfade, max(c.minCrossfade, fade))
                fade = min(fade, result[i].duration / 2, result[i + 1].duration / 2)
            }
            if record && abs(fade - old) > eps {
                note(.crossfade, result[i].track, "crossfade after segment \(i + 1) (\(name(result[i].track))) changed from \(fmt(old)) to \(fmt(fade))")
            }
            result[i].crossfadeAfter = fade
        }
        return result
    }

    static func total(_ segments: [PlanSegment]) -> Double {
        MixPlan(title: "", segments: segments).totalSeconds
    }

    mutating func fitTotal(_ input: [PlanSegment]) -> [PlanSegment] {
        guard c.targetSeconds > 0 else { return input }
        let low = c.targetSeconds * (1 - c.totalTolerance), high = c.targetSeconds * (1 + c.totalTolerance)
        var segments = input
        let before = Self.total(segments)
        var trimmed = 0, extended = 0, added: [Int] = [], dropped: [Int] = []
        for _ in 0..<500 {
            segments = fitCrossfades(segments, record: false)
            let total = Self.total(segments)
            if total > high + eps {
                if let change = shrinkOne(segments, excess: total - c.targetSeconds) {
                    segments[change.index] = change.segment
                    trimmed += 1
                    continue
                }
                if let i = dropIndex(segments) { dropped.append(segments[i].track); segments.remove(at: i); continue }
                break
            } else if total < low - eps {
                if let change = growOne(segments, deficit: c.targetSeconds - total) {
                    segments[change.index] = change.segment
                    extended += 1
                    continue
                }
                if dropped.isEmpty, added.count < 32, let segment = addSegment(segments, deficit: c.targetSeconds - total) {
                    if !segments.isEmpty { segments[segments.count - 1].crossfadeAfter = c.defaultCrossfade }
                    segments.append(segment)
                    added.append(segment.track)
                    continue
                }
                break
            } else {
                break
            }
        }
        segments = fitCrossfades(segments, record: false)
        let after = Self.total(segments)
        if trimmed + extended + added.count + dropped.count > 0 {
            var actions: [String] = []
            if trimmed > 0 { actions.append("trimmed segments \(trimmed)×") }
            if extended > 0 { actions.append("extended segments \(extended)×") }
            if !added.isEmpty { actions.append("added segments of " + added.map(name).joined(separator: ", ")) }
            if !dropped.isEmpty { actions.append("dropped segments of " + dropped.map(name).joined(separator: ", ")) }
            note(.total, nil, "total \(fmt(before)) vs target \(fmt(c.targetSeconds)): " + actions.joined(separator: "; ") + "; now \(fmt(after))")
        }
        if after < low - eps || after > high + eps {
            note(.total, nil, "could not bring the total \(fmt(after)) within ±\(Int((c.totalTolerance * 100).rounded())) % of \(fmt(c.targetSeconds)) with these tracks and limits")
        }
        return segments
    }

    /// The index and new value of the longest segment that can lose its last line (or seconds, without lines).
    func shrinkOne(_ segments: [PlanSegment], excess: Double) -> Changed? {
        let order = segments.indices.sorted { segments[$0].duration != segments[$1].duration ? segments[$0].duration > segments[$1].duration : $0 > $1 }
        for i in order {
            var s = segments[i]
            let line = timeline(s.track)
            if line.hasLines {
                let candidates = line.ends(after: s.start, before: s.end).filter {
                    $0 - s.start >= c.minSegment - eps && line.lineCount(from: s.start, to: $0) >= min(c.minLinesPerSegment, line.lines.count)
                }
                guard let end = candidates.last else { continue }
                s.end = end
            } else {
                let end = max(s.start + c.minSegment, s.end - excess)
                guard end < s.end - eps else { continue }
                s.end = end
            }
            return Changed(index: i, segment: s)
        }
        return nil
    }

    /// The index and new value of the shortest segment that can gain a line (or seconds, without lines).
    func growOne(_ segments: [PlanSegment], deficit: Double) -> Changed? {
        let order = segments.indices.sorted { segments[$0].duration != segments[$1].duration ? segments[$0].duration < segments[$1].duration : $0 < $1 }
        for i in order {
            var s = segments[i]
            let line = timeline(s.track)
            let limit = min(line.duration, s.start + c.maxSegment)
            if line.hasLines {
                guard let end = line.ends(after: s.end).first, end <= limit + eps else { continue }
                s.end = end
            } else {
                let end = min(limit, s.end + deficit)
                guard end > s.end + eps else { continue }
                s.end = end
            }
            return Changed(index: i, segment: s)
        }
        return nil
    }

    /// A new segment from the least-used track that still has an unused span.
    func addSegment(_ segments: [PlanSegment], deficit: Double) -> PlanSegment? {
        var counts = [Int](repeating: 0, count: tracks.count)
        for s in segments { counts[s.track] += 1 }
        let order = tracks.indices.sorted { counts[$0] != counts[$1] ? counts[$0] < counts[$1] : $0 < $1 }
        let length = min(c.maxSegment, max(c.minSegment, deficit + c.defaultCrossfade))
        for track in order {
            let used = segments.filter { $0.track == track }.map { $0.start...$0.end }
            if let window = pickers[track].pick(length: length, avoiding: used) {
                return PlanSegment(track: track, start: window.start, end: window.end, crossfadeAfter: 0,
                                   reason: window.reason + " (added to reach the target length)")
            }
        }
        return nil
    }

    /// The last segment that can go: its track appears again (or every track need not be used).
    func dropIndex(_ segments: [PlanSegment]) -> Int? {
        guard segments.count > 1 else { return nil }
        var counts: [Int: Int] = [:]
        for s in segments { counts[s.track, default: 0] += 1 }
        return segments.indices.last { !c.useAllTracks || (counts[segments[$0].track] ?? 0) > 1 }
    }
}

/// A segment replaced at an index.
private struct Changed {
    var index: Int
    var segment: PlanSegment
}

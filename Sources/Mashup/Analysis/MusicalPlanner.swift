// MusicalPlanner: turns a repaired plan into a musical one: segment edges on phrase downbeats, crossfades in bars,
// and a reasoned transition per pair (beat-matched, or a short fade when tempo or key are too far apart).
// Pure: works on the tracks' analyses and lyrics; knows nothing about LLMs or audio.
import Foundation

/// Applies the tracks' analyses to a plan.
///
/// Rules, in order: each segment's start moves back (and its end forward) to the nearest phrase downbeat
/// that no sung line crosses; the total is brought within the tolerance by whole phrases; then each pair of
/// neighbours gets a transition. A pair whose tempos are within `maxTempoChange` (or about 2:1 within it) is
/// beat-matched over the longest of 8, 4, 2 or 1 bars of the outgoing track that fits both segments, stays
/// under `maxBars`, and does not have both tracks singing in the overlap; with clashing keys (and no allowed
/// shift, see `keyMatch`) it lasts one bar. Other pairs get a fade of at most one bar. Tracks without beats
/// keep the plan's crossfade.
public struct MusicalPlanner: Sendable {
    /// The plan's constraints (target length, tolerance, segment limits).
    public var constraints: PlanConstraints
    /// Longest crossfade in bars (1, 2, 4 or 8).
    public var maxBars: Int
    /// Allow shifting an incoming segment by up to ±2 semitones to reach a compatible key.
    public var keyMatch: Bool
    /// Largest tempo change a beat-matched transition may ask of the incoming track (0.08 = ±8 %).
    public var maxTempoChange: Double
    /// Keys whose strength is below this are treated as unknown: generated cadences measure 0.93 and more, drum and click
    /// tracks with no harmony 0.49–0.64.
    public var minKeyStrength: Double

    /// Creates a planner.
    public init(constraints: PlanConstraints, maxBars: Int = 8, keyMatch: Bool = false, maxTempoChange: Double = 0.08,
                minKeyStrength: Double = 0.7) {
        self.constraints = constraints.normalized
        self.maxBars = maxBars
        self.keyMatch = keyMatch
        self.maxTempoChange = maxTempoChange
        self.minKeyStrength = minKeyStrength
    }

    /// The plan made musical, with notes appended for every change.
    public func apply(_ input: PlanRepairResult, tracks: [PlanTrack], order: PlanOrder? = nil) -> PlanRepairResult {
        var notes = input.notes
        var segments = input.plan.segments.map { snap($0, tracks: tracks, notes: &notes) }
        segments = fitTotal(segments, tracks: tracks, notes: &notes)
        var transitions: [PlanTransition] = []
        for i in 0..<max(0, segments.count - 1) {
            let t = transition(segments[i], segments[i + 1], tracks: tracks, notes: &notes)
            segments[i].crossfadeAfter = t.seconds
            transitions.append(t)
        }
        if !segments.isEmpty { segments[segments.count - 1].crossfadeAfter = 0 }
        var plan = input.plan
        plan.segments = segments
        plan.transitions = transitions
        plan.order = order
        return PlanRepairResult(plan: plan, notes: notes)
    }

    // MARK: Boundaries

    /// Sung lines of a track (start, end), from its lyrics or, without them, its analysis's vocal spans.
    func lines(_ track: PlanTrack) -> [(start: Double, end: Double)] {
        if let lyrics = track.lyrics, !lyrics.instrumental, !lyrics.lines.isEmpty {
            return lyrics.lines.filter { $0.confidence >= constraints.minSnapConfidence && $0.end > $0.start }.compactMap { line in
                if case .lyric = LyricLineKind.classify(line.text) { return (line.start, line.end) }
                return nil
            }
        }
        return (track.analysis?.vocalSpans ?? []).map { ($0.start, $0.end) }
    }

    /// Whether a sung line runs across `time`.
    func crosses(_ time: Double, _ lines: [(start: Double, end: Double)]) -> Bool {
        lines.contains { $0.start < time - 0.05 && $0.end > time + 0.05 }
    }

    /// Phrase starts plus the last downbeat: the places a segment may start or end.
    func boundaries(_ a: TrackAnalysis) -> [Double] {
        var b = a.phrases
        if let last = a.downbeats.last, b.last.map({ last > $0 + 0.01 }) ?? true { b.append(last) }
        return b
    }

    func snap(_ segment: PlanSegment, tracks: [PlanTrack], notes: inout [PlanRepairNote]) -> PlanSegment {
        let track = tracks[segment.track]
        guard let a = track.analysis, a.hasBeats, a.phrases.count >= 2 else { return segment }
        let sung = lines(track)
        let cuts = boundaries(a).filter { !crosses($0, sung) }
        guard cuts.count >= 2 else { return segment }
        var s = segment
        // Outward: the start back to a phrase at or before it, the end forward to one at or after it.
        s.start = cuts.last { $0 <= segment.start + 0.05 } ?? cuts[0]
        s.end = cuts.first { $0 >= segment.end - 0.05 && $0 > s.start + 0.05 } ?? cuts.last { $0 > s.start + 0.05 } ?? segment.end
        if s.end <= s.start + 0.05, let next = cuts.first(where: { $0 > s.start + 0.05 }) { s.end = next }
        // Far too long after snapping outward: come back in by whole phrases.
        while s.duration > constraints.maxSegment * 1.25, let inner = cuts.last(where: { $0 < s.end - 0.05 && $0 > s.start + 0.05 }) {
            s.end = inner
        }
        if abs(s.start - segment.start) > 0.05 || abs(s.end - segment.end) > 0.05 {
            notes.append(PlanRepairNote(rule: .snappedToPhrases, track: segment.track,
                                        message: "\(ClipTime.format(segment.start))–\(ClipTime.format(segment.end)) of '\(track.title)' moved to the phrase downbeats \(ClipTime.format(s.start))–\(ClipTime.format(s.end))"))
        }
        return s
    }

    // MARK: Total

    func fitTotal(_ input: [PlanSegment], tracks: [PlanTrack], notes: inout [PlanRepairNote]) -> [PlanSegment] {
        let c = constraints
        guard c.targetSeconds > 0, !input.isEmpty else { return input }
        let low = c.targetSeconds * (1 - c.totalTolerance), high = c.targetSeconds * (1 + c.totalTolerance)
        var segments = input
        let before = total(segments, tracks: tracks)
        var changes = 0
        for _ in 0..<64 {
            let now = total(segments, tracks: tracks)
            if now > high {
                guard let (i, end) = shorter(segments, tracks: tracks) else { break }
                segments[i].end = end
            } else if now < low {
                guard let (i, end) = longer(segments, tracks: tracks, deficit: c.targetSeconds - now) else { break }
                segments[i].end = end
            } else {
                break
            }
            changes += 1
        }
        if changes > 0 {
            notes.append(PlanRepairNote(rule: .total, message: "total \(ClipTime.format(before)) vs target \(ClipTime.format(c.targetSeconds)): moved \(changes) segment end(s) by whole phrases; now \(ClipTime.format(total(segments, tracks: tracks)))"))
        }
        return segments
    }

    /// The mix length: segments minus the overlaps their transitions would have.
    func total(_ segments: [PlanSegment], tracks: [PlanTrack]) -> Double {
        var scratch: [PlanRepairNote] = []
        var sum = segments.reduce(0) { $0 + $1.duration }
        for i in 0..<max(0, segments.count - 1) {
            sum -= transition(segments[i], segments[i + 1], tracks: tracks, notes: &scratch).seconds
        }
        return sum
    }

    /// The longest segment that can lose its last phrase (staying at least one phrase and `minSegment` long).
    func shorter(_ segments: [PlanSegment], tracks: [PlanTrack]) -> (Int, Double)? {
        for i in segments.indices.sorted(by: { segments[$0].duration > segments[$1].duration }) {
            let track = tracks[segments[i].track]
            guard let a = track.analysis, a.hasBeats else { continue }
            let s = segments[i]
            let sung = lines(track)
            if let end = boundaries(a).last(where: { $0 < s.end - 0.05 && $0 - s.start >= max(constraints.minSegment, a.barSeconds * 4) - 0.05 && !crosses($0, sung) }) {
                return (i, end)
            }
        }
        return nil
    }

    /// The shortest segment that can gain a phrase (staying within `maxSegment`, or within the deficit).
    func longer(_ segments: [PlanSegment], tracks: [PlanTrack], deficit: Double) -> (Int, Double)? {
        for i in segments.indices.sorted(by: { segments[$0].duration < segments[$1].duration }) {
            let track = tracks[segments[i].track]
            guard let a = track.analysis, a.hasBeats else { continue }
            let s = segments[i]
            let sung = lines(track)
            let others = segments.enumerated().filter { $0.offset != i && $0.element.track == s.track }.map(\.element)
            if let end = boundaries(a).first(where: { $0 > s.end + 0.05 && !crosses($0, sung) }),
               end - s.start <= max(constraints.maxSegment, s.duration + deficit) + 0.05,
               !others.contains(where: { $0.start < end && $0.end > s.end }) {
                return (i, end)
            }
        }
        return nil
    }

    // MARK: Transitions

    func transition(_ a: PlanSegment, _ b: PlanSegment, tracks: [PlanTrack], notes: inout [PlanRepairNote]) -> PlanTransition {
        let ta = tracks[a.track], tb = tracks[b.track]
        guard let xa = ta.analysis, let xb = tb.analysis, xa.hasBeats, xb.hasBeats else {
            let fromKey = ta.analysis?.key ?? "", toKey = tb.analysis?.key ?? ""
            return PlanTransition(kind: .fade, bars: 0, seconds: a.crossfadeAfter, fromBPM: ta.analysis?.bpm ?? 0, toBPM: tb.analysis?.bpm ?? 0,
                                  tempoRatio: 1, beatsPerOutgoingBeat: 1, fromKey: fromKey, toKey: toKey, keyRelation: .unknown,
                                  semitones: 0, reason: "no beat analysis for both tracks: plain crossfade of \(String(format: "%.2f s", a.crossfadeAfter))")
        }
        // Tempo: fold 2:1, then the stretch the incoming track needs.
        let multiples: [Double] = [1, 2, 0.5]
        let q = multiples.min { abs(log(xb.bpm / (xa.bpm * $0))) < abs(log(xb.bpm / (xa.bpm * $1))) } ?? 1
        let ratio = xa.bpm * q / xb.bpm
        let tempoOK = abs(ratio - 1) <= maxTempoChange + 1e-9
        // Key: the relation, and a shift of at most ±2 semitones that makes it compatible (with keyMatch).
        var relation = KeyRelation.unknown
        var semitones = 0
        if let ka = CamelotKey(xa.camelot), let kb = CamelotKey(xb.camelot), xa.keyStrength >= minKeyStrength, xb.keyStrength >= minKeyStrength {
            relation = ka.relation(to: kb)
            if !relation.isCompatible && keyMatch && tempoOK {
                for s in [1, -1, 2, -2] where ka.relation(to: kb.transposed(by: s)).isCompatible {
                    semitones = s
                    relation = ka.relation(to: kb.transposed(by: s))
                    break
                }
            }
        }
        let barA = xa.barSeconds, barB = xb.barSeconds
        let sungA = lines(ta), sungB = lines(tb)
        func bothSing(_ outgoing: Double, _ incoming: Double) -> Bool {
            sungA.contains { $0.start < a.end - 0.05 && $0.end > a.end - outgoing + 0.05 }
                && sungB.contains { $0.start < b.start + incoming - 0.05 && $0.end > b.start + 0.05 }
        }
        let tempoText = String(format: "%.1f → %.1f BPM", xa.bpm, xb.bpm)
        let keyText = "\(xa.key) → \(xb.key)"
        if tempoOK {
            let cap = min(maxBars, a.crossfadeBars ?? maxBars)
            var bars = [8, 4, 2, 1].filter { $0 <= max(1, cap) }
            var why: [String] = []
            // n outgoing bars play n × barA × ratio seconds of the incoming track (n × barB × q): both must fit in half a segment.
            bars = bars.filter { Double($0) * barA <= a.duration / 2 + 1e-6 && Double($0) * barA * ratio <= b.duration / 2 + 1e-6 }
            let fits = bars
            bars = bars.filter { !bothSing(Double($0) * barA, Double($0) * barB * q) }
            if bars.count < fits.count { why.append("both tracks sing in a longer overlap") }
            if !relation.isCompatible && relation != .unknown {
                bars = bars.filter { $0 <= 1 }
                why.append("keys clash")
            }
            if let n = bars.first {
                let shift = semitones != 0 ? String(format: ", incoming shifted %+d semitones", semitones) : ""
                let reason = "beat-matched over \(n) bar\(n == 1 ? "" : "s") (\(tempoText), stretch ×\(String(format: "%.3f", ratio)); \(keyText): \(relation.rawValue)\(shift))"
                    + (why.isEmpty ? "" : "; shortened: " + why.joined(separator: ", "))
                if !why.isEmpty { notes.append(PlanRepairNote(rule: .transition, track: b.track, message: reason)) }
                return PlanTransition(kind: .beatmatch, bars: n, seconds: Double(n) * barA, fromBPM: xa.bpm, toBPM: xb.bpm, tempoRatio: ratio,
                                      beatsPerOutgoingBeat: q, fromKey: xa.key, toKey: xb.key, keyRelation: relation, semitones: semitones, reason: reason)
            }
        }
        // A short fade on the phrase boundary: one bar at most (and at most a beat where both tracks sing).
        var seconds = min(barA, max(constraints.minCrossfade, min(constraints.maxCrossfade, barA)))
        var detail = tempoOK ? "both tracks sing across every beat-matched length" : "tempos too far apart (\(tempoText))"
        if bothSing(seconds, seconds) {
            seconds = min(seconds, xa.beatSeconds / 2)
            detail += "; both sing at the boundary, so half a beat"
        }
        let reason = "fade of \(String(format: "%.2f s", seconds)): \(detail); \(keyText): \(relation.rawValue)"
        notes.append(PlanRepairNote(rule: .transition, track: b.track, message: reason))
        return PlanTransition(kind: .fade, bars: seconds >= barA - 1e-6 ? 1 : 0, seconds: seconds, fromBPM: xa.bpm, toBPM: xb.bpm,
                              tempoRatio: ratio, beatsPerOutgoingBeat: q, fromKey: xa.key, toKey: xb.key, keyRelation: relation,
                              semitones: 0, reason: reason)
    }
}

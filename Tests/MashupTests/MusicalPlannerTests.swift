// MusicalPlannerTests: plans made musical: segment edges snapped outward to phrases that no sung line crosses, the total
// fitted by phrases, and each transition's kind, bars, tempo ratio and key handling. Knows nothing about audio or LLMs:
// analyses are steady hand-built grids and every expected number is worked out by hand in the comments.
import Foundation
import Testing
@testable import Mashup

/// Hand-built analyses and plans for the planner tests.
private enum Grid {
    /// A steady 4/4 grid from 0: a beat every 60/bpm s, a downbeat every 4 beats, a phrase every `phraseBars` bars.
    static func analysis(bpm: Double, duration: Double = 128, camelot: String = "8A", key: String = "A minor", strength: Double = 0.9,
                         phraseBars: Int = 8, vocals: [TrackAnalysis.Span] = []) -> TrackAnalysis {
        let beat = 60 / bpm
        let last = Int((duration / beat - 1e-9).rounded(.down))
        let beats = (0...last).map { Double($0) * beat }
        let downbeats = stride(from: 0, through: last, by: 4).map { Double($0) * beat }
        let phrases = stride(from: 0, through: last, by: 4 * phraseBars).map { Double($0) * beat }
        return TrackAnalysis(duration: duration, bpm: bpm, beats: beats, downbeats: downbeats, meter: "4/4", key: key, camelot: camelot,
                             keyStrength: strength, phraseBars: phraseBars, phrases: phrases,
                             sections: [.init(start: 0, end: duration, energy: 3, loudness: -14)],
                             barLoudness: downbeats.map { _ in -14 }, vocalSpans: vocals)
    }

    /// A track with an analysis and, optionally, sung lines (start, end) as timed lyrics.
    static func track(_ analysis: TrackAnalysis?, lines: [(Double, Double)] = [], confidence: Double = 1, title: String = "t") -> PlanTrack {
        let lyrics = lines.isEmpty ? nil : TimedLyrics(lines: lines.enumerated().map {
            TimedLine(start: $1.0, end: $1.1, text: "we sing line number \($0) of this song", confidence: confidence)
        }, source: .syncedLRC)
        return PlanTrack(title: title, artist: "", duration: analysis?.duration ?? 128, lyrics: lyrics, analysis: analysis)
    }

    /// The planner with no target length (so nothing is fitted) unless one is given.
    static func planner(target: Double = 0, maxBars: Int = 8, keyMatch: Bool = false) -> MusicalPlanner {
        MusicalPlanner(constraints: PlanConstraints(targetSeconds: target), maxBars: maxBars, keyMatch: keyMatch)
    }

    static func apply(_ segments: [PlanSegment], _ tracks: [PlanTrack], planner: MusicalPlanner = planner()) -> PlanRepairResult {
        planner.apply(PlanRepairResult(plan: MixPlan(title: "t", segments: segments), notes: []), tracks: tracks)
    }

    /// Two segments, the first crossfading 3 s (a plan's own crossfade), and the single transition planned.
    static func transition(_ a: PlanSegment, _ ta: PlanTrack, _ b: PlanSegment, _ tb: PlanTrack,
                           planner: MusicalPlanner = planner()) throws -> (PlanTransition, PlanRepairResult) {
        let result = apply([a, PlanSegment(track: 1, start: b.start, end: b.end)], [ta, tb], planner: planner)
        let transitions = try #require(result.plan.transitions)
        try #require(transitions.count == 1)
        return (transitions[0], result)
    }
}

@Suite("Musical planner")
struct MusicalPlannerTests {
    // 120 BPM, 128 s: beats every 0.5 s, bars of 2 s, phrases every 16 s (0, 16, …, 112), last downbeat 126.
    let a120 = Grid.analysis(bpm: 120)

    // MARK: Phrase snapping

    @Test("a segment starting and ending inside phrases grows outward: 20–40 s becomes 16–48 s, with a note")
    func snapsOutward() throws {
        let result = Grid.apply([PlanSegment(track: 0, start: 20, end: 40)], [Grid.track(a120)])
        let s = try #require(result.plan.segments.first)
        #expect(s.start == 16 && s.end == 48, "\(s.start)–\(s.end)")
        #expect(result.notes.contains { $0.rule == .snappedToPhrases && $0.track == 0 })
        #expect(result.plan.transitions == [])
    }

    @Test("edges within 50 ms of a phrase snap to it; edges on phrases stay and add no note")
    func onPhrase() throws {
        let near = Grid.apply([PlanSegment(track: 0, start: 16.03, end: 47.97)], [Grid.track(a120)]).plan.segments[0]
        #expect(near.start == 16 && near.end == 48)
        let on = Grid.apply([PlanSegment(track: 0, start: 32, end: 64)], [Grid.track(a120)])
        #expect(on.plan.segments[0].start == 32 && on.plan.segments[0].end == 64)
        #expect(!on.notes.contains { $0.rule == .snappedToPhrases })
    }

    @Test("a phrase boundary that a sung line runs across is skipped: 20–40 s with lines over 16 s and 48 s becomes 0–64 s")
    func sungLineSkipsBoundary() throws {
        let track = Grid.track(a120, lines: [(15, 17), (47, 49.5)])
        let s = Grid.apply([PlanSegment(track: 0, start: 20, end: 40)], [track]).plan.segments[0]
        #expect(s.start == 0 && s.end == 64, "\(s.start)–\(s.end)")
    }

    @Test("lines that only touch a phrase boundary (end on it, start on it) do not block it")
    func touchingLinesDoNotBlock() throws {
        let track = Grid.track(a120, lines: [(12, 16), (16, 19), (44, 48), (48, 51)])
        let s = Grid.apply([PlanSegment(track: 0, start: 20, end: 40)], [track]).plan.segments[0]
        #expect(s.start == 16 && s.end == 48, "\(s.start)–\(s.end)")
    }

    @Test("lines below the snap confidence (evenly spread lyrics) do not block a boundary")
    func lowConfidenceLinesIgnored() throws {
        let track = Grid.track(a120, lines: [(47, 49.5)], confidence: 0.3)
        let s = Grid.apply([PlanSegment(track: 0, start: 20, end: 40)], [track]).plan.segments[0]
        #expect(s.end == 48)
    }

    @Test("without lyrics, the analysis's vocal spans block boundaries the same way")
    func vocalSpansWithoutLyrics() throws {
        let analysis = Grid.analysis(bpm: 120, vocals: [.init(start: 47, end: 49.5)])
        let s = Grid.apply([PlanSegment(track: 0, start: 20, end: 40)], [Grid.track(analysis)]).plan.segments[0]
        #expect(s.start == 16 && s.end == 64, "\(s.start)–\(s.end)")
    }

    @Test("a segment end past the last phrase goes to the last downbeat (126 s), not the track's end")
    func endPastLastPhrase() throws {
        let s = Grid.apply([PlanSegment(track: 0, start: 96, end: 120)], [Grid.track(a120)]).plan.segments[0]
        #expect(s.start == 96 && s.end == 126, "\(s.start)–\(s.end)")
    }

    @Test("a target length is met by whole phrases: every edge stays on a phrase start (or the last downbeat)")
    func totalByPhrases() throws {
        let b = Grid.analysis(bpm: 126)
        let tracks = [Grid.track(a120), Grid.track(b)]
        let result = Grid.apply([PlanSegment(track: 0, start: 0, end: 32, crossfadeAfter: 3), PlanSegment(track: 1, start: 0, end: b.phrases[2])],
                                tracks, planner: Grid.planner(target: 100))
        let plan = result.plan
        // The draft lasts about 55 s; the target is 100 s ± 10 %.
        #expect(plan.totalSeconds >= 90 && plan.totalSeconds <= 110, "total \(plan.totalSeconds)")
        for s in plan.segments {
            let x = try #require(tracks[s.track].analysis)
            let edges = x.phrases + [x.downbeats.last!]
            #expect(edges.contains { abs($0 - s.start) < 1e-6 } && edges.contains { abs($0 - s.end) < 1e-6 }, "\(s.start)–\(s.end)")
        }
        #expect(result.notes.contains { $0.rule == .total })
    }

    // MARK: Beat-matched transitions

    @Test("120 → 126 BPM with room to spare: beat-matched over 8 bars (16 s), stretch 120/126, keys the same")
    func beatmatch120to126() throws {
        let b = Grid.analysis(bpm: 126)
        let (t, result) = try Grid.transition(PlanSegment(track: 0, start: 0, end: 64, crossfadeAfter: 3), Grid.track(a120),
                                              PlanSegment(track: 1, start: 0, end: b.phrases[4]), Grid.track(b))
        #expect(t.kind == .beatmatch)
        #expect(t.bars == 8)
        #expect(abs(t.seconds - 16) < 1e-9)
        #expect(abs(t.tempoRatio - 120.0 / 126) < 1e-6)
        #expect(t.beatsPerOutgoingBeat == 1)
        #expect(t.fromBPM == 120 && t.toBPM == 126)
        #expect(t.keyRelation == .same && t.semitones == 0)
        #expect(abs(result.plan.segments[0].crossfadeAfter - 16) < 1e-9)
        #expect(result.plan.segments[1].crossfadeAfter == 0)
    }

    @Test("a one-phrase (16 s) outgoing segment limits the overlap to half of it: 4 bars")
    func barsLimitedByOutgoing() throws {
        let b = Grid.analysis(bpm: 126)
        let (t, _) = try Grid.transition(PlanSegment(track: 0, start: 48, end: 64), Grid.track(a120),
                                         PlanSegment(track: 1, start: 0, end: b.phrases[4]), Grid.track(b))
        #expect(t.kind == .beatmatch && t.bars == 4, "\(t.reason)")
        #expect(abs(t.seconds - 8) < 1e-9)
    }

    @Test("a 12-bar incoming segment limits the overlap to half of it: 4 bars, not 8")
    func barsLimitedByIncoming() throws {
        // 126 BPM, phrases of 4 bars (7.62 s); 0 to the third phrase is 12 bars = 22.86 s. 8 bars of the outgoing track
        // use 8 bars of the incoming one (more than half of 12); 4 bars use 4.
        let b = Grid.analysis(bpm: 126, phraseBars: 4)
        let (t, _) = try Grid.transition(PlanSegment(track: 0, start: 0, end: 64), Grid.track(a120),
                                         PlanSegment(track: 1, start: 0, end: b.phrases[3]), Grid.track(b))
        #expect(t.kind == .beatmatch && t.bars == 4, "\(t.reason)")
    }

    @Test("the incoming segment is measured in its own time: 4 bars of a 7-bar 112 BPM segment are more than half of it, so 2 bars")
    func incomingMeasuredInItsOwnBars() throws {
        // 120 → 112 BPM (stretch 120/112 = 1.071, within 8 %). The incoming segment is 7 bars of 112 BPM = 15 s. An overlap of
        // n outgoing bars plays n incoming bars (n × 2.143 s): 4 bars take 8.57 s > 7.5 s (half of it); 2 bars take 4.29 s.
        // (Measuring the incoming segment as 15 s × 1.071 = 16.07 s of outgoing time would wrongly allow 4 bars.)
        let b = Grid.analysis(bpm: 112, phraseBars: 7)
        #expect(abs(b.phrases[1] - 15) < 1e-6)
        let (t, _) = try Grid.transition(PlanSegment(track: 0, start: 0, end: 64), Grid.track(a120),
                                         PlanSegment(track: 1, start: 0, end: b.phrases[1]), Grid.track(b))
        #expect(t.kind == .beatmatch)
        #expect(t.bars == 2, "\(t.reason)")
    }

    @Test("vocals in both tracks shorten the overlap until one side is instrumental: 8 bars would overlap two lines, 4 do not")
    func vocalsShortenBars() throws {
        // A sings at 50–54 s: inside the last 8 bars (48–64 s), not the last 4 (56–64 s). B sings at 1–3 s, inside any overlap.
        let b = Grid.analysis(bpm: 126)
        let (t, result) = try Grid.transition(PlanSegment(track: 0, start: 0, end: 64), Grid.track(a120, lines: [(50, 54)]),
                                              PlanSegment(track: 1, start: 0, end: b.phrases[4]), Grid.track(b, lines: [(1, 3)]))
        #expect(t.kind == .beatmatch && t.bars == 4, "\(t.reason)")
        #expect(abs(result.plan.segments[0].crossfadeAfter - 8) < 1e-9)
        #expect(result.notes.contains { $0.rule == .transition && $0.message.contains("sing") })
    }

    @Test("vocals alone on one side do not shorten the overlap")
    func vocalsOnOneSide() throws {
        let b = Grid.analysis(bpm: 126)
        let (t, _) = try Grid.transition(PlanSegment(track: 0, start: 0, end: 64), Grid.track(a120, lines: [(50, 54)]),
                                         PlanSegment(track: 1, start: 0, end: b.phrases[4]), Grid.track(b))
        #expect(t.bars == 8)
    }

    /// 2:1 cases where both tracks sing: A sings to the very end (50–63.5 s), B sings from `line` on.
    /// An overlap of n outgoing bars (4n outgoing beats) plays 4n × beatsPerOutgoingBeat incoming beats.
    struct HalfDouble: Sendable, CustomTestStringConvertible {
        var bpm: Double, end: Double, line: (Double, Double), q: Double, bars: Int
        var testDescription: String { "120 → \(Int(bpm)) BPM, B sings \(line.0)–\(line.1) s: \(bars) bar(s)" }
    }

    @Test("at 2:1 the vocal check reads the incoming beats the overlap really plays", arguments: [
        // 61 BPM (beat 0.984 s), 0.5 incoming beat per outgoing beat: 4 bars play 8 incoming beats = 7.87 s, before B's line at 10 s;
        // 8 bars play 15.7 s and reach it.
        HalfDouble(bpm: 61, end: 0, line: (10, 14), q: 0.5, bars: 4),
        // 240 BPM (beat 0.25 s), 2 incoming beats per outgoing beat: 1 bar plays 8 incoming beats = 2 s, before B's line at 3 s;
        // 2 bars play 4 s and reach it.
        HalfDouble(bpm: 240, end: 40, line: (3, 5), q: 2, bars: 1),
    ])
    func vocalsAtTwoToOne(_ c: HalfDouble) throws {
        let b = Grid.analysis(bpm: c.bpm)
        let end = c.end > 0 ? c.end : b.phrases[2]
        let (t, _) = try Grid.transition(PlanSegment(track: 0, start: 0, end: 64), Grid.track(a120, lines: [(50, 63.5)]),
                                         PlanSegment(track: 1, start: 0, end: end), Grid.track(b, lines: [c.line]))
        #expect(t.kind == .beatmatch && t.beatsPerOutgoingBeat == c.q)
        #expect(t.bars == c.bars, "\(t.reason)")
    }

    @Test("120 → 92 BPM (30 % apart): a fade of one bar of the outgoing track (2 s), no stretch")
    func fadeWhenTemposFar() throws {
        let b = Grid.analysis(bpm: 92)
        let (t, result) = try Grid.transition(PlanSegment(track: 0, start: 0, end: 64), Grid.track(a120),
                                              PlanSegment(track: 1, start: 0, end: b.phrases[2]), Grid.track(b))
        #expect(t.kind == .fade)
        #expect(t.seconds > 0 && t.seconds <= 2 + 1e-9)
        #expect(abs(t.seconds - 2) < 1e-9, "one bar fits inside the 0–8 s crossfade range")
        #expect(t.bars == 1 && t.semitones == 0)
        #expect(result.plan.segments[0].crossfadeAfter == t.seconds)
        #expect(t.reason.contains("tempos too far apart"))
    }

    @Test("a fade where both tracks sing at the boundary lasts at most a beat")
    func fadeWhenBothSing() throws {
        let b = Grid.analysis(bpm: 92)
        let (t, _) = try Grid.transition(PlanSegment(track: 0, start: 0, end: 64), Grid.track(a120, lines: [(62, 63.9)]),
                                         PlanSegment(track: 1, start: 0, end: b.phrases[2]), Grid.track(b, lines: [(0.2, 1.8)]))
        #expect(t.kind == .fade)
        #expect(t.seconds > 0 && t.seconds <= 0.5 + 1e-9, "\(t.seconds) s")
        #expect(t.bars == 0)
    }

    @Test("the tempo window is ±8 %", arguments: [(112.0, true), (110.0, false), (129.0, true), (131.0, false), (120.0, true)])
    func tempoWindow(_ bpm: Double, _ matched: Bool) throws {
        let b = Grid.analysis(bpm: bpm)
        let (t, _) = try Grid.transition(PlanSegment(track: 0, start: 0, end: 64), Grid.track(a120),
                                         PlanSegment(track: 1, start: 0, end: b.phrases[3]), Grid.track(b))
        #expect(t.kind == (matched ? .beatmatch : .fade), "\(t.reason)")
    }

    @Test("about 2:1 beat-matches: 120 → 61 BPM plays half an incoming beat per outgoing beat, stretch 60/61")
    func halfTempo() throws {
        let b = Grid.analysis(bpm: 61)
        let (t, _) = try Grid.transition(PlanSegment(track: 0, start: 0, end: 64), Grid.track(a120),
                                         PlanSegment(track: 1, start: 0, end: b.phrases[2]), Grid.track(b))
        #expect(t.kind == .beatmatch)
        #expect(t.beatsPerOutgoingBeat == 0.5)
        #expect(abs(t.tempoRatio - 60.0 / 61) < 1e-6)
        #expect(t.bars == 8)
    }

    @Test("about 1:2 beat-matches the other way: 61 → 120 BPM plays two incoming beats per outgoing beat")
    func doubleTempo() throws {
        let a = Grid.analysis(bpm: 61)
        let b = Grid.analysis(bpm: 120)
        let (t, _) = try Grid.transition(PlanSegment(track: 0, start: 0, end: a.phrases[2]), Grid.track(a),
                                         PlanSegment(track: 1, start: 0, end: 64), Grid.track(b))
        #expect(t.kind == .beatmatch)
        #expect(t.beatsPerOutgoingBeat == 2)
        #expect(abs(t.tempoRatio - 122.0 / 120) < 1e-6)
    }

    // MARK: Keys

    func keyed(_ ka: String, _ kb: String, strengthA: Double = 0.9, strengthB: Double = 0.9, keyMatch: Bool = false) throws -> PlanTransition {
        let a = Grid.analysis(bpm: 120, camelot: ka, key: ka, strength: strengthA)
        let b = Grid.analysis(bpm: 120, camelot: kb, key: kb, strength: strengthB)
        return try Grid.transition(PlanSegment(track: 0, start: 0, end: 64), Grid.track(a), PlanSegment(track: 1, start: 0, end: 64), Grid.track(b),
                                   planner: Grid.planner(keyMatch: keyMatch)).0
    }

    @Test("clashing strong keys (A minor → D major) keep the beat match but only for one bar")
    func clashOneBar() throws {
        let t = try keyed("8A", "10B")
        #expect(t.kind == .beatmatch && t.bars == 1 && abs(t.seconds - 2) < 1e-9)
        #expect(t.keyRelation == .clash && t.semitones == 0)
    }

    @Test("compatible keys keep the full length: relative (8A → 8B) and a fifth (8B → 9B)")
    func compatibleKeys() throws {
        let relative = try keyed("8A", "8B"), fifth = try keyed("8B", "9B")
        #expect(relative.keyRelation == .relative && relative.bars == 8)
        #expect(fifth.keyRelation == .fifth && fifth.bars == 8)
    }

    @Test("key_match: D major under A minor is shifted down 2 semitones to C major, the relative key, and keeps 8 bars")
    func keyMatchShiftsTwo() throws {
        // D major +1 = Eb (5B), −1 = Db (3B), +2 = E (12B) all clash with 8A; −2 = C major (8B) is its relative.
        let t = try keyed("8A", "10B", keyMatch: true)
        #expect(t.semitones == -2)
        #expect(t.keyRelation == .relative)
        #expect(t.bars == 8)
    }

    @Test("key_match: Db major under C major is shifted down 1 semitone to the same key")
    func keyMatchShiftsOne() throws {
        let t = try keyed("8B", "3B", keyMatch: true)
        #expect(t.semitones == -1 && t.keyRelation == .same && t.bars == 8)
        #expect(abs(t.semitones) <= 2)
    }

    @Test("key_match with no compatible key within ±2 semitones: no shift, one bar")
    func keyMatchNoShift() throws {
        // G major (9B) under A minor (8A): ±1 → 4B, 2B; ±2 → 11B, 7B; none is 8A, 8B, 7A or 9A.
        let t = try keyed("8A", "9B", keyMatch: true)
        #expect(t.semitones == 0 && t.keyRelation == .clash && t.bars == 1)
    }

    @Test("no shift without key_match")
    func noShiftWithoutKeyMatch() throws {
        let t = try keyed("8B", "3B")
        #expect(t.semitones == 0 && t.keyRelation == .clash)
    }

    @Test("keys weaker than 0.7 count as unknown: no clash, full length; 0.7 itself counts")
    func weakKeys() throws {
        let weak = try keyed("8A", "10B", strengthA: 0.69)
        #expect(weak.keyRelation == .unknown && weak.bars == 8)
        let weakB = try keyed("8A", "10B", strengthB: 0.5)
        #expect(weakB.keyRelation == .unknown && weakB.bars == 8)
        let threshold = try keyed("8A", "10B", strengthA: 0.7, strengthB: 0.7)
        #expect(threshold.keyRelation == .clash && threshold.bars == 1)
        let missing = try keyed("", "10B")
        #expect(missing.keyRelation == .unknown && missing.bars == 8)
    }

    // MARK: Lengths in bars

    @Test("every crossfadeAfter is the transition's bars × the outgoing track's bar (2 s at 120 BPM, 1.905 s at 126)")
    func crossfadeIsBarsTimesBar() throws {
        let b = Grid.analysis(bpm: 126)
        let tracks = [Grid.track(a120), Grid.track(b)]
        let result = Grid.apply([PlanSegment(track: 0, start: 0, end: 32, crossfadeAfter: 3), PlanSegment(track: 1, start: 0, end: b.phrases[2], crossfadeAfter: 3),
                                 PlanSegment(track: 0, start: 64, end: 96)], tracks)
        let transitions = try #require(result.plan.transitions)
        #expect(transitions.count == 2)
        let bars = [2.0, 240.0 / 126]
        for (i, t) in transitions.enumerated() {
            #expect(t.kind == .beatmatch && t.bars >= 1)
            #expect(abs(result.plan.segments[i].crossfadeAfter - Double(t.bars) * bars[i]) < 1e-6, "transition \(i): \(t.bars) bars")
            #expect(abs(t.seconds - result.plan.segments[i].crossfadeAfter) < 1e-12)
        }
        #expect(result.plan.segments[2].crossfadeAfter == 0)
    }

    @Test("a segment's crossfadeBars and the planner's maxBars cap the bars (to the largest of 8, 4, 2, 1 under the cap)",
          arguments: [(Int?.some(2), 8, 2), (3, 8, 2), (1, 8, 1), (nil, 4, 4), (8, 4, 4), (nil, 2, 2), (4, 1, 1)])
    func barsCapped(_ segmentBars: Int?, _ maxBars: Int, _ expected: Int) throws {
        let b = Grid.analysis(bpm: 126)
        let (t, result) = try Grid.transition(PlanSegment(track: 0, start: 0, end: 64, crossfadeBars: segmentBars), Grid.track(a120),
                                              PlanSegment(track: 1, start: 0, end: b.phrases[4]), Grid.track(b),
                                              planner: Grid.planner(maxBars: maxBars))
        #expect(t.bars == expected, "\(t.reason)")
        #expect(abs(result.plan.segments[0].crossfadeAfter - Double(expected) * 2) < 1e-9)
    }

    // MARK: Without analysis

    @Test("tracks without beat analysis keep the plan's crossfade as a fade, and their segments are not moved")
    func noAnalysis() throws {
        let plain = [Grid.track(nil), Grid.track(nil)]
        let (t, result) = try Grid.transition(PlanSegment(track: 0, start: 20, end: 40, crossfadeAfter: 3), plain[0],
                                              PlanSegment(track: 1, start: 5, end: 37), plain[1])
        #expect(t.kind == .fade && t.bars == 0 && t.seconds == 3)
        #expect(t.reason.hasPrefix("no beat analysis"), "\(t.reason)")
        #expect(t.keyRelation == .unknown)
        #expect(result.plan.segments[0].crossfadeAfter == 3)
        #expect(result.plan.segments[0].start == 20 && result.plan.segments[0].end == 40)
        #expect(result.plan.segments[1].start == 5 && result.plan.segments[1].end == 37)
    }

    @Test("one analysed track is not enough for a beat match; an analysis without beats counts as none")
    func halfAnalysed() throws {
        let (one, _) = try Grid.transition(PlanSegment(track: 0, start: 0, end: 64, crossfadeAfter: 2.5), Grid.track(a120),
                                           PlanSegment(track: 1, start: 0, end: 40), Grid.track(nil))
        #expect(one.kind == .fade && one.seconds == 2.5 && one.reason.hasPrefix("no beat analysis"))
        let beatless = TrackAnalysis(duration: 60, bpm: 0, beats: [], downbeats: [], meter: "4/4", key: "", camelot: "", keyStrength: 0,
                                     phraseBars: 8, phrases: [], sections: [], barLoudness: [], vocalSpans: [])
        let (none, _) = try Grid.transition(PlanSegment(track: 0, start: 0, end: 64, crossfadeAfter: 2.5), Grid.track(a120),
                                            PlanSegment(track: 1, start: 0, end: 40), Grid.track(beatless))
        #expect(none.kind == .fade && none.seconds == 2.5 && none.reason.hasPrefix("no beat analysis"))
    }

    @Test("the order given to apply is kept in the plan")
    func keepsOrder() throws {
        let order = PlanOrder(tracks: [1, 0], fixed: false, cost: 0.7, givenCost: 1.2)
        let result = Grid.planner().apply(PlanRepairResult(plan: MixPlan(title: "t", segments: [PlanSegment(track: 0, start: 0, end: 32)]), notes: []),
                                          tracks: [Grid.track(a120), Grid.track(a120)], order: order)
        #expect(result.plan.order == order)
    }
}

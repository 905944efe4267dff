// PlanRepairerTests: each repair rule on its own, strict mode, and reading plans from LLM replies.
// Knows nothing about planners; plans are written by hand.

import Foundation
import Testing
@testable import Mashup

@Suite("PlanRepairer")
struct PlanRepairerTests {
    let tracks = PlanFixtures.tracks()
    let constraints = PlanConstraints(targetSeconds: 100)

    func repair(_ segments: [PlanSegment], _ c: PlanConstraints? = nil) throws -> PlanRepairResult {
        try PlanRepairer(constraints: c ?? constraints).repair(MixPlan(title: "t", segments: segments), tracks: tracks)
    }

    func rules(_ result: PlanRepairResult) -> Set<PlanRepairNote.Rule> { Set(result.notes.map(\.rule)) }

    @Test("a valid plan passes unchanged, also in strict mode")
    func valid() throws {
        let plan = PlanFixtures.validPlan()
        #expect(plan.totalSeconds == 100)
        let result = try PlanRepairer(constraints: constraints).repair(plan, tracks: tracks, strict: true)
        #expect(result.notes.isEmpty)
        #expect(result.plan == plan)
    }

    @Test("segments with unknown tracks or empty spans are dropped")
    func drops() throws {
        var segments = PlanFixtures.validPlan().segments
        segments.insert(PlanSegment(track: 7, start: 0, end: 20), at: 1)
        segments.insert(PlanSegment(track: 0, start: 30, end: 30), at: 1)
        segments.insert(PlanSegment(track: 0, start: .nan, end: 30), at: 1)
        let result = try repair(segments)
        #expect(result.plan.segments == PlanFixtures.validPlan().segments)
        #expect(result.notes.filter { $0.rule == .droppedSegment }.count == 3)
    }

    @Test("segments are clamped to their track")
    func clamp() throws {
        let c = PlanConstraints(targetSeconds: 0)
        let result = try repair([
            PlanSegment(track: 2, start: -5, end: 20, crossfadeAfter: 0),
            PlanSegment(track: 2, start: 140, end: 170),
            PlanSegment(track: 2, start: 400, end: 420),
        ], c)
        let segments = result.plan.segments
        #expect(segments.map(\.track) == [0, 1, 2, 2])  // the third is outside and dropped; Alpha and Beta are added
        #expect(segments.filter { $0.track == 2 }.map(\.start) == [0, 136])
        #expect(segments.filter { $0.track == 2 }.map(\.end) == [20, 150])
        #expect(rules(result).isSuperset(of: [.clampedToTrack, .droppedSegment, .segmentLength]))
    }

    @Test("starts snap to line starts and ends to line ends within the window")
    func snap() throws {
        var plan = PlanFixtures.validPlan()
        plan.segments[0].start = 23.4   // lines at 22, 26 → 22
        plan.segments[0].end = 56.9     // ends at 54, 58 → 58
        plan.segments[1].start = 41.7   // lines at 40, 45 → 40
        let result = try PlanRepairer(constraints: constraints).repair(plan, tracks: tracks)
        #expect(result.plan.segments[0].start == 22 && result.plan.segments[0].end == 58 && result.plan.segments[1].start == 40)
        #expect(result.notes.filter { $0.rule == .snappedToLines }.count == 3)
        // Changes under 50 ms are silent.
        plan = PlanFixtures.validPlan()
        plan.segments[0].start = 22.03
        let quiet = try PlanRepairer(constraints: constraints).repair(plan, tracks: tracks, strict: true)
        #expect(quiet.plan.segments[0].start == 22 && quiet.notes.isEmpty)
    }

    @Test("a boundary inside a line moves to that line's edge however small the window")
    func snapOutsideWindow() throws {
        let c = PlanConstraints(targetSeconds: 100, snapWindow: 0.5)
        var plan = PlanFixtures.validPlan()
        plan.segments[1].start = 42.5   // inside the line 40–45: 2.5 s from its start, still moved there
        let result = try PlanRepairer(constraints: c).repair(plan, tracks: tracks)
        #expect(result.plan.segments[1].start == 40)
        #expect(result.notes.contains { $0.rule == .snappedToLines && $0.message.contains("moved back to its start") })
    }

    @Test("snapping never drops a line the plan chose: ends move on, starts move back, even past a nearer boundary")
    func snapOutward() throws {
        var plan = PlanFixtures.validPlan()
        plan.segments[0].start = 25.5   // inside 22–26: the nearest start is 26, but that would drop the line
        plan.segments[0].end = 54.5     // inside 54–58: the nearest end is 54, but that would drop the line
        let result = try PlanRepairer(constraints: constraints).repair(plan, tracks: tracks)
        let segment = result.plan.segments[0]
        #expect(segment.start == 22 && segment.end == 58)
        let lines = try #require(tracks[0].lyrics?.lines)
        let chosen = lines.filter { $0.end > 25.5 && $0.start < 54.5 }
        #expect(chosen.allSatisfy { $0.start >= segment.start && $0.end <= segment.end })
    }

    @Test("between lines, an end moves back to the last sung line's end and a start to the nearest line start, within the window")
    func snapInGaps() throws {
        let sung = TimedLyrics(lines: [
            TimedLine(start: 10, end: 13, text: "first"), TimedLine(start: 20, end: 23, text: "chorus"),
            TimedLine(start: 40, end: 43, text: "after"),
        ], source: .syncedLRC)
        let track = [PlanTrack(title: "Gaps", artist: "G", duration: 100, lyrics: sung)]
        let c = PlanConstraints(targetSeconds: 0, minSegment: 2, minLinesPerSegment: 0, useAllTracks: false)
        func repaired(_ start: Double, _ end: Double) throws -> PlanSegment {
            try #require(PlanRepairer(constraints: c).repair(MixPlan(title: "t", segments: [PlanSegment(track: 0, start: start, end: end)]), tracks: track).plan.segments.first)
        }
        let near = try repaired(18.5, 25)       // 1.5 s before a line; 2 s after the chorus ended
        #expect(near.start == 20 && near.end == 23)
        let far = try repaired(15, 30)          // 5 s from any line start, 7 s after the chorus: left alone
        #expect(far.start == 15 && far.end == 30)
    }

    @Test("lines below the confidence floor are not boundaries")
    func lowConfidence() throws {
        var spread = tracks
        spread[0].lyrics = try PlainLyrics.spread((0..<50).map { "l\($0)" }.joined(separator: "\n"), duration: 200)
        var plan = PlanFixtures.validPlan()
        plan.segments[0].start = 23.4
        let result = try PlanRepairer(constraints: constraints).repair(plan, tracks: spread)
        #expect(result.plan.segments[0].start == 23.4)
        #expect(!rules(result).contains(.snappedToLines))
    }

    @Test("touching segments of one track are joined")
    func merge() throws {
        let c = PlanConstraints(targetSeconds: 0, useAllTracks: false)
        let result = try repair([
            PlanSegment(track: 0, start: 22, end: 42, crossfadeAfter: 2, reason: "x"),
            PlanSegment(track: 0, start: 42, end: 62, crossfadeAfter: 0, reason: "y"),
        ], c)
        #expect(result.plan.segments == [PlanSegment(track: 0, start: 22, end: 62, crossfadeAfter: 0, reason: "x; y")])
        #expect(rules(result) == [.mergedSegments])
    }

    @Test("segments holding too few lines are widened along lines")
    func minLines() throws {
        let c = PlanConstraints(targetSeconds: 0, minSegment: 5, minLinesPerSegment: 6, useAllTracks: false)
        let result = try repair([PlanSegment(track: 1, start: 40, end: 55)], c)   // 3 lines of 5 s
        let segment = try #require(result.plan.segments.first)
        #expect(segment.start == 40 && segment.end == 70)
        #expect(rules(result) == [.minLines])
    }

    @Test("segments are brought within the length limits along lines")
    func lengths() throws {
        let c = PlanConstraints(targetSeconds: 0, useAllTracks: false)
        let long = try repair([PlanSegment(track: 0, start: 22, end: 118)], c)
        #expect(long.plan.segments[0].start == 22 && long.plan.segments[0].end == 90)   // 68 s, a line end
        #expect(rules(long) == [.segmentLength])
        let short = try repair([PlanSegment(track: 0, start: 22, end: 30)], c)
        #expect(short.plan.segments[0].end == 38)   // first line end ≥ 22 + 14
        let atEnd = try repair([PlanSegment(track: 0, start: 182, end: 190)], c)
        #expect(atEnd.plan.segments[0].end == 190 && atEnd.plan.segments[0].start == 174)
        let raw = try repair([PlanSegment(track: 2, start: 10, end: 100)], c)
        #expect(raw.plan.segments[0].end == 80)
    }

    @Test("every track is used unless told otherwise")
    func allTracks() throws {
        let plan = Array(PlanFixtures.validPlan().segments.prefix(2))
        let result = try repair(plan, PlanConstraints(targetSeconds: 0))
        #expect(result.plan.usedTracks == [0, 1, 2])
        #expect(result.plan.segments.last?.track == 2)
        #expect(result.notes.contains { $0.rule == .addedTrack && $0.track == 2 })
        let gamma = try #require(result.plan.segments.last)
        #expect(gamma.start >= 95 && gamma.end <= 135)   // the loud part
        let optional = try repair(plan, PlanConstraints(targetSeconds: 0, useAllTracks: false))
        #expect(optional.plan.usedTracks == [0, 1])
    }

    @Test("crossfades are clamped to their range, half of each neighbour, and 0 at the end")
    func crossfades() throws {
        let c = PlanConstraints(targetSeconds: 0)
        let result = try repair([
            PlanSegment(track: 0, start: 22, end: 58, crossfadeAfter: 12),
            PlanSegment(track: 2, start: 100, end: 114, crossfadeAfter: 9),
            PlanSegment(track: 1, start: 40, end: 75, crossfadeAfter: 5),
        ], c)
        #expect(result.plan.segments.map(\.crossfadeAfter) == [7, 7, 0])
        #expect(result.notes.filter { $0.rule == .crossfade }.count == 3)
        let floor = try repair([
            PlanSegment(track: 0, start: 22, end: 58, crossfadeAfter: 0),
            PlanSegment(track: 1, start: 40, end: 75),
            PlanSegment(track: 2, start: 100, end: 130),
        ], PlanConstraints(targetSeconds: 0, minCrossfade: 2))
        #expect(floor.plan.segments.map(\.crossfadeAfter) == [2, 2, 0])
    }

    @Test("a short plan is extended along lines to within 10 % of the target")
    func totalTooShort() throws {
        let result = try repair(PlanFixtures.validPlan().segments, PlanConstraints(targetSeconds: 150))
        let total = result.plan.totalSeconds
        #expect(total >= 135 && total <= 165, "\(total)")
        #expect(result.notes.contains { $0.rule == .total })
        for segment in result.plan.segments {
            #expect(PlanFixtures.onBoundary(segment.end, tracks[segment.track], start: false))
            #expect(segment.duration <= 70 + 1e-9)
        }
    }

    @Test("a long target adds segments, cycling through the tracks")
    func totalAddsSegments() throws {
        let result = try repair(PlanFixtures.validPlan().segments, PlanConstraints(targetSeconds: 400))
        let total = result.plan.totalSeconds
        #expect(total >= 360 && total <= 440, "\(total)")
        #expect(result.plan.segments.count > 3)
        #expect(result.plan.segments.allSatisfy { $0.duration >= 14 - 1e-9 && $0.duration <= 70 + 1e-9 })
        #expect(result.plan.segments.dropLast().allSatisfy { $0.crossfadeAfter == 3 })
    }

    @Test("a long plan is trimmed along lines, then repeated segments are dropped")
    func totalTooLong() throws {
        let trimmed = try repair(PlanFixtures.validPlan().segments, PlanConstraints(targetSeconds: 70))
        #expect(trimmed.plan.totalSeconds >= 63 && trimmed.plan.totalSeconds <= 77, "\(trimmed.plan.totalSeconds)")
        #expect(trimmed.plan.usedTracks == [0, 1, 2])
        var segments = PlanFixtures.validPlan().segments
        segments[2].crossfadeAfter = 3
        segments.append(PlanSegment(track: 0, start: 102, end: 138, crossfadeAfter: 0))
        // With 30 s minimum segments, trimming stops at 115 s; dropping the repeated Alpha segment gives 86 s.
        let dropped = try repair(segments, PlanConstraints(targetSeconds: 90, minSegment: 30))
        #expect(dropped.plan.segments.map(\.track) == [0, 1, 2])
        #expect(dropped.plan.totalSeconds >= 81 && dropped.plan.totalSeconds <= 99, "\(dropped.plan.totalSeconds)")
        #expect(dropped.notes.contains { $0.rule == .total && $0.message.contains("dropped") })
    }

    @Test("an unreachable target is noted")
    func unreachable() throws {
        let result = try repair(PlanFixtures.validPlan().segments, PlanConstraints(targetSeconds: 20))
        #expect(result.notes.contains { $0.rule == .total && $0.message.contains("could not") })
    }

    @Test("strict mode fails with AI_INVALID_PLAN listing every broken rule")
    func strict() throws {
        var plan = PlanFixtures.validPlan()
        plan.segments[0].start = 23.4
        plan.segments[2].crossfadeAfter = 4
        plan.segments.remove(at: 1)
        let error = #expect(throws: MashupError.self) {
            try PlanRepairer(constraints: constraints).repair(plan, tracks: tracks, strict: true)
        }
        #expect(error?.code == .invalidPlan)
        #expect(error?.code.rawValue == "AI_INVALID_PLAN")
        let problems = error?.problems ?? []
        #expect(problems.contains { $0.hasPrefix("snappedToLines") })
        #expect(problems.contains { $0.hasPrefix("addedTrack") })
        #expect(problems.contains { $0.hasPrefix("crossfade") })
    }

    @Test("no tracks is an argument error; an empty plan is rebuilt")
    func degenerate() throws {
        let error = #expect(throws: MashupError.self) {
            try PlanRepairer(constraints: constraints).repair(MixPlan(title: "", segments: []), tracks: [])
        }
        #expect(error?.code == .invalidArgument)
        let rebuilt = try PlanRepairer(constraints: constraints).repair(MixPlan(title: " ", segments: []), tracks: tracks)
        #expect(rebuilt.plan.usedTracks == [0, 1, 2])
        #expect(rebuilt.plan.title == "Mashup: Alpha × Beta × Gamma")
    }

    @Test("absurd numbers in plans, tracks and constraints never trap")
    func absurd() throws {
        var odd = tracks
        odd[2].duration = 1e300
        odd[1].energy = [.nan, .infinity, -1]
        let plan = MixPlan(title: "x", segments: [
            PlanSegment(track: 0, start: -1e300, end: 1e300, crossfadeAfter: .infinity),
            PlanSegment(track: 2, start: 1e299, end: 1e300, crossfadeAfter: -5),
            PlanSegment(track: Int.max, start: 0, end: 10),
        ])
        let c = PlanConstraints(targetSeconds: .infinity, minSegment: -3, maxSegment: 1e300, maxCrossfade: .nan, minLinesPerSegment: Int.max)
        let result = try PlanRepairer(constraints: c).repair(plan, tracks: odd)
        #expect(result.plan.usedTracks == [0, 1, 2])
        #expect(result.plan.segments.allSatisfy { $0.start.isFinite && $0.end.isFinite && $0.end > $0.start })
        _ = try HeuristicPlanner(constraints: PlanConstraints(targetSeconds: 1e300, maxSegment: 1e300)).plan(tracks: odd)
        #expect(ClipTime.format(.infinity) == "inf s")
    }

    @Test("LLM replies are read as JSON against the schema, never scraped")
    func llmReply() throws {
        let json = String(decoding: try PlanFixtures.validPlan().jsonData(), as: UTF8.self)
        #expect(try MixPlan.decode(llmReply: json) == PlanFixtures.validPlan())
        #expect(try MixPlan.decode(llmReply: "```json\n" + json + "\n```") == PlanFixtures.validPlan())
        for bad in ["Here is your plan: " + json, "", "{\"title\": \"x\"}", "{\"title\": \"x\", \"segments\": {}}", "```json\n{}", "[1]"] {
            let error = #expect(throws: MashupError.self) { try MixPlan.decode(llmReply: bad) }
            #expect(error?.code == .invalidPlan)
        }
    }
}

// HeuristicPlannerTests: chorus and energy choices, track order, constraints and determinism of the offline planner.
// Knows nothing about LLMs.

import Testing
@testable import Mashup

@Suite("HeuristicPlanner")
struct HeuristicPlannerTests {
    /// 48 lines of 4 s from 8 s; a 4-line chorus at lines 12, 24 and 36; a loud passage from 150 s.
    static func chorusTrack(loudSecondChorus: Bool = false) -> PlanTrack {
        let chorus = ["we are the light tonight", "shining through the night", "never let it go", "hold it close and slow"]
        let lines = (0..<48).map { i -> TimedLine in
            let text: String
            if [12, 24, 36].contains(where: { i >= $0 && i < $0 + 4 }) {
                text = chorus[(i - 12) % 4]
            } else {
                text = "verse line number \(i)"
            }
            return TimedLine(start: 8 + Double(i) * 4, end: 12 + Double(i) * 4, text: text, confidence: 1)
        }
        var energy = [Float](repeating: 0.2, count: 210)
        if loudSecondChorus { for s in 104..<124 { energy[s] = 0.9 } }
        return PlanTrack(title: "Light", artist: "X", duration: 210, lyrics: TimedLyrics(lines: lines, source: .syncedLRC), energy: energy)
    }

    @Test("a repeated group of lines (a chorus) is preferred")
    func chorus() throws {
        let track = Self.chorusTrack()
        let result = try HeuristicPlanner(constraints: PlanConstraints(targetSeconds: 20)).plan(tracks: [track])
        let segment = try #require(result.plan.segments.first)
        #expect(segment.start == 56)            // line 12, the first chorus
        #expect(segment.reason.hasPrefix("chorus"))
        #expect(ChorusFinder.find(track.lyrics?.lines ?? [])?.starts == [12, 24, 36])
    }

    @Test("energy picks the loudest chorus")
    func loudChorus() throws {
        let result = try HeuristicPlanner(constraints: PlanConstraints(targetSeconds: 20)).plan(tracks: [Self.chorusTrack(loudSecondChorus: true)])
        #expect(result.plan.segments.first?.start == 104)   // line 24
    }

    @Test("without lyrics the loudest window is used")
    func energyOnly() throws {
        let tracks = PlanFixtures.tracks()
        let result = try HeuristicPlanner(constraints: PlanConstraints(targetSeconds: 30)).plan(tracks: [tracks[2]])
        let segment = try #require(result.plan.segments.first)
        #expect(segment.start >= 100 && segment.end <= 130)
        #expect(segment.reason.contains("energy"))
    }

    @Test("plans follow the track order, use every track and meet the constraints", arguments: [60.0, 100.0, 180.0, 400.0])
    func constraints(target: Double) throws {
        let tracks = PlanFixtures.tracks()
        let c = PlanConstraints(targetSeconds: target)
        let result = try HeuristicPlanner(constraints: c).plan(tracks: tracks)
        let plan = result.plan
        #expect(Array(plan.segments.prefix(3)).map(\.track) == [0, 1, 2])
        #expect(plan.usedTracks == [0, 1, 2])
        #expect(abs(plan.totalSeconds - target) <= target * 0.1 + 1e-9, "total \(plan.totalSeconds) for \(target)")
        for (i, segment) in plan.segments.enumerated() {
            #expect(segment.duration >= 14 - 1e-9 && segment.duration <= 70 + 1e-9)
            #expect(segment.crossfadeAfter <= 8 && segment.crossfadeAfter <= segment.duration / 2)
            #expect(PlanFixtures.onBoundary(segment.start, tracks[segment.track], start: true))
            #expect(PlanFixtures.onBoundary(segment.end, tracks[segment.track], start: false))
            if let lines = tracks[segment.track].lyrics?.lines {
                #expect(lines.filter { $0.start >= segment.start && $0.end <= segment.end }.count >= 2)
            }
            if i == plan.segments.count - 1 { #expect(segment.crossfadeAfter == 0) }
        }
        // The planner's own output passes strict validation.
        #expect(throws: Never.self) { try PlanRepairer(constraints: c).repair(plan, tracks: tracks, strict: true) }
    }

    @Test("the same input gives the same plan")
    func deterministic() throws {
        let planner = HeuristicPlanner(constraints: PlanConstraints(targetSeconds: 150))
        let a = try planner.plan(tracks: PlanFixtures.tracks(), title: "T")
        let b = try planner.plan(tracks: PlanFixtures.tracks(), title: "T")
        #expect(a == b)
        #expect(a.plan.title == "T")
    }

    @Test("a track without lyrics or energy still gets a window; no tracks is an error")
    func bare() throws {
        let result = try HeuristicPlanner(constraints: PlanConstraints(targetSeconds: 30))
            .plan(tracks: [PlanTrack(title: "Bare", artist: "Z", duration: 100)])
        #expect(result.plan.segments.first?.start == 30)
        #expect(throws: MashupError.self) { try HeuristicPlanner(constraints: PlanConstraints(targetSeconds: 30)).plan(tracks: []) }
    }
}

// PlanReplyReadingTests: reading an LLM's plan reply forgivingly (key spellings, missing optional fields)
// and how strict mode treats what had to be filled in. Plans are written by hand; no LLM is called.

import Foundation
import Testing
@testable import Mashup

@Suite("Reading plan replies")
struct PlanReplyReadingTests {
    let tracks = PlanFixtures.tracks()
    let constraints = PlanConstraints(targetSeconds: 100)

    /// The valid fixture plan as an LLM might write it, with each segment's keys renamed by `key`.
    func reply(_ key: (String) -> String, dropping dropped: Set<String> = [], title: Bool = true) -> String {
        let segments = PlanFixtures.validPlan().segments.map { s -> String in
            let fields: [(String, String)] = [("track", "\(s.track)"), ("start", "\(s.start)"), ("end", "\(s.end)"),
                                              ("crossfadeAfter", "\(s.crossfadeAfter)"), ("reason", "\"\(s.reason)\"")]
            return "{" + fields.filter { !dropped.contains($0.0) }.map { "\"\(key($0.0))\": \($0.1)" }.joined(separator: ", ") + "}"
        }
        return "{" + (title ? "\"title\": \"Valid\", " : "") + "\"segments\": [" + segments.joined(separator: ", ") + "]}"
    }

    func snake(_ key: String) -> String { key == "crossfadeAfter" ? "crossfade_after" : key }

    @Test("snake_case and camelCase keys read the same plan, with nothing to repair, also in strict mode")
    func snakeCase() throws {
        for spelling in [snake, { $0 }, { $0 == "crossfadeAfter" ? "Crossfade-After" : $0 }] as [(String) -> String] {
            let reading = try MixPlan.read(llmReply: reply(spelling), defaultCrossfade: 3)
            #expect(reading.plan == PlanFixtures.validPlan())
            #expect(reading.notes.isEmpty)
            let result = try PlanRepairer(constraints: constraints).repair(reading.plan, tracks: tracks, strict: true, notes: reading.notes)
            #expect(result.plan == PlanFixtures.validPlan())
        }
    }

    @Test("a missing crossfade takes the default from the constraints and is repaired, unless strict")
    func missingCrossfade() throws {
        let reading = try MixPlan.read(llmReply: reply(snake, dropping: ["crossfadeAfter", "reason"], title: false), defaultCrossfade: 2.5)
        #expect(reading.plan.segments.map(\.crossfadeAfter) == [2.5, 2.5, 0])
        #expect(reading.plan.segments.allSatisfy { $0.reason.isEmpty } && reading.plan.title.isEmpty)
        #expect(reading.notes.filter { $0.rule == .crossfade }.count == 2)
        let repaired = try PlanRepairer(constraints: constraints).repair(reading.plan, tracks: tracks, notes: reading.notes)
        #expect(repaired.plan.segments.map(\.start) == PlanFixtures.validPlan().segments.map(\.start))
        #expect(repaired.plan.title == "Mashup: Alpha × Beta × Gamma")
        #expect(repaired.notes.prefix(2) == reading.notes[...])
        let error = #expect(throws: MashupError.self) {
            try PlanRepairer(constraints: constraints).repair(reading.plan, tracks: tracks, strict: true, notes: reading.notes)
        }
        #expect(error?.code == .invalidPlan)
        #expect(error?.problems.contains { $0.hasPrefix("crossfade:") && $0.contains("no crossfadeAfter") } == true)
    }

    @Test("numeric strings are numbers; segments without a usable track, start or end are dropped with a note")
    func unusableSegments() throws {
        let text = #"{"segments": [{"track": "0", "start": "22", "end": 58.0, "crossfade_after": "3"}, {"track": 1, "start": 40}, "oops", {"track": 1.5, "start": 1, "end": 30}]}"#
        let reading = try MixPlan.read(llmReply: text, defaultCrossfade: 3)
        #expect(reading.plan.segments == [PlanSegment(track: 0, start: 22, end: 58, crossfadeAfter: 3)])
        let dropped = reading.notes.filter { $0.rule == .droppedSegment }.map(\.message)
        #expect(dropped.count == 3)
        #expect(dropped[0].contains("segment 2") && dropped[0].contains("'end'"))
        #expect(dropped[1].contains("segment 3") && dropped[1].contains("not an object"))
        #expect(dropped[2].contains("segment 4") && dropped[2].contains("'track'"))
    }

    @Test("the plan artifact is still written with camelCase keys")
    func artifactFormat() throws {
        let reading = try MixPlan.read(llmReply: reply(snake), defaultCrossfade: 3)
        let text = String(decoding: try reading.plan.jsonData(), as: UTF8.self)
        #expect(text.contains("\"crossfadeAfter\"") && !text.contains("crossfade_after"))
        #expect(try JSONDecoder().decode(MixPlan.self, from: Data(text.utf8)) == PlanFixtures.validPlan())
    }
}

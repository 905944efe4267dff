// PlanReplyBarsTests: reading crossfadeBars (either spelling) from an LLM's plan reply, and dropping unusable values.
// Knows nothing about analyses or planners: replies are written by hand and only MixPlan.read is called.
import Foundation
import Testing
@testable import Mashup

@Suite("Reading crossfade bars from plan replies")
struct PlanReplyBarsTests {
    /// A two-segment reply whose first segment carries `field` (raw JSON text, e.g. `"crossfade_bars": 2`).
    func reply(_ field: String?) -> String {
        let extra = field.map { ", " + $0 } ?? ""
        return """
        {"title": "Bars", "segments": [
          {"track": 0, "start": 10, "end": 40, "crossfadeAfter": 4, "reason": "a"\(extra)},
          {"track": 1, "start": 16, "end": 48, "crossfadeAfter": 0, "reason": "b"}
        ]}
        """
    }

    func bars(_ field: String?) throws -> Int? {
        try MixPlan.read(llmReply: reply(field), defaultCrossfade: 3).plan.segments[0].crossfadeBars
    }

    @Test("camelCase and snake_case are read", arguments: [
        (#""crossfadeBars": 4"#, 4), (#""crossfade_bars": 2"#, 2), (#""crossfadeBars": 8"#, 8), (#""crossfade_bars": 1"#, 1),
    ])
    func spellings(_ field: String, _ expected: Int) throws {
        #expect(try bars(field) == expected)
    }

    @Test("every whole number 1…8 is kept, also as a numeric string or written 2.0")
    func wholeNumbers() throws {
        for n in 1...8 {
            #expect(try bars(#""crossfadeBars": \#(n)"#) == n)
        }
        #expect(try bars(#""crossfade_bars": "4""#) == 4)
        #expect(try bars(#""crossfadeBars": 2.0"#) == 2)
    }

    @Test("out-of-range, fractional and non-numeric values are dropped", arguments: [
        #""crossfadeBars": 0"#, #""crossfadeBars": 9"#, #""crossfadeBars": 16"#, #""crossfadeBars": -1"#,
        #""crossfade_bars": 2.5"#, #""crossfadeBars": 0.5"#, #""crossfadeBars": "two""#, #""crossfadeBars": null"#,
        #""crossfadeBars": [2]"#, #""crossfade_bars": 1e9"#,
    ])
    func dropped(_ field: String) throws {
        let reading = try MixPlan.read(llmReply: reply(field), defaultCrossfade: 3)
        #expect(reading.plan.segments[0].crossfadeBars == nil)
        // The rest of the segment is read as usual.
        #expect(reading.plan.segments.count == 2)
        #expect(reading.plan.segments[0].start == 10 && reading.plan.segments[0].end == 40 && reading.plan.segments[0].crossfadeAfter == 4)
    }

    @Test("absent means nil, and the other segment is untouched")
    func absent() throws {
        let plan = try MixPlan.read(llmReply: reply(nil), defaultCrossfade: 3).plan
        #expect(plan.segments.allSatisfy { $0.crossfadeBars == nil })
        let withBars = try MixPlan.read(llmReply: reply(#""crossfade_bars": 2"#), defaultCrossfade: 3).plan
        #expect(withBars.segments[1].crossfadeBars == nil)
    }

    @Test("bars leave crossfadeAfter and the notes alone")
    func barsDoNotTouchSeconds() throws {
        let reading = try MixPlan.read(llmReply: reply(#""crossfade_bars": 2"#), defaultCrossfade: 3)
        #expect(reading.plan.segments[0].crossfadeAfter == 4)
        #expect(reading.notes.isEmpty)
    }

    @Test("the bars survive the plan's JSON round trip")
    func roundTrip() throws {
        let plan = try MixPlan.read(llmReply: reply(#""crossfade_bars": 2"#), defaultCrossfade: 3).plan
        let again = try JSONDecoder().decode(MixPlan.self, from: plan.jsonData())
        #expect(again.segments[0].crossfadeBars == 2)
        #expect(again == plan)
    }
}

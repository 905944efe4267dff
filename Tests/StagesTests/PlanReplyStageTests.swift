// The plan stage with an LLM whose reply uses snake_case keys and leaves optional fields out:
// repaired when not strict, refused when strict. The LLM is a stub; the tracks are generated.
import Foundation
import Mashup
import Pipeline
import Stages
import Testing

@Suite("Plan stage reading LLM replies", .serialized)
struct PlanReplyStageTests {
    static let lrc = (0..<14).map { String(format: "[00:%02d.00]la la la la la la la la line %d", 2 + 4 * $0, $0) }.joined(separator: "\n")

    func manifest(strict: Bool) -> String {
        """
        version: 1
        name: replies
        stages:
          - id: track
            kind: source
            foreach: [t0.wav, t1.wav]
            path: ${item}
          - id: words
            kind: lyrics
            foreach: track
            text: |
              \(Self.lrc.split(separator: "\n").joined(separator: "\n      "))
          - id: plan
            kind: plan
            tracks: [track]
            lyrics: [words]
            provider: gemini
            target_seconds: 50
            min_segment: 10
            strict: \(strict)
        """
    }

    func render(reply: String, strict: Bool) async throws -> (RenderReport, RenderHarness) {
        let h = try RenderHarness()
        for (i, f) in [220, 330].enumerated() {
            try RenderHarness.ffmpeg(["-f", "lavfi", "-i", "sine=f=\(f):d=60", "-ac", "2", "\(h.dir)/t\(i).wav"])
        }
        let providers = StageProviders(llms: ["gemini": StubLLM(reply: reply)])
        let m = try h.manifest(manifest(strict: strict), providers: providers)
        return (await h.render(m, providers: providers), h)
    }

    @Test("snake_case keys and a missing crossfade are repaired when not strict (they were AI_INVALID_PLAN)")
    func repaired() async throws {
        let reply = #"{"title": "Replies", "segments": [{"track": 0, "start": 2, "end": 30, "crossfade_after": 2, "reason": "a"}, {"track": 1, "start": 6, "end": 30}]}"#
        let (report, h) = try await render(reply: reply, strict: false)
        let stage = try #require(report.stages.first { $0.id == "plan" })
        #expect(stage.status == .ran, "\(stage.error ?? "")")
        let plan = try JSONDecoder().decode(MixPlan.self, from: Data(contentsOf: URL(fileURLWithPath: try #require(h.outputPath(report, "plan", "plan")))))
        #expect(plan.segments.map(\.track) == [0, 1])
        #expect(plan.segments[0].crossfadeAfter == 2 && plan.segments[0].start == 2)
    }

    @Test("with strict: true, a reply that needs filling in fails AI_INVALID_PLAN and says what was missing")
    func strict() async throws {
        let reply = #"{"title": "Replies", "segments": [{"track": 0, "start": 2, "end": 30, "reason": "a"}, {"track": 1, "start": 6, "end": 30, "crossfade_after": 0, "reason": "b"}]}"#
        let (report, _) = try await render(reply: reply, strict: true)
        let stage = try #require(report.stages.first { $0.id == "plan" })
        #expect(stage.status == .failed)
        #expect(stage.errorCode == "AI_INVALID_PLAN")
    }
}

import Foundation
import Mashup
import Pipeline
import Testing

@Suite("Lyrics, plan and plan-driven crossfade", .serialized)
struct PlanFlowTests {
    /// LRC text for a 60 s track: a line every 4 s, with a repeated chorus block.
    static func lrc(_ name: String) -> String {
        var lines: [String] = []
        for i in 0..<15 {
            let t = Double(i) * 4 + 2
            let chorus = (5...7).contains(i) || (11...13).contains(i)
            lines.append(String(format: "[%02d:%05.2f]%@", Int(t) / 60, t.truncatingRemainder(dividingBy: 60),
                                chorus ? "oh \(name) this is the chorus line \(i % 3)" : "\(name) verse line \(i)"))
        }
        return lines.joined(separator: "\n")
    }

    @Test("heuristic plan from inline lyrics: segments start and end on lyric lines, every track appears, total near target")
    func heuristicPlanRender() async throws {
        let h = try RenderHarness()
        for (i, f) in [220, 330, 440].enumerated() {
            try RenderHarness.ffmpeg(["-f", "lavfi", "-i", "sine=f=\(f):d=60", "-f", "lavfi", "-i", "anoisesrc=d=60:a=0.05",
                                      "-filter_complex", "amix=inputs=2", "-ac", "2", "\(h.dir)/t\(i).wav"])
            try Self.lrc("song\(i)").write(toFile: "\(h.dir)/t\(i).lrc", atomically: true, encoding: .utf8)
        }
        let m2 = try h.manifest("""
        version: 1
        name: planned
        stages:
          - id: track
            kind: source
            foreach: [{ a: t0.wav, l: t0.lrc }, { a: t1.wav, l: t1.lrc }, { a: t2.wav, l: t2.lrc }]
            path: ${item.a}
          - id: words
            kind: lyrics
            foreach: track
            lrc: ${item.l}
          - id: plan
            kind: plan
            tracks: [track]
            lyrics: [words]
            target_seconds: 60
            min_segment: 10
            max_segment: 30
          - id: mix
            kind: crossfade
            plan: plan
            tracks: [track]
        """, name: "m2.yaml")
        let report = await h.render(m2)
        #expect(report.succeeded, "\(report.stages.compactMap(\.error))")
        let planPath = try #require(h.outputPath(report, "plan", "plan"))
        let plan = try JSONDecoder().decode(MixPlan.self, from: Data(contentsOf: URL(fileURLWithPath: planPath)))
        #expect(Set(plan.segments.map(\.track)) == [0, 1, 2])
        for s in plan.segments {
            // A line ends at the next line's start or sooner, as its text allows (LineLength).
            let lines = try LRCParser().parse(Self.lrc("song\(s.track)"), duration: 60).lyrics.lines
            #expect(lines.contains { abs($0.start - s.start) <= 0.05 }, "segment start \(s.start) is not on a line")
            #expect(lines.contains { abs($0.end - s.end) <= 0.05 }, "segment end \(s.end) is not on a line")
        }
        let (format, samples) = try RenderHarness.samples(try #require(h.outputPath(report, "mix")))
        let seconds = Double(samples.count / format.channels) / Double(format.sampleRate)
        #expect(abs(seconds - 60) <= 6, "mix lasts \(seconds) s")
        #expect(abs(seconds - plan.totalSeconds) < 0.05)
        // Fully cached the second time, and the plan is not recomputed.
        let again = await h.render(m2)
        #expect(again.stages.allSatisfy { $0.status == .cached })
    }

    @Test("a plan stage with an LLM provider fails clearly offline and without a key")
    func llmWithoutKey() async throws {
        let h = try RenderHarness()
        try RenderHarness.ffmpeg(["-f", "lavfi", "-i", "sine=d=20", "-ac", "2", "\(h.dir)/t.wav"])
        let m = try h.manifest("""
        version: 1
        name: nokey
        stages:
          - { id: t, kind: source, path: t.wav }
          - { id: p, kind: plan, tracks: [t], provider: gemini, target_seconds: 15 }
        """)
        let report = await h.render(m)
        let p = try #require(report.stages.first { $0.id == "p" })
        #expect(p.status == .failed)
        #expect(p.errorCode == "AI_KEY_MISSING")
    }
}

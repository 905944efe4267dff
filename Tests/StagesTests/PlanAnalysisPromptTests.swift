// PlanAnalysisPromptTests: a plan stage with analyses and an LLM: the prompt carries tempo, Camelot and phrase starts,
// and the plan cuts on the analysed phrase starts with the bars the reply asked for. The LLM is a recording stub; the
// tracks are click patterns made by ffmpeg's aevalsrc; nothing here knows how the analysis works.
import Foundation
import Mashup
import Pipeline
import Stages
import Synchronization
import Testing

/// An LLM that always gives the same reply and keeps every request it was sent.
final class PromptRecordingLLM: LLMProvider {
    let reply: String
    let requests = Mutex<[LLMRequest]>([])
    init(reply: String) { self.reply = reply }
    var identity: String { "stub/recording" }
    func complete(_ request: LLMRequest) async throws -> String {
        requests.withLock { $0.append(request) }
        return reply
    }
}

@Suite("Plan stage with analyses and an LLM", .serialized)
struct PlanAnalysisPromptTests {
    /// Writes 40 s of a 4/4 kick-and-click pattern at `bpm`, the first beat of each bar twice as loud.
    static func clicks(bpm: Double, to path: String) throws {
        let beat = 60 / bpm, bar = 4 * beat
        let expr = "0.3*(1+lt(mod(t\\,\(bar))\\,\(beat)))*(sin(2*PI*55*t)*exp(-25*mod(t\\,\(beat)))"
            + "+0.4*sin(2*PI*1800*t)*exp(-120*mod(t\\,\(beat))))"
        try RenderHarness.ffmpeg(["-f", "lavfi", "-i", "aevalsrc=exprs='\(expr)':s=44100:d=40", "-ac", "2", path])
    }

    static let manifest = """
    version: 1
    name: analysed-llm
    stages:
      - id: track
        kind: source
        foreach: [t120.wav, t126.wav]
        path: ${item}
      - id: beats
        kind: analyze
        foreach: track
      - id: plan
        kind: plan
        tracks: [track]
        analysis: [beats]
        provider: gemini
        prompt: two drum loops, beat-matched
        target_seconds: 60
        min_segment: 10
        max_segment: 40
    """

    /// The reply: both segments start and end off the phrase grid, and ask for 2 bars of crossfade.
    static let reply = """
    {"title": "Clicks", "segments": [
      {"track": 0, "start": 7, "end": 37, "crossfade_after": 3, "crossfade_bars": 2, "reason": "the loop"},
      {"track": 1, "start": 9, "end": 38, "crossfade_after": 0, "reason": "the faster loop"}
    ]}
    """

    @Test("the prompt lists BPM, Camelot and phrase starts; cuts land on the analysed phrase starts; bars stay within the reply's 2")
    func analysedPlan() async throws {
        let h = try RenderHarness()
        try Self.clicks(bpm: 120, to: "\(h.dir)/t120.wav")
        try Self.clicks(bpm: 126, to: "\(h.dir)/t126.wav")
        let llm = PromptRecordingLLM(reply: Self.reply)
        let providers = StageProviders(llms: ["gemini": llm])
        let report = await h.render(try h.manifest(Self.manifest, providers: providers), providers: providers)
        #expect(report.succeeded, "\(report.stages.compactMap(\.error))")

        // The analyses, read from the analyze stages' artifacts (in track order).
        let analyzeStages = report.stages.filter { $0.kind == "analyze" }.sorted { $0.id < $1.id }
        try #require(analyzeStages.count == 2)
        let analyses = try analyzeStages.map { stage in
            let digest = try #require(stage.outputs["analysis"]?.digest)
            return try TrackAnalysis.decode(from: Data(contentsOf: URL(fileURLWithPath: h.cache.blobs.path(for: digest))))
        }
        #expect(abs(analyses[0].bpm - 120) < 0.5 && abs(analyses[1].bpm - 126) < 0.5, "\(analyses.map(\.bpm))")
        try #require(analyses.allSatisfy { $0.phrases.count >= 2 })

        // The prompt the model saw.
        let requests = llm.requests.withLock { $0 }
        try #require(requests.count == 1)
        let prompt = requests[0].userText
        for needle in ["BPM", "Camelot", "Phrase starts", "crossfadeBars"] {
            #expect(prompt.contains(needle), "the prompt lacks '\(needle)'")
        }
        #expect(prompt.contains("Camelot \(analyses[0].camelot)") && prompt.contains("Camelot \(analyses[1].camelot)"))
        #expect(prompt.contains("a bar lasts 2 s"), "120 BPM in 4/4: 2 s bars")

        // The plan stage's metadata: cuts on phrase starts (or a track's last downbeat) and transitions of at most 2 bars.
        let plan = try #require(report.stages.first { $0.id == "plan" })
        guard case .array(let cuts)? = plan.metadata["cuts"], case .array(let transitions)? = plan.metadata["transitions"] else {
            Issue.record("no cuts or transitions in the plan metadata: \(plan.metadata.keys.sorted())")
            return
        }
        try #require(cuts.count == 2 && transitions.count == 1, "\(cuts.count) cuts, \(transitions.count) transitions")
        for cut in cuts {
            guard case .object(let c) = cut, let track = c["track"]?.int, let start = c["start"]?.number, let end = c["end"]?.number else {
                Issue.record("malformed cut \(cut)")
                continue
            }
            let a = analyses[track]
            let edges = a.phrases + (a.downbeats.last.map { [$0] } ?? [])
            #expect(edges.contains { abs($0 - start) < 0.002 }, "track \(track): start \(start) is not a phrase start \(a.phrases)")
            #expect(edges.contains { abs($0 - end) < 0.002 }, "track \(track): end \(end) is not a phrase start \(a.phrases)")
        }
        // The reply's starts (7 s, 9 s) lie inside phrases: they move back to the phrase start at or before them.
        for (i, asked) in [(0, 7.0), (1, 9.0)] {
            guard case .object(let cut) = cuts[i], let start = cut["start"]?.number else { continue }
            let expected = analyses[i].phrases.last { $0 <= asked } ?? analyses[i].phrases[0]
            #expect(abs(start - expected) < 0.002, "cut \(i) starts at \(start); the phrase start at or before \(asked) s is \(expected)")
        }
        guard case .object(let t) = transitions[0] else {
            Issue.record("malformed transition \(transitions[0])")
            return
        }
        #expect(t["kind"]?.string == "beatmatch", "\(t["reason"]?.string ?? "")")
        let bars = try #require(t["bars"]?.int)
        #expect(bars >= 1 && bars <= 2, "\(bars) bars; \(t["reason"]?.string ?? "")")
        let seconds = try #require(t["seconds"]?.number)
        #expect(abs(seconds - Double(bars) * analyses[0].barSeconds) < 0.002)

        // The plan artifact agrees with the metadata.
        let planPath = try #require(h.outputPath(report, "plan", "plan"))
        let artifact = try JSONDecoder().decode(MixPlan.self, from: Data(contentsOf: URL(fileURLWithPath: planPath)))
        #expect(artifact.segments.map(\.track) == [0, 1])
        #expect((artifact.transitions?.first?.bars ?? 99) <= 2)
        #expect(abs(artifact.segments[0].crossfadeAfter - Double(artifact.transitions?.first?.bars ?? 0) * analyses[0].barSeconds) < 1e-6)
    }
}

// `plan`: asks an LLM (Gemini or an OpenAI-compatible API), or a deterministic heuristic, which
// segment of each track to use, then validates and repairs the plan. Knows no HTTP.
import Foundation
import Mashup
import Pipeline

/// Plans a mashup: ordered segments with crossfades, as a JSON artifact.
public struct PlanStage: StageImplementation {
    let llms: [String: any LLMProvider]
    let environment: [String: String]

    /// Creates the stage with the configured LLM providers.
    public init(llms: [String: any LLMProvider] = [:], environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.llms = llms
        self.environment = environment
    }

    /// The `plan` kind's declaration.
    public var spec: StageSpec {
        StageSpec(
            kind: "plan", doc: "Chooses one or more segments per track, their order and crossfades, with an LLM or the offline heuristic; the plan is validated and repaired.",
            fields: [
                FieldSpec("tracks", .references, required: true, doc: "the tracks (fetch or source stages), in order"),
                FieldSpec("lyrics", .references, doc: "each track's lyrics (or transcribe `lyrics` output), in the same order"),
                FieldSpec("provider", .choice(["heuristic", "gemini", "openai"]), default: .string("heuristic"), doc: "who plans: heuristic (offline, deterministic), gemini or openai"),
                FieldSpec("prompt", .string, default: .string(""), doc: "what the user asked for"),
                FieldSpec("title", .string, doc: "the mix title (default: the LLM's, or the manifest name)"),
                FieldSpec("target_seconds", .number(min: 10, max: 7200), default: .double(120), doc: "target total length"),
                FieldSpec("min_segment", .number(min: 1, max: 600), default: .double(14), doc: "shortest segment, seconds"),
                FieldSpec("max_segment", .number(min: 1, max: 3600), default: .double(70), doc: "longest segment, seconds"),
                FieldSpec("min_crossfade", .number(min: 0, max: 30), default: .double(0), doc: "shortest crossfade, seconds"),
                FieldSpec("max_crossfade", .number(min: 0, max: 30), default: .double(8), doc: "longest crossfade, seconds"),
                FieldSpec("min_lines", .integer(min: 1, max: 50), default: .int(2), doc: "fewest lyric lines in a segment (AI_TIMESTAMPED_MIN_LINES_PER_SEGMENT)"),
                FieldSpec("use_all_tracks", .bool, default: .bool(true), doc: "every track appears at least once"),
                FieldSpec("strict", .bool, default: .bool(false), doc: "fail (AI_INVALID_PLAN) instead of repairing an invalid LLM plan (AI_REQUIRE_LLM_TIMESTAMPED_PLAN)"),
                FieldSpec("analysis", .references, doc: "each track's analyze stage, in the same order: plan in bars and phrases, order the tracks, and choose beat-matched transitions"),
                FieldSpec("order", .choice(["auto", "fixed"]), default: .string("auto"),
                          doc: "with analysis: auto puts the tracks in the order with the closest tempos, keys and energies; fixed keeps them as given"),
                FieldSpec("max_crossfade_bars", .choice(["1", "2", "4", "8"]), default: .string("8"), doc: "with analysis: the longest crossfade, in bars of the outgoing track"),
                FieldSpec("key_match", .bool, default: .bool(false), doc: "with analysis: shift an incoming segment by up to 2 semitones when that makes the keys compatible"),
            ],
            outputs: ["plan"],
            check: { context in
                var problems: [FieldProblem] = []
                for field in ["lyrics", "analysis"] {
                    if let l = context.inputDurations[field], let t = context.inputDurations["tracks"], l.count != t.count {
                        problems.append(FieldProblem(field: field, message: "has \(l.count) entries but there are \(t.count) tracks; give one per track, in order"))
                    }
                }
                let s = context.settings
                if let a = s["min_segment"]?.number, let b = s["max_segment"]?.number, a > b {
                    problems.append(FieldProblem(field: "min_segment", message: "is longer than max_segment"))
                }
                if let a = s["min_crossfade"]?.number, let b = s["max_crossfade"]?.number, a > b {
                    problems.append(FieldProblem(field: "min_crossfade", message: "is longer than max_crossfade"))
                }
                return problems
            })
    }

    /// Version 2: plans with analyses (phrases, bar transitions, track order).
    public var version: Int { 2 }

    /// The LLM's identity (provider and model) decides the plan too.
    public func externalIngredients(_ context: StageKeyContext) async throws -> [Ingredient] {
        let provider = context.stage.settings["provider"]?.string ?? "heuristic"
        guard provider != "heuristic" else { return [] }
        return [Ingredient("llm", llms[provider]?.identity ?? provider)]
    }

    /// Builds the tracks, plans, repairs, and writes the plan JSON.
    public func run(_ context: StageContext) async throws -> StageResult {
        let id = context.stage.id
        let trackInputs = context.inputs("tracks")
        let lyricInputs = context.inputs("lyrics")
        let analysisInputs = context.inputs("analysis")
        let provider = context.string("provider") ?? "heuristic"
        let needsEnergy = provider == "heuristic"
        let cancellation = context.cancellation
        let tracks = try await Blocking.run { () throws -> [PlanTrack] in
            try trackInputs.enumerated().map { i, input in
                let lyricsInput = i < lyricInputs.count ? lyricInputs[i] : nil
                var lyrics: TimedLyrics?
                if let l = lyricsInput { lyrics = try TimedLyrics.decode(from: Data(contentsOf: URL(fileURLWithPath: l.path))) }
                let energy = needsEnergy ? try SegmentCutter.energy(input: input.path) { try cancellation.check() } : nil
                let duration = input.metadata["duration"]?.number ?? energy.map { Double($0.count) } ?? 0
                let title = lyricsInput?.metadata["title"]?.string ?? input.metadata["title"]?.string ?? input.binding.stage
                let artist = lyricsInput?.metadata["artist"]?.string ?? input.metadata["artist"]?.string ?? ""
                var analysis: TrackAnalysis?
                if i < analysisInputs.count {
                    let a = analysisInputs[i]
                    do {
                        analysis = try TrackAnalysis.decode(from: Data(contentsOf: URL(fileURLWithPath: a.path)))
                    } catch {
                        throw StageFailure(code: .invalidSettings, message: "stage \(id): \(a.binding.stage) is not an analyze stage (its output is not a track analysis)")
                    }
                }
                return PlanTrack(title: title, artist: artist, duration: duration, lyrics: lyrics, energy: energy, analysis: analysis)
            }
        }
        let analysed = tracks.contains { $0.analysis != nil }
        let orderer = TrackOrderer()
        var order: PlanOrder?
        if analysed {
            if context.string("order") == "fixed" {
                let given = Array(tracks.indices), cost = orderer.cost(of: given, analyses: tracks.map(\.analysis))
                order = PlanOrder(tracks: given, fixed: true, cost: cost, givenCost: cost)
            } else {
                order = orderer.order(tracks.map(\.analysis))
            }
        }
        let constraints = PlanConstraints(
            targetSeconds: context.double("target_seconds") ?? 120,
            minSegment: context.double("min_segment") ?? 14, maxSegment: context.double("max_segment") ?? 70,
            minCrossfade: context.double("min_crossfade") ?? 0, maxCrossfade: context.double("max_crossfade") ?? 8,
            minLinesPerSegment: context.int("min_lines") ?? 2, useAllTracks: context.bool("use_all_tracks") ?? true).normalized
        let strict = context.bool("strict") ?? (environment["AI_REQUIRE_LLM_TIMESTAMPED_PLAN"]?.lowercased() == "true")
        let title = context.string("title")
        var result: PlanRepairResult
        do {
            if provider == "heuristic" {
                result = try HeuristicPlanner(constraints: constraints).plan(tracks: tracks, title: title ?? context.manifestName)
                if let order { result.plan.segments = Self.reordered(result.plan.segments, by: order.tracks) }
            } else {
                guard !context.offline else {
                    throw StageFailure(code: .offline, message: "stage \(id) needs the network (\(provider)), but the render is --offline and its plan is not in the cache")
                }
                guard let llm = llms[provider] else {
                    throw StageFailure(code: StageFailure.Code(rawValue: "AI_KEY_MISSING"), message: "stage \(id): the \(provider) planner is not configured (set its API key)")
                }
                let request = PlanPromptBuilder().planRequest(prompt: context.string("prompt") ?? "", tracks: tracks, constraints: constraints,
                                                              order: order?.tracks)
                let reply = try await llm.complete(request)
                let reading = try MixPlan.read(llmReply: reply, defaultCrossfade: constraints.defaultCrossfade)
                var plan = reading.plan
                if let title { plan.title = title }
                result = try PlanRepairer(constraints: constraints).repair(plan, tracks: tracks, strict: strict, notes: reading.notes)
            }
        } catch let e as MashupError {
            throw StageFailure(code: StageFailure.Code(rawValue: e.code.rawValue), message: "stage \(id): \(e.message)")
        }
        if analysed {
            let bars = Int(context.string("max_crossfade_bars") ?? "8") ?? 8
            result = MusicalPlanner(constraints: constraints, maxBars: bars, keyMatch: context.bool("key_match") ?? false)
                .apply(result, tracks: tracks, order: order)
        }
        context.progress(1)
        let output = context.workPath("plan.json")
        try result.plan.jsonData().write(to: URL(fileURLWithPath: output))
        return StageResult(outputs: ["plan": ProducedFile(path: output, kind: .json)], metadata: [
            "title": .string(result.plan.title), "segments": .int(result.plan.segments.count),
            "duration": .double(result.plan.totalSeconds), "provider": .string(provider),
            "repairs": .array(result.notes.map { .string($0.message) }),
        ].merging(Self.musicalMetadata(result.plan, tracks: tracks)) { a, _ in a })
    }

    /// Segments put in the order's track sequence: first every track's first segment, then every second one, and so on.
    static func reordered(_ segments: [PlanSegment], by order: [Int]) -> [PlanSegment] {
        let rank = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        var seen: [Int: Int] = [:]
        let keyed = segments.map { s -> (Int, Int, PlanSegment) in
            let k = seen[s.track, default: 0]
            seen[s.track] = k + 1
            return (k, rank[s.track] ?? Int.max, s)
        }
        return keyed.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
    }

    /// The transitions and order for the stage metadata (and so for `render --json`).
    static func musicalMetadata(_ plan: MixPlan, tracks: [PlanTrack]) -> [String: Value] {
        guard let transitions = plan.transitions else { return [:] }
        var out: [String: Value] = [:]
        var list: [Value] = []
        for (i, t) in transitions.enumerated() {
            var entry: [String: Value] = [:]
            entry["from"] = .string(tracks[plan.segments[i].track].title)
            entry["to"] = .string(tracks[plan.segments[i + 1].track].title)
            entry["kind"] = .string(t.kind.rawValue)
            entry["bars"] = .int(t.bars)
            entry["seconds"] = .double((t.seconds * 1000).rounded() / 1000)
            entry["tempo_ratio"] = .double((t.tempoRatio * 10000).rounded() / 10000)
            entry["key_relation"] = .string(t.keyRelation.rawValue)
            entry["semitones"] = .int(t.semitones)
            entry["reason"] = .string(t.reason)
            list.append(.object(entry))
        }
        out["transitions"] = .array(list)
        out["cuts"] = .array(plan.segments.map { s in
            .object(["track": .int(s.track), "title": .string(tracks[s.track].title),
                     "start": .double((s.start * 1000).rounded() / 1000), "end": .double((s.end * 1000).rounded() / 1000)])
        })
        if let order = plan.order {
            out["order"] = .array(order.tracks.map { .string(tracks[$0].title) })
            out["order_cost"] = .double(order.cost)
        }
        return out
    }
}

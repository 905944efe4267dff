// The bounds on manifest expansion: the instance cap, the deadline, deep YAML nesting, and the
// graph sort's order and cost on large graphs.
import Foundation
import Testing
@testable import Pipeline
import Stages

@Suite("Manifest expansion limits")
struct ExpansionLimitTests {
    /// One `foreach` over `items` uploads plus `paired` loudness stages that `foreach:` over it.
    static func fanOut(items: Int, paired: Int) -> String {
        var y = "version: 1\nname: big\nstages:\n  - id: clips\n    kind: source\n    foreach: ["
        y += (0..<items).map { "u\($0)" }.joined(separator: ", ")
        y += "]\n    upload: ${item}\n"
        for i in 0..<paired { y += "  - id: s\(i)\n    kind: loudness\n    foreach: clips\n" }
        return y
    }

    func load(_ yaml: String, limits: ManifestLimits = ManifestLimits()) -> Result<Manifest, ManifestError> {
        do throws(ManifestError) {
            return .success(try ManifestLoader(registry: StageCatalog.standard(), limits: limits).load(yaml: yaml, file: "m.yaml", directory: "/tmp"))
        } catch {
            return .failure(error)
        }
    }

    @Test("past 2,000 instances the manifest is refused at the declaration that passes the cap")
    func cap() throws {
        // 1,000 sources + 999 paired = 1,999 instances: accepted.
        guard case .success(let ok) = load(Self.fanOut(items: 1_000, paired: 1)) else { Issue.record("a 2,000-instance manifest must load"); return }
        #expect(ok.graph.stages.count == 2_000)
        guard case .failure(let error) = load(Self.fanOut(items: 1_000, paired: 2)) else { Issue.record("3,000 instances must be refused"); return }
        #expect(error.code == .tooComplex)
        let issue = try #require(error.issues.first)
        #expect(error.issues.count == 1)
        #expect(issue.field == "stages.s1.foreach")
        #expect(issue.location.line == 13 && issue.location.column == 14, "\(issue)")
        #expect(issue.message.contains("more than 2000 stage instances"))
        // The builder enforces the same cap where the event-stream precheck is not used.
        let builder = ManifestBuilder(registry: StageCatalog.standard(), overrides: [:], file: "m.yaml", limits: ManifestLimits())
        #expect(builder.build(try ManifestNode.parse(yaml: Self.fanOut(items: 1_000, paired: 2), file: "m.yaml")) == nil)
        #expect(builder.tooComplex == issue, "\(String(describing: builder.tooComplex))")
        // A raised cap admits it.
        if case .failure(let e) = load(Self.fanOut(items: 1_000, paired: 2), limits: ManifestLimits(maxStageInstances: 3_000)) {
            Issue.record("a raised cap must admit 3,000 instances: \(e)")
        }
    }

    @Test("a 250 KB manifest that would expand to millions of instances is refused at once")
    func hugeFanOut() {
        let yaml = Self.fanOut(items: 1_000, paired: 4_800)
        #expect(yaml.utf8.count > 200_000 && yaml.utf8.count < 262_144)
        let started = ContinuousClock.now
        guard case .failure(let error) = load(yaml) else { Issue.record("must be refused"); return }
        let elapsed = ContinuousClock.now - started
        #expect(error.code == .tooComplex)
        #expect(error.issues.first?.field == "stages.s1.foreach")
        #expect(elapsed < .seconds(2), "took \(elapsed)")
    }

    @Test("the event-stream precheck counts only foreach lists: other lists, ids that are not strings and unknown kinds do not count")
    func precheckCounts() {
        let kinds = Set(StageCatalog.standard().kinds)
        var y = Self.fanOut(items: 1_000, paired: 0)
        y += "  - id: mix\n    kind: crossfade\n    foreach: clips\n    inputs: [" + (0..<3_000).map { _ in "clips[0]" }.joined(separator: ", ") + "]\n"
        y += "  - id: true\n    kind: loudness\n    foreach: clips\n"
        y += "  - id: other\n    kind: nonesuch\n    foreach: clips\n"
        #expect(ExpansionPrecheck.firstOverCap(y, kinds: kinds, cap: 2_000) == nil)
        // The same fan-out as JSON (flow style) is counted too.
        let json = "{\"version\": 1, \"name\": \"j\", \"stages\": [{\"id\": \"c\", \"kind\": \"source\", \"foreach\": ["
            + (0..<1_000).map { "\"u\($0)\"" }.joined(separator: ", ") + "], \"upload\": \"${item}\"}, "
            + "{\"id\": \"a\", \"kind\": \"loudness\", \"foreach\": \"c\"}, {\"id\": \"b\", \"kind\": \"loudness\", \"foreach\": \"c\"}]}"
        let over = ExpansionPrecheck.firstOverCap(json, kinds: kinds, cap: 2_000)
        #expect(over?.stage == "b" && over?.total == 3_000)
    }

    @Test("past the deadline validation stops with a located issue")
    func deadline() throws {
        let limits = ManifestLimits(maxStageInstances: 1_000_000, deadline: .now - .seconds(1))
        guard case .failure(let error) = load(Self.fanOut(items: 1_000, paired: 50), limits: limits) else { Issue.record("must stop"); return }
        #expect(error.code == .tooComplex)
        let issue = try #require(error.issues.first)
        #expect(issue.message.contains("time allowed"))
        #expect(issue.location.line >= 1 && issue.location.column >= 1 && issue.field.hasPrefix("stages"))
    }

    @Test("a list field reading a whole foreach stage counts each item against the binding cap")
    func bindings() throws {
        var y = Self.fanOut(items: 1_000, paired: 0)
        for i in 0..<30 { y += "  - id: m\(i)\n    kind: crossfade\n    inputs: clips\n    duration: 1\n" }
        guard case .failure(let error) = load(y, limits: ManifestLimits(maxInputBindings: 20_000)) else { Issue.record("must be refused"); return }
        #expect(error.code == .tooComplex)
        #expect(error.issues.first?.field == "stages.m19.inputs", "\(error)")
    }

    @Test("YAML nested deeper than 64 levels is refused before it is composed")
    func deepNesting() throws {
        for (text, line) in [("version: 1\nname: x\nstages: " + String(repeating: "[", count: 100_000), 3),
                             ("version: 1\nname: x\nstages:\n" + String(repeating: "- ", count: 50_000) + "a\n", 4),
                             ("version: 1\nname: x\nstages: " + String(repeating: "{a: ", count: 20_000), 3)] {
            guard case .failure(let error) = load(text) else { Issue.record("must be refused"); continue }
            let issue = try #require(error.issues.first)
            #expect(issue.message.contains("nests more than 64 levels"), "\(issue)")
            #expect(issue.location.line == line)
        }
        // Brackets inside quoted scalars and comments do not count.
        let quoted = "version: 1\nname: \"\(String(repeating: "[", count: 200))\" # \(String(repeating: "{", count: 200))\nstages: []\n"
        guard case .failure(let error) = load(quoted) else { Issue.record("has no stages"); return }
        #expect(!error.description.contains("nests"), "\(error)")
    }
}

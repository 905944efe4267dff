// Fuzzes the manifest loader and validator with the real stage registry: mutated example manifests and
// fixtures plus grammar-made ones. No input may crash, hang, or be refused without a location and field.
import Foundation
import Testing
@testable import Pipeline
import Stages

@Suite("Manifest fuzzing")
struct ManifestFuzzTests {
    /// Messages about the whole document, which name no field.
    static let documentLevel = ["YAML syntax error", "cannot read", "the manifest is empty", "the YAML nests", "a manifest must be a mapping",
                                "YAML aliases", "mapping keys must be", "YAML error"]

    /// The example manifests and the invalid fixtures.
    static func corpus() -> [String] {
        (Fixtures.examples + Fixtures.invalid).compactMap { try? String(contentsOf: $0, encoding: .utf8) }
    }

    /// Inputs to run: `INTELLIMIX_FUZZ_INPUTS`, else 20,000; seed `INTELLIMIX_FUZZ_SEED`, else fixed.
    static var inputs: Int { ProcessInfo.processInfo.environment["INTELLIMIX_FUZZ_INPUTS"].flatMap { Int($0) } ?? 20_000 }
    static var seed: UInt64 { ProcessInfo.processInfo.environment["INTELLIMIX_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x1A7E_11A1_F022 }

    /// Lines as YAML counts them (LF, CRLF, CR, NEL, LS and PS end a line).
    static func lineCount(_ text: String) -> Int {
        var lines = 1
        var previous: Unicode.Scalar?
        for c in text.unicodeScalars {
            if ["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"].contains(c) && !(c == "\n" && previous == "\r") { lines += 1 }
            previous = c
        }
        return lines
    }

    /// Keeps a failing input in the temporary folder (`intellimix-fuzz/input-N.yaml`), to reproduce it.
    static func keep(_ text: String, _ n: Int) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("intellimix-fuzz")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try? Data(text.utf8).write(to: dir.appendingPathComponent("input-\(n).yaml"))
    }

    @Test("no crash, no hang, every rejection located with a field")
    func fuzz() throws {
        let registry = StageCatalog.standard()
        let fields = Array(Set(registry.kinds.compactMap { registry.spec($0) }.flatMap { $0.fields.map(\.name) })).sorted()
        let corpus = Self.corpus()
        try #require(corpus.count >= 10)
        var mutator = ManifestMutator(seed: Self.seed, corpus: corpus, kinds: registry.kinds, fields: fields)
        let loader = ManifestLoader(registry: registry)
        var rejected = 0, accepted = 0, failures = 0
        var slowest: (Duration, Int) = (.zero, -1)
        let started = ContinuousClock.now
        for n in 0..<Self.inputs {
            let text = mutator.next()
            let t0 = ContinuousClock.now
            let result: ManifestError?
            do throws(ManifestError) {
                let m = try loader.load(yaml: text, file: "fuzz.yaml", directory: "/tmp")
                #expect(m.graph.stages.count <= loader.limits.maxStageInstances)
                result = nil
            } catch {
                result = error
            }
            let took = ContinuousClock.now - t0
            if took > slowest.0 { slowest = (took, n) }
            if took > .seconds(2) {
                failures += 1
                Self.keep(text, n)
                Issue.record("input \(n) took \(took):\n\(text.prefix(2000))")
            }
            guard let error = result else { accepted += 1; continue }
            rejected += 1
            let lines = Self.lineCount(text)
            if error.issues.isEmpty { failures += 1; Self.keep(text, n); Issue.record("input \(n): a rejection without issues:\n\(text.prefix(2000))") }
            for issue in error.issues {
                let located = issue.location.line >= 1 && issue.location.column >= 1 && issue.location.line <= lines
                let fielded = !issue.field.isEmpty || Self.documentLevel.contains { issue.message.hasPrefix($0) }
                if !located || !fielded {
                    failures += 1
                    Self.keep(text, n)
                    Issue.record("input \(n): unlocated or unnamed issue '\(issue)':\n\(text.prefix(2000))")
                }
            }
            if failures > 20 { break }
        }
        let total = ContinuousClock.now - started
        print("manifest fuzz: \(Self.inputs) inputs (seed \(Self.seed)), \(accepted) accepted, \(rejected) rejected, \(failures) failures; "
              + "slowest input #\(slowest.1) \(slowest.0); total \(total)")
    }
}

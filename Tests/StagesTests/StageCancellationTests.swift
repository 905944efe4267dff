// A cancelled render interrupts its running stage between chunks: the stage fails with CANCELLED
// within a second, its work folder is removed, and the cache gets neither an entry nor a blob from it.
import Foundation
import Logging
import Pipeline
import Stages
import Synchronization
import Testing

@Suite("Stage cancellation", .serialized)
struct StageCancellationTests {
    /// What the render reported, as it happened.
    final class Trace: Sendable {
        let started = Mutex<[String: ContinuousClock.Instant]>([:])
        let progress = Mutex<[String: Double]>([:])
    }

    /// Four minutes of mono noise, made once per run: long enough that every stage below takes seconds.
    static let longAudio: Result<String, any Error> = Result {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("im-cancel-\(UUID().uuidString).flac").path
        try RenderHarness.ffmpeg(["-f", "lavfi", "-i", "anoisesrc=d=240:c=pink:a=0.2:r=22050", "-ac", "1", "-c:a", "flac",
                                  "-compression_level", "0", path])
        return path
    }

    @Test("a long stage stops mid-way when its render's task is cancelled, and nothing of it is stored",
          arguments: ["whole", "mix", "loud"])
    func interruptsRunningStage(target: String) async throws {
        let h = try RenderHarness()
        defer { try? FileManager.default.removeItem(atPath: h.dir) }
        try FileManager.default.copyItem(atPath: try Self.longAudio.get(), toPath: "\(h.dir)/long.flac")
        let m = try h.manifest("""
        version: 1
        name: long
        stages:
          - { id: src, kind: source, path: long.flac }
          - { id: whole, kind: cut, input: src, start: 0, end: 240 }
          - { id: mix, kind: crossfade, inputs: [whole, whole], duration: 2 }
          - { id: loud, kind: loudness, input: mix }
          - { id: out, kind: encode, input: loud, format: mp3 }
        """)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let runner = PipelineRunner(registry: StageCatalog.standard(), cache: h.cache, logger: logger)
        let trace = Trace()
        let options = RenderOptions(jobs: 1, outputDirectory: "\(h.dir)/out")
        let render = Task {
            await runner.render(m, options: options) { event in
                switch event {
                case .started(let id): trace.started.withLock { $0[id] = .now }
                case .progress(let id, let p): trace.progress.withLock { $0[id] = p }
                default: break
                }
            }
        }
        // Cancel once the target stage is well under way (some progress, far from done).
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline, (trace.progress.withLock { $0[target] } ?? 0) < 0.05 {
            try await Task.sleep(for: .milliseconds(10))
        }
        let cancelledAt = ContinuousClock.now
        render.cancel()
        let report = await render.value
        let latency = cancelledAt.duration(to: .now)

        let stage = try #require(report.stages.first { $0.id == target })
        #expect(stage.status == .failed && stage.errorCode == "CANCELLED", "\(stage.status) \(stage.errorCode ?? "") \(stage.error ?? "")")
        #expect(latency < .seconds(1), "the render ended \(latency) after the cancel")
        #expect((trace.progress.withLock { $0[target] } ?? 1) < 1, "the stage was interrupted mid-way")
        #expect(trace.started.withLock { $0["out"] } == nil, "no later stage starts")
        #expect(!report.succeeded)
        // No entry and no blob from the interrupted stage; its staging folder is gone.
        let entries = h.cache.listActions().map(\.entry)
        #expect(!entries.contains { $0.stageId == target || $0.stageId == "out" })
        let stored = Set(entries.flatMap { $0.outputs.values.map(\.digest) })
        #expect(Set(h.cache.blobs.list().map(\.digest)) == stored, "every blob belongs to a finished stage's entry")
        let work = (try? FileManager.default.contentsOfDirectory(atPath: "\(h.cache.root)/tmp")) ?? []
        #expect(work.filter { $0.hasPrefix("work-") }.isEmpty, "\(work)")
    }

    @Test("StageCancellation.check throws CANCELLED once cancel() is called")
    func flag() throws {
        let flag = StageCancellation()
        #expect(!flag.isCancelled)
        try flag.check()
        flag.cancel()
        #expect(flag.isCancelled)
        #expect(throws: StageFailure.self) { try flag.check() }
    }
}

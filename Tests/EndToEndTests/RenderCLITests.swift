import Foundation
import Testing

@Suite("intellimix CLI end to end", .serialized)
struct RenderCLITests {
    @Test("a second render is all cached; changing one crossfade reruns only it and what follows")
    func cachedRerender() throws {
        let w = try Workspace()
        let first = try w.intellimix(["render", "clip-mix.yaml", "--json", "--out", "out"])
        #expect(first.status == 0, "\(first.stderr)")
        // clip_file[3] reads the same file as clip_file[0]: same key, so it may already be cached.
        #expect(Set(first.statuses.values).isSubset(of: ["ran", "cached"]))
        #expect(first.statuses.count == 10)
        #expect(first.statuses.filter { $0.key != "clip_file[3]" }.values.allSatisfy { $0 == "ran" })
        #expect(FileManager.default.fileExists(atPath: "\(w.dir)/out/clip-mix.mp3"))

        let second = try w.intellimix(["render", "clip-mix.yaml", "--json", "--out", "out"])
        #expect(second.status == 0)
        #expect(Set(second.statuses.values) == ["cached"], "\(second.statuses)")
        #expect(second.keys == first.keys)

        let explain = try w.intellimix(["explain", "clip-mix.yaml", "--set", "crossfade=2"])
        #expect(explain.stdout.contains("merged.duration 3 -> 2"))
        #expect(explain.stdout.contains("8 cached, 2 would run"))

        let changed = try w.intellimix(["render", "clip-mix.yaml", "--json", "--out", "out", "--set", "crossfade=2"])
        #expect(changed.status == 0)
        let ran = Set(changed.statuses.filter { $0.value == "ran" }.keys)
        #expect(ran == ["merged", "mp3"])
    }

    @Test("cache keys are the same in separate processes: explain --json agrees with render --json")
    func keysStableAcrossProcesses() throws {
        let w = try Workspace()
        let render = try w.intellimix(["render", "two-song-crossfade.yaml", "--json"])
        #expect(render.status == 0, "\(render.stderr)")
        let plan = try w.intellimix(["explain", "two-song-crossfade.yaml", "--json"])
        let items = (try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8))) as? [[String: Any]] ?? []
        #expect(items.count == 6)
        for item in items {
            let id = item["id"] as? String ?? ""
            #expect(item["decision"] as? String == "cached")
            #expect(item["key"] as? String == render.keys[id], "key of \(id)")
        }
    }

    @Test("two renders sharing one cache at the same time both succeed with identical output")
    func concurrentRenders() throws {
        let w = try Workspace()
        final class Box: @unchecked Sendable {
            let lock = NSLock()
            var outputs: [CLIResult?] = [nil, nil]
        }
        let box = Box()
        let threads = (0..<2).map { i in
            Thread {
                let r = try? w.intellimix(["render", "two-song-crossfade.yaml", "--json", "--out", "out\(i)"])
                box.lock.lock(); box.outputs[i] = r; box.lock.unlock()
            }
        }
        threads.forEach { $0.start() }
        var outputs: [CLIResult?] = []
        while true {
            box.lock.lock(); outputs = box.outputs; box.lock.unlock()
            if outputs.allSatisfy({ $0 != nil }) { break }
            usleep(20_000)
        }
        for r in outputs { #expect(r?.status == 0, "\(r?.stderr ?? "")") }
        let a = try Data(contentsOf: URL(fileURLWithPath: "\(w.dir)/out0/two-song-crossfade.mp3"))
        let b = try Data(contentsOf: URL(fileURLWithPath: "\(w.dir)/out1/two-song-crossfade.mp3"))
        #expect(a == b)
        // The cache is intact: a third render is served entirely from it.
        let third = try w.intellimix(["render", "two-song-crossfade.yaml", "--json", "--out", "out2"])
        #expect(Set(third.statuses.values) == ["cached"])
    }

    @Test("exit codes: 2 for an invalid manifest or arguments, 1 for a failed stage")
    func exitCodes() throws {
        let w = try Workspace()
        try "version: 1\nname: x\nstages:\n  - id: a\n    kind: sorce\n".write(toFile: "\(w.dir)/bad.yaml", atomically: true, encoding: .utf8)
        let invalid = try w.intellimix(["validate", "bad.yaml"])
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("bad.yaml:5:11: error: stages.a.kind: unknown stage kind 'sorce' (did you mean 'source'?)"))
        #expect(try w.intellimix(["render", "bad.yaml"]).status == 2)
        #expect(try w.intellimix(["render", "two-song-crossfade.yaml", "--jobs", "0"]).status == 2)
        #expect(try w.intellimix(["render", "two-song-crossfade.yaml", "--no-such-flag"]).status == 2)
        #expect(try w.intellimix(["render", "missing.yaml"]).status == 2)

        try "version: 1\nname: y\nstages:\n  - { id: a, kind: source, path: nope.wav }\n".write(toFile: "\(w.dir)/fail.yaml", atomically: true, encoding: .utf8)
        let failed = try w.intellimix(["render", "fail.yaml"])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("source file 'nope.wav' not found"))
    }

    @Test("render --dry-run prints the plan and writes nothing; graph prints DOT and Mermaid")
    func dryRunAndGraph() throws {
        let w = try Workspace()
        let dry = try w.intellimix(["render", "loudness-opus.yaml", "--dry-run", "--out", "out"])
        #expect(dry.status == 0)
        #expect(dry.stdout.contains("0 cached, 9 would run"))
        #expect(!FileManager.default.fileExists(atPath: "\(w.dir)/out"))
        let dot = try w.intellimix(["graph", "loudness-opus.yaml"])
        #expect(dot.stdout.contains("\"mix\" -> \"loud\""))
        let mermaid = try w.intellimix(["graph", "loudness-opus.yaml", "--format", "mermaid"])
        #expect(mermaid.stdout.hasPrefix("flowchart LR"))
    }

    @Test("cache gc --dry-run lists what it would delete; gc keeps what the latest render uses")
    func gc() throws {
        let w = try Workspace()
        #expect(try w.intellimix(["render", "two-song-crossfade.yaml"]).status == 0)
        #expect(try w.intellimix(["render", "two-song-crossfade.yaml", "--set", "crossfade=5"]).status == 0)
        let dry = try w.intellimix(["cache", "gc", "--max-size", "1", "--dry-run"])
        #expect(dry.status == 0)
        #expect(dry.stdout.contains("would delete entry"))
        let before = try w.intellimix(["cache", "du"])
        #expect(try w.intellimix(["cache", "gc", "--max-size", "1"]).status == 0)
        let after = try w.intellimix(["cache", "du"])
        #expect(before.stdout != after.stdout)
        // The latest render (crossfade=5) is still fully cached; the older one is not.
        let latest = try w.intellimix(["render", "two-song-crossfade.yaml", "--set", "crossfade=5", "--json"])
        #expect(Set(latest.statuses.values) == ["cached"])
        let older = try w.intellimix(["explain", "two-song-crossfade.yaml"])
        #expect(older.stdout.contains("would run"))
    }
}

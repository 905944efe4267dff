import Testing
@testable import Pipeline

@Suite("Stage graph")
struct GraphTests {
    func stage(_ id: String, _ deps: [String]) -> StageInstance {
        StageInstance(id: id, declarationId: id, kind: "k", index: nil, settings: [:],
                      inputs: deps.enumerated().map { InputBinding(field: "inputs", position: $0, stage: $1, output: "audio") },
                      location: SourceLocation(file: "m", line: 1, column: 1))
    }

    @Test("orders dependencies first and keeps declaration order among independent stages")
    func ordering() throws {
        let g = try StageGraph(instances: [stage("mix", ["b", "a"]), stage("a", []), stage("b", []), stage("out", ["mix"])])
        #expect(g.stages.map(\.id) == ["a", "b", "mix", "out"])
        #expect(g.dependents["a"] == ["mix"])
        #expect(g.downstream(of: "a") == ["mix", "out"])
    }

    @Test("reports a cycle with its path")
    func cycle() {
        #expect(throws: StageGraph.Cycle(path: ["a", "b", "c", "a"])) {
            try StageGraph(instances: [stage("a", ["c"]), stage("b", ["a"]), stage("c", ["b"]), stage("x", [])])
        }
    }

    @Test("DOT and Mermaid list every node and edge")
    func rendering() throws {
        let g = try StageGraph(instances: [stage("a", []), stage("b", ["a"])])
        let dot = g.dot(name: "demo")
        #expect(dot.contains("\"a\" -> \"b\""))
        #expect(dot.hasPrefix("digraph \"demo\""))
        let mermaid = g.mermaid()
        #expect(mermaid.contains("s0 -->|inputs| s1"))
    }
}

@Suite("Scheduler state machine")
struct SchedulerTests {
    let g = GraphTests()

    @Test("independent stages start together up to the parallel limit")
    func parallel() throws {
        let graph = try StageGraph(instances: [g.stage("a", []), g.stage("b", []), g.stage("c", []), g.stage("mix", ["a", "b", "c"])])
        var m = SchedulerState(graph: graph, maxParallel: 2, keepGoing: false)
        #expect(m.start() == [.start("a"), .start("b")])
        #expect(m.succeeded("b") == [.start("c")])
        #expect(m.succeeded("a") == [])
        #expect(m.succeeded("c") == [.start("mix")])
        #expect(m.succeeded("mix") == [.finished])
    }

    @Test("a failure skips dependents and stops new work without keep-going")
    func failureStops() throws {
        let graph = try StageGraph(instances: [g.stage("a", []), g.stage("b", []), g.stage("x", ["a"]), g.stage("y", ["b"])])
        var m = SchedulerState(graph: graph, maxParallel: 2, keepGoing: false)
        #expect(m.start() == [.start("a"), .start("b")])
        let actions = m.failed("a")
        #expect(actions.first == .skip("x", because: "depends on failed stage a"))
        // b is still running; y waits on it and is skipped at once, since the render is stopping.
        #expect(actions.contains(.skip("y", because: "render stopped after a failure")))
        #expect(m.states["y"] == .skipped(because: "render stopped after a failure (use --keep-going to run independent stages)"))
        #expect(m.succeeded("b") == [.finished])
    }

    @Test("keep-going runs every branch that does not depend on the failure")
    func keepGoing() throws {
        let graph = try StageGraph(instances: [g.stage("a", []), g.stage("b", []), g.stage("x", ["a"]), g.stage("y", ["b"]), g.stage("z", ["x", "y"])])
        var m = SchedulerState(graph: graph, maxParallel: 1, keepGoing: true)
        #expect(m.start() == [.start("a")])
        let actions = m.failed("a")
        #expect(actions == [.skip("x", because: "depends on failed stage a"), .skip("z", because: "depends on failed stage a"), .start("b")])
        #expect(m.succeeded("b") == [.start("y")])
        #expect(m.succeeded("y") == [.finished])
    }
}

// The render DAG: stage instances in a topological order, with edges both ways.
// Pure data and pure algorithms (ordering, cycle finding, DOT/Mermaid); no I/O.
import Foundation

/// A directed acyclic graph of stage instances.
public struct StageGraph: Sendable {
    /// The stages in a topological order (dependencies first, ties in declaration order).
    public let stages: [StageInstance]
    /// Position of each stage id in `stages`.
    public let position: [String: Int]
    /// For each stage id, the ids of the stages that read it.
    public let dependents: [String: [String]]

    /// A cycle found while ordering: the ids along it, the first repeated at the end.
    public struct Cycle: Error, Sendable, Equatable, CustomStringConvertible {
        /// The path, such as `["a", "b", "a"]`.
        public var path: [String]
        /// `a -> b -> a`.
        public var description: String { path.joined(separator: " -> ") }
    }

    /// Orders the instances; throws the first cycle found.
    public init(instances: [StageInstance]) throws(Cycle) {
        let edges = Dictionary(instances.map { ($0.id, $0.dependencies) }, uniquingKeysWith: { a, _ in a })
        let order = try StageGraph.topologicalOrder(nodes: instances.map(\.id), edges: edges)
        let byId = Dictionary(instances.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        stages = order.map { byId[$0]! }
        position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        var deps: [String: [String]] = [:]
        for s in stages { for d in s.dependencies { deps[d, default: []].append(s.id) } }
        dependents = deps
    }

    /// The stage with this id.
    public subscript(id: String) -> StageInstance? { position[id].map { stages[$0] } }

    /// Every stage that depends on `id`, directly or not, in topological order.
    public func downstream(of id: String) -> [String] {
        var seen = Set<String>(), stack = [id]
        while let next = stack.popLast() {
            for d in dependents[next] ?? [] where seen.insert(d).inserted { stack.append(d) }
        }
        return stages.map(\.id).filter(seen.contains)
    }

    /// Kahn's algorithm, stable in the given node order; edges map a node to what it depends on.
    ///
    /// Among the nodes ready at each step the earliest in `nodes` goes first (a binary min-heap of positions), so the
    /// order is deterministic and the cost O((n + e) log n).
    public static func topologicalOrder(nodes: [String], edges: [String: [String]]) throws(Cycle) -> [String] {
        try topologicalOrder(nodes: nodes, edges: edges, counter: nil)
    }

    /// `topologicalOrder(nodes:edges:)` that adds each heap comparison to `counter`, for complexity tests.
    static func topologicalOrder(nodes: [String], edges: [String: [String]], counter: UnsafeMutablePointer<Int>?) throws(Cycle) -> [String] {
        let index = Dictionary(nodes.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var remaining = [Int](repeating: 0, count: nodes.count)
        var users = [[Int]](repeating: [], count: nodes.count)
        for (i, n) in nodes.enumerated() {
            for d in Set(edges[n] ?? []) {
                guard let j = index[d] else { continue }
                remaining[i] += 1
                users[j].append(i)
            }
        }
        var ready = PositionHeap(counter: counter)
        for i in nodes.indices where remaining[i] == 0 { ready.push(i) }
        var order: [String] = []
        order.reserveCapacity(nodes.count)
        var placed = [Bool](repeating: false, count: nodes.count)
        while let i = ready.pop() {
            order.append(nodes[i])
            placed[i] = true
            for u in users[i] {
                remaining[u] -= 1
                if remaining[u] == 0 { ready.push(u) }
            }
        }
        if order.count < nodes.count {
            throw findCycle(nodes: nodes.indices.filter { !placed[$0] }.map { nodes[$0] }, edges: edges)
        }
        return order
    }

    /// Finds one cycle among nodes known to contain one (iterative, so long chains cannot exhaust the stack).
    public static func findCycle(nodes: [String], edges: [String: [String]]) -> Cycle {
        let candidates = Set(nodes)
        var state: [String: Int] = [:]  // 1 = on the path, 2 = done
        for start in nodes where state[start] == nil {
            // The path from `start`, each node with the position of the next edge to follow.
            var path: [(node: String, next: Int)] = [(start, 0)]
            var onPath: [String: Int] = [start: 0]
            state[start] = 1
            while let top = path.last {
                let out = edges[top.node] ?? []
                if top.next < out.count {
                    path[path.count - 1].next += 1
                    let d = out[top.next]
                    guard candidates.contains(d) else { continue }
                    if state[d] == 1, let at = onPath[d] {
                        // Edges point from a stage to what it reads; print the cycle in data-flow order.
                        let cycle = path[at...].map(\.node) + [d]
                        return Cycle(path: cycle.reversed())
                    }
                    if state[d] == nil {
                        state[d] = 1
                        onPath[d] = path.count
                        path.append((d, 0))
                    }
                } else {
                    path.removeLast()
                    onPath[top.node] = nil
                    state[top.node] = 2
                }
            }
        }
        return Cycle(path: nodes)
    }

    /// The graph in Graphviz DOT.
    public func dot(name: String) -> String {
        var lines = ["digraph \(Value.quote(name)) {", "  rankdir=LR;", "  node [shape=box, fontname=\"Helvetica\"];"]
        for s in stages { lines.append("  \(Value.quote(s.id)) [label=\(Value.quote("\(s.id)\n\(s.kind)"))];") }
        for s in stages {
            for b in s.inputs { lines.append("  \(Value.quote(b.stage)) -> \(Value.quote(s.id)) [label=\(Value.quote(b.field))];") }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The graph as a Mermaid flowchart.
    public func mermaid() -> String {
        var ids: [String: String] = [:]
        for (i, s) in stages.enumerated() { ids[s.id] = "s\(i)" }
        var lines = ["flowchart LR"]
        for s in stages {
            let label = "\(s.id)<br/>\(s.kind)".replacingOccurrences(of: "\"", with: "#quot;")
            lines.append("  \(ids[s.id]!)[\"\(label)\"]")
        }
        for s in stages {
            for b in s.inputs { lines.append("  \(ids[b.stage]!) -->|\(b.field)| \(ids[s.id]!)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

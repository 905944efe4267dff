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
    public static func topologicalOrder(nodes: [String], edges: [String: [String]]) throws(Cycle) -> [String] {
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
        // A min-heap would be asymptotically better; manifests have at most thousands of stages.
        var ready = (0..<nodes.count).filter { remaining[$0] == 0 }
        var order: [String] = []
        order.reserveCapacity(nodes.count)
        while !ready.isEmpty {
            let i = ready.removeFirst()
            order.append(nodes[i])
            for u in users[i] {
                remaining[u] -= 1
                if remaining[u] == 0 {
                    let at = ready.firstIndex { $0 > u } ?? ready.count
                    ready.insert(u, at: at)
                }
            }
        }
        if order.count < nodes.count {
            throw findCycle(nodes: nodes.filter { n in !order.contains(n) }, edges: edges)
        }
        return order
    }

    /// Finds one cycle among nodes known to contain one.
    public static func findCycle(nodes: [String], edges: [String: [String]]) -> Cycle {
        let candidates = Set(nodes)
        var state: [String: Int] = [:]  // 1 = on stack, 2 = done
        var stack: [String] = []
        func visit(_ n: String) -> [String]? {
            state[n] = 1
            stack.append(n)
            for d in edges[n] ?? [] where candidates.contains(d) {
                if state[d] == 1, let start = stack.firstIndex(of: d) { return Array(stack[start...]) + [d] }
                if state[d] == nil, let found = visit(d) { return found }
            }
            stack.removeLast()
            state[n] = 2
            return nil
        }
        for n in nodes where state[n] == nil {
            // Edges point from a stage to what it reads; print the cycle in data-flow order.
            if let path = visit(n) { return Cycle(path: path.reversed()) }
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

// Builds manifest YAML with keys in a readable order and every scalar correctly quoted.
// Knows YAML emission (through Yams), not what any stage means.
import Pipeline
import Yams

/// An ordered YAML document under construction.
struct YAMLComposer {
    /// An ordered mapping.
    static func map(_ pairs: [(String, Node?)]) -> Node {
        Node.mapping(Node.Mapping(pairs.compactMap { key, value in value.map { (Node(key), $0) } }))
    }

    /// A flow-style mapping (one line), for foreach items.
    static func flowMap(_ pairs: [(String, Node?)]) -> Node {
        Node.mapping(Node.Mapping(pairs.compactMap { key, value in value.map { (Node(key), $0) } }, Tag(.implicit), .flow))
    }

    /// A sequence.
    static func seq(_ items: [Node], flow: Bool = false) -> Node {
        Node.sequence(Node.Sequence(items, Tag(.implicit), flow ? .flow : .block))
    }

    /// A string scalar, quoted when YAML would read it as something else.
    static func str(_ s: String) -> Node {
        let plain = Node(s)
        // A plain scalar that would resolve to a non-string (true, 1.5, null, 1:30...) must be quoted.
        let resolvesToString = plain.bool == nil && plain.int == nil && plain.float == nil && plain.null == nil
        let risky = s.isEmpty || s.contains(": ") || s.contains(" #") || s.hasPrefix("-") || s.contains("${")
            || s.first.map { "!&*[]{}|>'\"%@`,?:#".contains($0) } == true || s.contains(":") || s != s.trimmingCharacters(in: .whitespaces)
        return Node(s, Tag(.implicit), resolvesToString && !risky ? .plain : .doubleQuoted)
    }

    /// A number scalar.
    static func num(_ d: Double) -> Node { Node(Value.double(d).canonical) }

    /// An integer scalar.
    static func int(_ i: Int) -> Node { Node(String(i)) }

    /// A boolean scalar.
    static func bool(_ b: Bool) -> Node { Node(b ? "true" : "false") }

    /// Serialises a document, with a leading comment block.
    static func document(_ node: Node, comment: String) throws -> String {
        let body = try Yams.serialize(node: node, indent: 2, width: -1, allowUnicode: true, sortKeys: false)
        let header = comment.split(separator: "\n", omittingEmptySubsequences: false).map { "# \($0)" }.joined(separator: "\n")
        return header + "\n" + body
    }
}

// A YAML document as a tree of nodes that remember where they were written.
// Knows YAML syntax (through Yams) but nothing of stages or their settings.
import Foundation
import Yams

/// One node of a parsed manifest, with its source location.
public struct ManifestNode: Sendable {
    /// The node's shape and content.
    public indirect enum Content: Sendable {
        /// A scalar and its resolved value (a quoted scalar is always a string).
        case scalar(Value, raw: String, quoted: Bool)
        /// A sequence of nodes.
        case sequence([ManifestNode])
        /// A mapping, in the order written; keys are strings.
        case mapping([Entry])
    }

    /// A mapping entry: its key, where the key was written, and its value.
    public struct Entry: Sendable {
        /// The key text.
        public var key: String
        /// Where the key was written.
        public var keyLocation: SourceLocation
        /// The value node.
        public var value: ManifestNode
    }

    /// The node's content.
    public var content: Content
    /// Where the node starts.
    public var location: SourceLocation

    /// Creates a node.
    public init(content: Content, location: SourceLocation) {
        self.content = content
        self.location = location
    }

    /// The entry with this key, when the node is a mapping.
    public subscript(key: String) -> ManifestNode? {
        guard case .mapping(let entries) = content else { return nil }
        return entries.first { $0.key == key }?.value
    }

    /// The mapping entries, or nil when the node is not a mapping.
    public var entries: [Entry]? {
        if case .mapping(let e) = content { return e }
        return nil
    }

    /// The elements, or nil when the node is not a sequence.
    public var elements: [ManifestNode]? {
        if case .sequence(let e) = content { return e }
        return nil
    }

    /// The scalar value, or nil when the node is not a scalar.
    public var scalar: Value? {
        if case .scalar(let v, _, _) = content { return v }
        return nil
    }

    /// A short name of the node's type, for error messages.
    public var typeName: String {
        switch content {
        case .scalar(let v, _, _): return v.typeName
        case .sequence: return "list"
        case .mapping: return "mapping"
        }
    }

    /// The node as a plain value (locations dropped).
    public var value: Value {
        switch content {
        case .scalar(let v, _, _): return v
        case .sequence(let e): return .array(e.map(\.value))
        case .mapping(let e):
            var o: [String: Value] = [:]
            for entry in e { o[entry.key] = entry.value.value }
            return .object(o)
        }
    }

    /// Parses YAML text into a node tree; a syntax error becomes a located issue.
    public static func parse(yaml: String, file: String) throws(ManifestError) -> ManifestNode {
        if let (line, column) = NestingScanner.firstTooDeep(yaml) {
            throw ManifestError(issues: [ManifestIssue(location: SourceLocation(file: file, line: line, column: column), field: "",
                                                       message: "the YAML nests more than \(NestingScanner.defaultLimit) levels deep")])
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw ManifestError(issues: [issue(for: error, file: file, yaml: yaml)])
        } catch {
            throw ManifestError(issues: [ManifestIssue(location: SourceLocation(file: file, line: 1, column: 1), field: "", message: "cannot read YAML: \(error)")])
        }
        guard let node else {
            throw ManifestError(issues: [ManifestIssue(location: SourceLocation(file: file, line: 1, column: 1), field: "", message: "the manifest is empty")])
        }
        var issues: [ManifestIssue] = []
        let tree = convert(node, file: file, issues: &issues)
        if !issues.isEmpty { throw ManifestError(issues: issues) }
        return tree
    }

    private static func location(_ mark: Mark?, file: String) -> SourceLocation {
        SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    /// A syntax error's place; libyaml puts an error at the end of a text without a final line break on the line after
    /// the last, so such a place moves to the end of the last line.
    private static func syntaxLocation(_ mark: Mark?, file: String, yaml: String) -> SourceLocation {
        let at = location(mark, file: file)
        var lines = 1, lastLength = 0, previous: Unicode.Scalar?
        for c in yaml.unicodeScalars {
            switch c {
            case "\n" where previous == "\r": break
            case "\n", "\r", "\u{85}", "\u{2028}", "\u{2029}": lines += 1; lastLength = 0
            default: lastLength += 1
            }
            previous = c
        }
        guard at.line > lines else { return at }
        return SourceLocation(file: file, line: lines, column: lastLength + 1)
    }

    private static func issue(for error: YamlError, file: String, yaml: String) -> ManifestIssue {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var text = "YAML syntax error: \(problem)"
            if let context { text += " (\(context.text))" }
            return ManifestIssue(location: syntaxLocation(mark, file: file, yaml: yaml), field: "", message: text)
        case .reader(let problem, let offset, _, _):
            return ManifestIssue(location: SourceLocation(file: file, line: 1, column: 1), field: "",
                                 message: "cannot read the file as UTF-8 text: \(problem)" + (offset.map { " at byte \($0)" } ?? ""))
        default:
            return ManifestIssue(location: SourceLocation(file: file, line: 1, column: 1), field: "", message: "YAML error: \(error)")
        }
    }

    private static func convert(_ node: Node, file: String, issues: inout [ManifestIssue]) -> ManifestNode {
        let loc = location(node.mark, file: file)
        switch node {
        case .scalar(let scalar):
            let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
                || scalar.style == .literal || scalar.style == .folded
            return ManifestNode(content: .scalar(quoted ? .string(scalar.string) : resolve(node, scalar.string), raw: scalar.string, quoted: quoted), location: loc)
        case .sequence(let seq):
            return ManifestNode(content: .sequence(seq.map { convert($0, file: file, issues: &issues) }), location: loc)
        case .mapping(let map):
            var entries: [Entry] = []
            var keys = Set<String>()
            for (k, v) in map {
                let keyLoc = location(k.mark, file: file)
                guard case .scalar(let keyScalar) = k else {
                    issues.append(ManifestIssue(location: keyLoc, field: "", message: "mapping keys must be plain strings"))
                    continue
                }
                guard keys.insert(keyScalar.string).inserted else {
                    issues.append(ManifestIssue(location: keyLoc, field: keyScalar.string.isEmpty ? "''" : keyScalar.string,
                                                message: "duplicate key '\(keyScalar.string)'"))
                    continue
                }
                entries.append(Entry(key: keyScalar.string, keyLocation: keyLoc, value: convert(v, file: file, issues: &issues)))
            }
            return ManifestNode(content: .mapping(entries), location: loc)
        case .alias:
            issues.append(ManifestIssue(location: loc, field: "", message: "YAML aliases are not supported in manifests"))
            return ManifestNode(content: .scalar(.null, raw: "", quoted: false), location: loc)
        }
    }

    private static func resolve(_ node: Node, _ text: String) -> Value {
        if node.null != nil { return .null }
        if let b = node.bool { return .bool(b) }
        if let i = node.int { return .int(i) }
        if let d = node.float { return .double(d) }
        return .string(text)
    }
}

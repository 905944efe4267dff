// The single-use validation pass behind ManifestLoader: collects every issue instead of stopping
// at the first. Knows stage kinds only through their StageSpecs; performs no I/O.
import Foundation

/// A value with the place it was written.
struct Located {
    var value: Value
    var location: SourceLocation
    /// For list values: where each element was written.
    var elementLocations: [SourceLocation] = []
}

/// One declared stage, before expansion.
struct StageDeclaration {
    var index: Int
    var node: ManifestNode
    var id: String
    var kind: String
    var spec: StageSpec
    /// Literal `foreach` items (nil when the stage is not a foreach over a list).
    var items: [ManifestNode]?
    /// `foreach: other` — one instance per instance of another stage.
    var pairedWith: (id: String, location: SourceLocation)?
}

final class ManifestBuilder {
    struct Result {
        var version: Int
        var name: String
        var description: String?
        var params: [String: Value]
        var audio: AudioFormat
        var graph: StageGraph
    }

    let registry: StageRegistry
    let overrides: [String: String]
    let file: String
    let limits: ManifestLimits
    /// Distinct issues, in the order found.
    var issues: [ManifestIssue] = []
    private var seenIssues: Set<ManifestIssue> = []
    /// Set when validation stopped at a limit: the one issue that says where and why.
    var tooComplex: ManifestIssue?
    /// Set when validation must stop: a limit was hit or too many problems were found.
    var halted = false
    /// Where expansion is, for a deadline issue.
    var current: (location: SourceLocation, field: String)?
    private var ticks = 0
    /// Input bindings made so far, against `limits.maxInputBindings`.
    var bindingCount = 0
    /// "Did you mean" hints for unknown stage ids, by id.
    var stageHints: [String: String] = [:]

    /// Params with where each was written.
    var params: [String: Located] = [:]
    var declarations: [StageDeclaration] = []
    var declarationById: [String: Int] = [:]

    static let topLevelKeys = ["version", "name", "description", "params", "audio", "stages"]
    static let stageKeys = ["id", "kind", "foreach"]

    init(registry: StageRegistry, overrides: [String: String], file: String, limits: ManifestLimits = ManifestLimits()) {
        self.registry = registry
        self.overrides = overrides
        self.file = file
        self.limits = limits
    }

    func report(_ location: SourceLocation, _ field: String, _ message: String) {
        guard !halted else { return }
        let issue = ManifestIssue(location: location, field: field, message: message)
        guard seenIssues.insert(issue).inserted else { return }
        issues.append(issue)
        if issues.count >= limits.maxIssues {
            halted = true
            issues.append(ManifestIssue(location: location, field: field, message: "too many errors; stopped after \(limits.maxIssues)"))
        }
    }

    /// Stops validation at a limit, with one located issue saying which.
    func halt(_ location: SourceLocation, _ field: String, _ message: String) {
        guard tooComplex == nil else { return }
        tooComplex = ManifestIssue(location: location, field: field, message: message)
        halted = true
    }

    /// Counts a unit of work and checks the deadline every 64 units; false once validation must stop.
    @discardableResult
    func tick() -> Bool {
        if halted { return false }
        ticks &+= 1
        if ticks & 63 == 0, let deadline = limits.deadline, ContinuousClock.now >= deadline {
            let at = current ?? (SourceLocation(file: file, line: 1, column: 1), "stages")
            halt(at.location, at.field, "the manifest is too complex to validate in the time allowed")
            return false
        }
        return true
    }

    func build(_ root: ManifestNode) -> Result? {
        guard let entries = root.entries else {
            report(root.location, "", "a manifest must be a mapping with 'version', 'name' and 'stages', found a \(root.typeName)")
            return nil
        }
        for e in entries where !Self.topLevelKeys.contains(e.key) {
            report(e.keyLocation, e.key.isEmpty ? "''" : e.key, "unknown key '\(e.key)'\(Suggestion.hint(for: e.key, in: Self.topLevelKeys)); allowed keys: \(Self.topLevelKeys.joined(separator: ", "))")
        }
        let version = readVersion(root)
        let name = readName(root)
        var description: String?
        if let d = root["description"] {
            if case .string(let s) = d.scalar { description = s } else { report(d.location, "description", "expected a string, got \(d.typeName)") }
        }
        readParams(root)
        let audio = readAudio(root)
        readStages(root)
        guard !halted, let instances = expand(), !halted else { return nil }
        // Static checks run even when other fields had errors, so every problem is reported at once.
        let graph: StageGraph
        do {
            graph = try StageGraph(instances: instances)
        } catch {
            // Declaration-level cycle detection normally reports first; this is a safety net.
            report(root.location, "stages", "dependency cycle: \(error.path.joined(separator: " -> "))")
            return nil
        }
        staticChecks(graph)
        guard !halted, let version, let name else { return nil }
        return Result(version: version, name: name, description: description,
                      params: params.mapValues(\.value), audio: audio, graph: graph)
    }

    // MARK: Top level

    private func readVersion(_ root: ManifestNode) -> Int? {
        guard let node = root["version"] else {
            report(root.location, "version", "missing required key 'version' (write 'version: \(Manifest.currentVersion)')")
            return nil
        }
        guard case .int(let v)? = node.scalar else {
            report(node.location, "version", "expected an integer, got \(node.typeName)")
            return nil
        }
        guard v == Manifest.currentVersion else {
            report(node.location, "version", "unsupported manifest version \(v); this IntelliMix reads version \(Manifest.currentVersion)")
            return nil
        }
        return v
    }

    private func readName(_ root: ManifestNode) -> String? {
        guard let node = root["name"] else {
            report(root.location, "name", "missing required key 'name'")
            return nil
        }
        guard case .string(let s)? = node.scalar, !s.trimmingCharacters(in: .whitespaces).isEmpty else {
            report(node.location, "name", "expected a non-empty string, got \(node.typeName)")
            return nil
        }
        guard s.count <= 200 else {
            report(node.location, "name", "must be at most 200 characters")
            return nil
        }
        return s
    }

    private func readParams(_ root: ManifestNode) {
        var paramsLocation = root.location
        if let node = root["params"] {
            paramsLocation = node.location
            if let entries = node.entries {
                for e in entries {
                    if !ManifestBuilder.isIdentifier(e.key) {
                        report(e.keyLocation, "params.\(e.key)", "param names must be letters, digits, '_' or '-', starting with a letter or '_'")
                    }
                    params[e.key] = Located(value: e.value.value, location: e.value.location)
                }
            } else if node.scalar != .null {
                report(node.location, "params", "expected a mapping of names to values, got \(node.typeName)")
            }
        }
        for (key, text) in overrides.sorted(by: { $0.key < $1.key }) {
            guard let existing = params[key] else {
                report(paramsLocation, "params.\(key)",
                       "--set \(key): no such param in the manifest\(Suggestion.hint(for: key, in: Array(params.keys)))" +
                       (params.isEmpty ? "; the manifest declares no params" : "; params: \(params.keys.sorted().joined(separator: ", "))"))
                continue
            }
            let parsed = (try? ManifestNode.parse(yaml: text, file: "--set \(key)"))?.scalar ?? .string(text)
            params[key] = Located(value: parsed, location: existing.location)
        }
    }

    private func readAudio(_ root: ManifestNode) -> AudioFormat {
        var format = AudioFormat()
        guard let node = root["audio"] else { return format }
        guard let entries = node.entries else {
            report(node.location, "audio", "expected a mapping with 'sample_rate' and 'channels', got \(node.typeName)")
            return format
        }
        let keys = ["sample_rate", "channels"]
        for e in entries {
            switch e.key {
            case "sample_rate":
                if case .int(let v)? = e.value.scalar, (8000...192_000).contains(v) { format.sampleRate = v }
                else { report(e.value.location, "audio.sample_rate", "expected an integer from 8000 to 192000, got \(describe(e.value))") }
            case "channels":
                if case .int(let v)? = e.value.scalar, (1...8).contains(v) { format.channels = v }
                else { report(e.value.location, "audio.channels", "expected an integer from 1 to 8, got \(describe(e.value))") }
            default:
                report(e.keyLocation, "audio.\(e.key)", "unknown key '\(e.key)'\(Suggestion.hint(for: e.key, in: keys)); allowed keys: \(keys.joined(separator: ", "))")
            }
        }
        return format
    }

    func describe(_ node: ManifestNode) -> String {
        if case .scalar(let v, let raw, _) = node.content {
            if case .string = v { return "'\(raw)'" }
            return raw
        }
        return "a \(node.typeName)"
    }

    static func isIdentifier(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first == "_" || (first.properties.isAlphabetic && first.isASCII) else { return false }
        return s.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") }
    }

    // MARK: Stage declarations

    private func readStages(_ root: ManifestNode) {
        guard let node = root["stages"] else {
            report(root.location, "stages", "missing required key 'stages'")
            return
        }
        guard let elements = node.elements else {
            report(node.location, "stages", "expected a list of stages, got \(node.typeName)")
            return
        }
        if elements.isEmpty { report(node.location, "stages", "a manifest needs at least one stage") }
        if elements.count > 10_000 { report(node.location, "stages", "at most 10000 stages are allowed") }
        for (i, element) in elements.enumerated() {
            guard tick() else { return }
            let path = "stages[\(i)]"
            guard let entries = element.entries else {
                report(element.location, path, "expected a stage mapping with 'id' and 'kind', got \(element.typeName)")
                continue
            }
            var id: String?
            if let idNode = element["id"] {
                if case .string(let s)? = idNode.scalar, ManifestBuilder.isIdentifier(s) {
                    if let first = declarationById[s] {
                        report(idNode.location, "\(path).id", "duplicate stage id '\(s)' (first declared at \(declarations[first].node.location))")
                    } else {
                        id = s
                    }
                } else {
                    report(idNode.location, "\(path).id", "stage ids must be letters, digits, '_' or '-', starting with a letter or '_'; got \(describe(idNode))")
                }
            } else {
                report(element.location, "\(path).id", "missing required key 'id'")
            }
            let field = id.map { "stages.\($0)" } ?? path
            var spec: StageSpec?
            var kindName = ""
            if let kindNode = element["kind"] {
                if case .string(let k)? = kindNode.scalar {
                    kindName = k
                    spec = registry.spec(k)
                    if spec == nil {
                        report(kindNode.location, "\(field).kind",
                               "unknown stage kind '\(k)'\(Suggestion.hint(for: k, in: registry.kinds)); allowed values: \(registry.kinds.joined(separator: ", "))")
                    }
                } else {
                    report(kindNode.location, "\(field).kind", "expected a stage kind (one of \(registry.kinds.joined(separator: ", "))), got \(describe(kindNode))")
                }
            } else {
                report(element.location, "\(field).kind", "missing required key 'kind' (one of \(registry.kinds.joined(separator: ", ")))")
            }
            if let spec {
                let allowed = Self.stageKeys + spec.fields.map(\.name)
                for e in entries where !allowed.contains(e.key) {
                    report(e.keyLocation, "\(field).\(e.key)",
                           "unknown key '\(e.key)' for a '\(spec.kind)' stage\(Suggestion.hint(for: e.key, in: allowed)); allowed keys: \(allowed.joined(separator: ", "))")
                }
            }
            var items: [ManifestNode]?
            var paired: (String, SourceLocation)?
            if let fe = element["foreach"] {
                if let list = fe.elements {
                    if list.isEmpty { report(fe.location, "\(field).foreach", "a foreach list needs at least one item") }
                    if list.count > 1000 { report(fe.location, "\(field).foreach", "at most 1000 foreach items are allowed") }
                    items = list
                } else if case .string(let other)? = fe.scalar {
                    paired = (other, fe.location)
                } else {
                    report(fe.location, "\(field).foreach", "expected a list of items or the id of another foreach stage, got \(fe.typeName)")
                }
            }
            guard let id, let spec else { continue }
            declarationById[id] = declarations.count
            declarations.append(StageDeclaration(index: i, node: element, id: id, kind: kindName, spec: spec, items: items, pairedWith: paired))
        }
    }
}

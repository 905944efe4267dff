// Expansion of `foreach` stages into instances, `${...}` substitution, and reference binding.
// Part of the validation pass: reports issues, never throws, performs no I/O.
import Foundation

extension ManifestBuilder {
    /// Expands every declaration into instances; nil when a structural problem or a limit stops expansion.
    func expand() -> [StageInstance]? {
        guard let itemLists = resolveItemLists(), !halted else { return nil }
        // The instance count is known before any instance is built: refuse at the declaration that passes the cap.
        var total = 0
        for decl in declarations {
            total += itemLists[decl.id]?.count ?? 1
            if total > limits.maxStageInstances {
                let at = decl.node["foreach"]?.location ?? decl.node.location
                halt(at, "stages.\(decl.id).foreach", Self.capMessage(limits.maxStageInstances, total: total, stage: decl.id))
                return nil
            }
        }
        var instances: [StageInstance] = []
        instances.reserveCapacity(total)
        var declEdges: [String: [String]] = [:]
        for decl in declarations {
            let items = itemLists[decl.id]
            let count = items?.count ?? 1
            current = (decl.node.location, "stages.\(decl.id)")
            for i in 0..<count {
                guard tick() else { return nil }
                let index: Int? = items == nil ? nil : i
                let instanceId = index.map { "\(decl.id)[\($0)]" } ?? decl.id
                if let inst = makeInstance(decl, id: instanceId, index: index, item: items?[i], itemLists: itemLists, edges: &declEdges) {
                    instances.append(inst)
                }
                if halted { return nil }
            }
        }
        current = nil
        // Cycles are reported on declarations, where the user wrote them.
        do {
            _ = try StageGraph.topologicalOrder(nodes: declarations.map(\.id), edges: declEdges)
        } catch {
            let first = declarations.first { $0.id == error.path.first }
            report(first?.node.location ?? SourceLocation(file: file, line: 1, column: 1),
                   "stages.\(error.path.first ?? "")", "dependency cycle: \(error.path.joined(separator: " -> "))")
            return nil
        }
        return instances
    }

    /// The message for a manifest past the instance cap.
    static func capMessage(_ cap: Int, total: Int, stage: String) -> String {
        "the manifest expands to more than \(cap) stage instances (\(total) by stage '\(stage)')"
    }

    /// The item list of every foreach stage, following `foreach: other` links (each link is walked once).
    private func resolveItemLists() -> [String: [ManifestNode]]? {
        var lists: [String: [ManifestNode]] = [:]
        var dead = Set<String>()  // ids whose chain ends in a problem (already reported) or in no list
        var failed = false
        for decl in declarations {
            var chain = [decl.id]
            var inChain: Set<String> = [decl.id]
            var current = decl
            var found: [ManifestNode]?
            while true {
                guard tick() else { return nil }
                if let l = lists[current.id] { found = l; break }
                if dead.contains(current.id) { break }
                if let items = current.items { found = items; break }
                guard let (other, location) = current.pairedWith else { break }
                guard let next = declarationById[other].map({ declarations[$0] }) else {
                    report(location, "stages.\(current.id).foreach",
                           "unknown stage '\(other)'\(Suggestion.hint(for: other, in: Array(declarationById.keys)))")
                    failed = true
                    break
                }
                if inChain.contains(other) {
                    report(location, "stages.\(current.id).foreach", "foreach cycle: \((chain + [other]).joined(separator: " -> "))")
                    failed = true
                    break
                }
                if next.items == nil && next.pairedWith == nil {
                    report(location, "stages.\(current.id).foreach", "'\(other)' is not a foreach stage, so there is nothing to iterate over")
                    failed = true
                    break
                }
                chain.append(other)
                inChain.insert(other)
                current = next
            }
            if let found { for id in chain { lists[id] = found } } else { dead.formUnion(chain) }
        }
        return failed ? nil : lists
    }

    private func makeInstance(_ decl: StageDeclaration, id: String, index: Int?, item: ManifestNode?,
                              itemLists: [String: [ManifestNode]], edges: inout [String: [String]]) -> StageInstance? {
        let path = "stages.\(decl.id)"
        var settings: [String: Value] = [:]
        var locations: [String: SourceLocation] = [:]
        var bindings: [InputBinding] = []
        if let (other, _) = decl.pairedWith { edges[decl.id, default: []].append(other) }
        for field in decl.spec.fields {
            guard let node = decl.node[field.name] else {
                if field.type == .reference, field.name == "input", let (other, location) = decl.pairedWith {
                    // A stage paired with another foreach stage reads the matching item by default.
                    bindings += bind(field, [Located(value: .string("\(other)[\(index ?? 0)]"), location: location)], decl: decl, index: index,
                                     itemLists: itemLists, edges: &edges)
                } else if let d = field.defaultValue {
                    settings[field.name] = d
                } else if field.required {
                    report(decl.node.location, "\(path).\(field.name)", "missing required key '\(field.name)' (\(field.doc))")
                }
                continue
            }
            guard let located = substitute(node, item: item, index: index, field: "\(path).\(field.name)") else { continue }
            locations[field.name] = located.location
            if field.isReference {
                var refs: [Located] = []
                if case .array(let list) = located.value {
                    if field.type == .reference {
                        report(located.location, "\(path).\(field.name)", "expected one stage reference, got a list (use 'inputs' for several)")
                        continue
                    }
                    for (j, v) in list.enumerated() {
                        refs.append(Located(value: v, location: j < located.elementLocations.count ? located.elementLocations[j] : located.location))
                    }
                } else {
                    refs = [located]
                }
                bindings += bind(field, refs, decl: decl, index: index, itemLists: itemLists, edges: &edges)
            } else if let v = normalize(field, located, path: "\(path).\(field.name)") {
                settings[field.name] = v
            }
        }
        return StageInstance(id: id, declarationId: decl.id, kind: decl.kind, index: index, settings: settings,
                             inputs: bindings, location: decl.node.location, settingLocations: locations)
    }

    // MARK: References

    /// Parses `stage`, `stage.output`, `stage[2]` or `stage[2].output`.
    static func parseReference(_ text: String) -> (stage: String, index: Int?, output: String?)? {
        var rest = Substring(text)
        var output: String?
        if let dot = rest.lastIndex(of: "."), !rest[rest.index(after: dot)...].contains("]") {
            output = String(rest[rest.index(after: dot)...])
            rest = rest[..<dot]
            guard let o = output, isIdentifier(o) else { return nil }
        }
        var index: Int?
        if rest.hasSuffix("]"), let open = rest.lastIndex(of: "[") {
            guard let i = Int(rest[rest.index(after: open)..<rest.index(before: rest.endIndex)]), i >= 0 else { return nil }
            index = i
            rest = rest[..<open]
        }
        guard isIdentifier(String(rest)) else { return nil }
        return (String(rest), index, output)
    }

    private func bind(_ field: FieldSpec, _ refs: [Located], decl: StageDeclaration, index: Int?,
                      itemLists: [String: [ManifestNode]], edges: inout [String: [String]]) -> [InputBinding] {
        let path = "stages.\(decl.id).\(field.name)"
        var out: [InputBinding] = []
        if field.type == .references && refs.isEmpty {
            report(decl.node.location, path, "needs at least one stage reference")
        }
        for ref in refs {
            guard countBindings(1, at: ref.location, path) else { return [] }
            guard case .string(let text) = ref.value, let (target, explicitIndex, outputName) = Self.parseReference(text) else {
                report(ref.location, path, "expected a stage reference such as 'song1', 'song1.audio' or 'clips[0]', got \(ref.value.typeName == "string" ? "'\(ref.value)'" : ref.value.typeName)")
                continue
            }
            guard let targetDecl = declarationById[target].map({ declarations[$0] }) else {
                report(ref.location, path, "reference to unknown stage '\(target)'\(hint(forStage: target))")
                continue
            }
            edges[decl.id, default: []].append(target)
            let output = outputName ?? targetDecl.spec.outputs.first ?? "audio"
            guard targetDecl.spec.outputs.contains(output) else {
                report(ref.location, path, "stage '\(target)' (\(targetDecl.kind)) has no output '\(output)'; its outputs: \(targetDecl.spec.outputs.joined(separator: ", "))")
                continue
            }
            let targetItems = itemLists[target]
            switch (targetItems, explicitIndex) {
            case (nil, nil):
                out.append(InputBinding(field: field.name, position: out.count, stage: target, output: output))
            case (nil, .some):
                report(ref.location, path, "'\(target)' is not a foreach stage; refer to it as '\(target)' without an index")
            case (let items?, let i?):
                guard i < items.count else {
                    report(ref.location, path, "'\(target)' has \(items.count) items, so index \(i) is out of range (0...\(items.count - 1))")
                    continue
                }
                out.append(InputBinding(field: field.name, position: out.count, stage: "\(target)[\(i)]", output: output))
            case (let items?, nil):
                if field.type == .references {
                    guard countBindings(items.count, at: ref.location, path) else { return [] }
                    for i in items.indices {
                        out.append(InputBinding(field: field.name, position: out.count, stage: "\(target)[\(i)]", output: output))
                    }
                } else if let i = index, decl.pairedWith?.id == target || itemLists[decl.id]?.count == items.count && decl.pairedWith != nil {
                    out.append(InputBinding(field: field.name, position: out.count, stage: "\(target)[\(i)]", output: output))
                } else {
                    report(ref.location, path, "'\(target)' is a foreach stage with \(items.count) items: name one as '\(target)[i]', pair this stage with it ('foreach: \(target)'), or read them all from a list field")
                }
            }
        }
        return out
    }

    /// Counts input bindings against the limit; false (validation halted) once it is passed.
    private func countBindings(_ n: Int, at location: SourceLocation, _ path: String) -> Bool {
        bindingCount += n
        if bindingCount > limits.maxInputBindings {
            halt(location, path, "the manifest's stages read more than \(limits.maxInputBindings) inputs in all")
            return false
        }
        return tick()
    }

    /// A "did you mean" for an unknown stage id, computed once per id.
    private func hint(forStage target: String) -> String {
        if let known = stageHints[target] { return known }
        let h = Suggestion.hint(for: target, in: declarations.map(\.id))
        stageHints[target] = h
        return h
    }

    // MARK: Substitution

    /// Replaces `${params.NAME}`, `${item}`, `${item.KEY}` and `${index}`; `$${` writes a literal `${`.
    func substitute(_ node: ManifestNode, item: ManifestNode?, index: Int?, field: String) -> Located? {
        guard tick() else { return nil }
        switch node.content {
        case .scalar(let value, _, _):
            guard case .string(let text) = value, text.contains("${") else { return Located(value: value, location: node.location) }
            return substituteText(text, at: node.location, item: item, index: index, field: field)
        case .sequence(let elements):
            var values: [Value] = [], locations: [SourceLocation] = []
            var ok = true
            for e in elements {
                if let l = substitute(e, item: item, index: index, field: field) {
                    values.append(l.value)
                    locations.append(l.location)
                } else { ok = false }
            }
            return ok ? Located(value: .array(values), location: node.location, elementLocations: locations) : nil
        case .mapping(let entries):
            var object: [String: Value] = [:]
            var ok = true
            for e in entries {
                if let l = substitute(e.value, item: item, index: index, field: "\(field).\(e.key)") { object[e.key] = l.value } else { ok = false }
            }
            return ok ? Located(value: .object(object), location: node.location) : nil
        }
    }

    private func substituteText(_ text: String, at location: SourceLocation, item: ManifestNode?, index: Int?, field: String) -> Located? {
        enum Part { case literal(String), expr(String) }
        var parts: [Part] = []
        var literal = ""
        var i = text.startIndex
        while i < text.endIndex {
            if text[i...].hasPrefix("$${") {
                literal += "${"
                i = text.index(i, offsetBy: 3)
            } else if text[i...].hasPrefix("${") {
                guard let close = text[i...].firstIndex(of: "}") else {
                    report(location, field, "unterminated '${' in '\(text)'")
                    return nil
                }
                if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
                parts.append(.expr(String(text[text.index(i, offsetBy: 2)..<close]).trimmingCharacters(in: .whitespaces)))
                i = text.index(after: close)
            } else {
                literal.append(text[i])
                i = text.index(after: i)
            }
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        if parts.count == 1, case .expr(let e) = parts[0] {
            return resolve(e, at: location, item: item, index: index, field: field)
        }
        var out = ""
        for p in parts {
            switch p {
            case .literal(let s): out += s
            case .expr(let e):
                guard let v = resolve(e, at: location, item: item, index: index, field: field) else { return nil }
                out += v.value.description
            }
        }
        return Located(value: .string(out), location: location)
    }

    private func resolve(_ expr: String, at location: SourceLocation, item: ManifestNode?, index: Int?, field: String) -> Located? {
        let parts = expr.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        switch parts[0] {
        case "params":
            let name = parts.dropFirst().joined(separator: ".")
            guard let p = params[name] else {
                report(location, field, "unknown param '\(name)' in '${\(expr)}'\(Suggestion.hint(for: name, in: Array(params.keys)))" +
                       (params.isEmpty ? "; the manifest declares no params" : ""))
                return nil
            }
            return p
        case "item":
            guard var node = item else {
                report(location, field, "'${\(expr)}' is only available inside a foreach stage")
                return nil
            }
            for key in parts.dropFirst() {
                guard let child = node[key] else {
                    let keys = node.entries?.map(\.key) ?? []
                    report(node.location, field, "foreach item has no key '\(key)' (used by '${\(expr)}' at \(location))\(Suggestion.hint(for: key, in: keys))")
                    return nil
                }
                node = child
            }
            // Items may themselves use params.
            return substitute(node, item: nil, index: index, field: field)
        case "index":
            guard let index, parts.count == 1 else {
                report(location, field, "'${\(expr)}' is only available inside a foreach stage")
                return nil
            }
            return Located(value: .int(index), location: location)
        default:
            report(location, field, "unknown substitution '${\(expr)}'; use ${params.NAME}, ${item}, ${item.KEY} or ${index}")
            return nil
        }
    }
}

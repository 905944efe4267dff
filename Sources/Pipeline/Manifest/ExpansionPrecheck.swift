// A streaming pass over the YAML events (libyaml, no tree) that counts the stage instances a manifest
// would expand to, so one far past the cap is refused before the slower tree is built. It only
// refuses what full validation would also refuse; anything unclear is left to that validation.
import CYaml

/// Counts expanded stage instances from the YAML event stream.
enum ExpansionPrecheck {
    /// One stage of the `stages` list as far as expansion cares.
    private struct Stage {
        var id: String?
        var kind: String?
        var items: Int?
        var paired: String?
        var foreachMark: (line: Int, column: Int)?
        var mark: (line: Int, column: Int)
    }

    /// Where and by which stage the instance count first passes `cap`, or nil when it does not (or is unclear).
    static func firstOverCap(_ yaml: String, kinds: Set<String>, cap: Int) -> (line: Int, column: Int, stage: String, total: Int)? {
        guard let stages = stages(yaml) else { return nil }
        var byId: [String: Stage] = [:]
        var declared: [Stage] = []
        for s in stages {
            // Only stages full validation would expand: a valid, unique id and a known kind.
            guard let id = s.id, ManifestBuilder.isIdentifier(id), let kind = s.kind, kinds.contains(kind), byId[id] == nil else { continue }
            byId[id] = s
            declared.append(s)
        }
        var total = 0
        for s in declared {
            var current = s, seen: Set<String> = []
            var count = 1
            while true {
                if let n = current.items { count = n; break }
                guard let other = current.paired else { break }
                guard seen.insert(current.id ?? "").inserted, let next = byId[other], next.items != nil || next.paired != nil else {
                    return nil  // a broken foreach link: full validation reports it
                }
                current = next
            }
            total += count
            if total > cap {
                let at = s.foreachMark ?? s.mark
                return (at.line, at.column, s.id ?? "", total)
            }
        }
        return nil
    }

    /// Plain scalars that YAML reads as booleans or null, so they are not strings (stage ids, kinds, foreach links).
    private static let nonStrings: Set<String> = ["yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
                                                  "on", "On", "ON", "off", "Off", "OFF", "~", "null", "Null", "NULL", ""]

    /// The stages list's mapping entries, or nil when the text is unclear (not one plain document, aliases, complex keys).
    private static func stages(_ yaml: String) -> [Stage]? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(yaml.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer -> [Stage]? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var result: [Stage] = []
            // Open containers. Mappings track whether a key comes next and the last key; `foreachList` marks a stage's list.
            var stack: [(mapping: Bool, expectKey: Bool, key: String?, foreachList: Bool)] = []
            var stage: Stage?
            var inStages = false
            var documents = 0
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                let type = event.type
                if type == YAML_STREAM_END_EVENT { break }
                if type == YAML_ALIAS_EVENT { return nil }
                if type == YAML_DOCUMENT_START_EVENT {
                    documents += 1
                    if documents > 1 { return nil }
                    continue
                }
                let mark = (line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
                let depth = stack.count
                let isKey = stack.last.map { $0.mapping && $0.expectKey } ?? false
                let parentKey = stack.last.flatMap { $0.mapping && !$0.expectKey ? $0.key : nil }
                switch type {
                case YAML_SCALAR_EVENT:
                    let text = String(decoding: UnsafeBufferPointer(start: event.data.scalar.value, count: event.data.scalar.length), as: UTF8.self)
                    if isKey {
                        stack[depth - 1].key = text
                        stack[depth - 1].expectKey = false
                        continue
                    }
                    let plain = event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE
                    let string: String? = plain && nonStrings.contains(text) ? nil : text
                    if depth == 3, inStages, let key = parentKey {
                        switch key {
                        case "id": stage?.id = string
                        case "kind": stage?.kind = string
                        case "foreach": stage?.paired = string; stage?.foreachMark = mark
                        default: break
                        }
                    }
                    if depth == 4, stack[3].foreachList { stage?.items? += 1 }
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    if isKey { return nil }
                    let mapping = type == YAML_MAPPING_START_EVENT
                    if depth == 1, parentKey == "stages", !mapping { inStages = true }
                    if depth == 2, inStages, mapping { stage = Stage(mark: mark) }
                    let list = depth == 3 && inStages && parentKey == "foreach" && !mapping
                    if list { stage?.items = 0; stage?.foreachMark = mark }
                    if depth == 4, stack[3].foreachList { stage?.items? += 1 }
                    stack.append((mapping, true, nil, list))
                    continue
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    stack.removeLast()
                    if stack.count == 2, inStages, let s = stage { result.append(s); stage = nil }
                    if stack.count == 1 { inStages = false }
                default:
                    continue
                }
                // A value is complete: the enclosing mapping expects a key again.
                if let top = stack.last, top.mapping { stack[stack.count - 1].expectKey = true }
            }
            return result
        }
    }
}

// A small JSON Schema (2020-12 subset, as OpenAPI 3.1 uses it) validator for the OpenAPI tests:
// checks response bodies against the document's schemas. Knows nothing of HTTP or of the API.
import Foundation

/// A JSON value: a response body, or the OpenAPI document itself once loaded from YAML.
indirect enum JSON: Equatable, Sendable, Decodable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    /// Parses JSON text.
    init(data: Data) throws {
        self = try JSONDecoder().decode(JSON.self, from: data)
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let d = try? c.decode(Double.self) {
            self = .number(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSON].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSON].self))
        }
    }

    /// Converts what `Yams.load(yaml:)` returns (native Swift values, `[AnyHashable: Any]` mappings).
    init(yaml value: Any?) {
        switch value {
        case nil, is NSNull: self = .null
        case let b as Bool: self = .bool(b)
        case let i as Int: self = .number(Double(i))
        case let i as Int64: self = .number(Double(i))
        case let d as Double: self = .number(d)
        case let s as String: self = .string(s)
        case let a as [Any]: self = .array(a.map { JSON(yaml: $0) })
        case let m as [AnyHashable: Any]:
            self = .object(Dictionary(uniqueKeysWithValues: m.map { ("\($0.key.base)", JSON(yaml: $0.value)) }))
        case let other?: self = .string("\(other)")
        }
    }

    /// The member `key` of an object.
    subscript(key: String) -> JSON? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The text of a string.
    var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The members of an object.
    var object: [String: JSON]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The elements of an array.
    var array: [JSON]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The JSON Schema type names this value has ("integer" values are also "number").
    var typeNames: Set<String> {
        switch self {
        case .null: ["null"]
        case .bool: ["boolean"]
        case .number(let d): d.rounded() == d && d.isFinite ? ["number", "integer"] : ["number"]
        case .string: ["string"]
        case .array: ["array"]
        case .object: ["object"]
        }
    }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let b): "\(b)"
        case .number(let d): d.rounded() == d && abs(d) < 1e15 ? "\(Int(d))" : "\(d)"
        case .string(let s): "\"\(s)\""
        case .array(let a): "[\(a.map(\.description).joined(separator: ", "))]"
        case .object(let o): "{\(o.keys.sorted().map { "\"\($0)\": \(o[$0]!)" }.joined(separator: ", "))}"
        }
    }
}

/// Validates values against schemas of one document, resolving `$ref`s such as `#/components/schemas/User`.
///
/// Supported: `$ref`, `type` (a name or an array of names), `enum`, `const`, `required`, `properties`,
/// `additionalProperties` (false or a schema), `items`, `oneOf`, `anyOf`, `allOf`, `minimum`, `maximum`,
/// `minLength`, `maxLength`, `minItems`, `maxItems`, and `format` `date-time` and `uuid`. Any other keyword that
/// would constrain a value is reported as unsupported, so the document cannot silently outgrow the checker.
struct SchemaValidator {
    /// The document `$ref`s point into.
    let document: JSON

    /// Keywords that only annotate.
    static let annotations: Set<String> = [
        "description", "title", "examples", "example", "default", "contentMediaType", "deprecated", "readOnly", "writeOnly",
    ]

    /// Every way `value` breaks `schema`, each prefixed with the JSON path where it happens; empty when it conforms.
    func errors(_ value: JSON, _ schema: JSON, at path: String = "$") -> [String] {
        guard let keywords = schema.object else {
            if case .bool(let accept) = schema { return accept ? [] : ["\(path): no value is allowed here"] }
            return ["\(path): the schema is not an object"]
        }
        var out: [String] = []
        for (keyword, argument) in keywords.sorted(by: { $0.key < $1.key }) {
            switch keyword {
            case "$ref":
                guard let ref = argument.string, let target = resolve(ref) else {
                    out.append("\(path): unresolvable $ref \(argument)")
                    continue
                }
                out += errors(value, target, at: path)
            case "type":
                let allowed = Set(argument.array?.compactMap(\.string) ?? argument.string.map { [$0] } ?? [])
                if allowed.isDisjoint(with: value.typeNames) {
                    out.append("\(path): expected \(allowed.sorted().joined(separator: " or ")), got \(value)")
                }
            case "enum":
                if !(argument.array ?? []).contains(value) { out.append("\(path): \(value) is not one of \(argument)") }
            case "const":
                if value != argument { out.append("\(path): \(value) is not \(argument)") }
            case "required":
                guard let members = value.object else { continue }
                for name in argument.array?.compactMap(\.string) ?? [] where members[name] == nil {
                    out.append("\(path): missing required property '\(name)'")
                }
            case "properties":
                guard let members = value.object, let properties = argument.object else { continue }
                for (name, sub) in properties.sorted(by: { $0.key < $1.key }) {
                    if let member = members[name] { out += errors(member, sub, at: "\(path).\(name)") }
                }
            case "additionalProperties":
                guard let members = value.object else { continue }
                let declared = Set(keywords["properties"]?.object?.keys.map { $0 } ?? [])
                for (name, member) in members.sorted(by: { $0.key < $1.key }) where !declared.contains(name) {
                    if argument == .bool(false) {
                        out.append("\(path): property '\(name)' is not in the schema")
                    } else {
                        out += errors(member, argument, at: "\(path).\(name)")
                    }
                }
            case "items":
                guard let elements = value.array else { continue }
                for (i, element) in elements.enumerated() { out += errors(element, argument, at: "\(path)[\(i)]") }
            case "oneOf", "anyOf":
                let branches = argument.array ?? []
                let matching = branches.filter { errors(value, $0, at: path).isEmpty }.count
                if keyword == "oneOf" ? matching != 1 : matching == 0 {
                    out.append("\(path): \(value) matches \(matching) of the \(branches.count) \(keyword) schemas")
                }
            case "allOf":
                for branch in argument.array ?? [] { out += errors(value, branch, at: path) }
            case "minimum", "maximum":
                guard case .number(let n) = value, case .number(let bound) = argument else { continue }
                if keyword == "minimum" ? n < bound : n > bound { out.append("\(path): \(n) is beyond the \(keyword) \(bound)") }
            case "minLength", "maxLength":
                guard let s = value.string, case .number(let bound) = argument else { continue }
                if keyword == "minLength" ? Double(s.count) < bound : Double(s.count) > bound {
                    out.append("\(path): length \(s.count) is beyond the \(keyword) \(Int(bound))")
                }
            case "minItems", "maxItems":
                guard let a = value.array, case .number(let bound) = argument else { continue }
                if keyword == "minItems" ? Double(a.count) < bound : Double(a.count) > bound {
                    out.append("\(path): \(a.count) items is beyond the \(keyword) \(Int(bound))")
                }
            case "format":
                guard let s = value.string else { continue }
                switch argument.string {
                case "date-time" where Self.date(s) == nil: out.append("\(path): '\(s)' is not an RFC 3339 date-time")
                case "uuid" where UUID(uuidString: s) == nil: out.append("\(path): '\(s)' is not a UUID")
                default: break
                }
            default:
                if !Self.annotations.contains(keyword) { out.append("\(path): schema keyword '\(keyword)' is not supported by the validator") }
            }
        }
        return out
    }

    /// The schema a local reference (`#/a/b/c`) points at.
    func resolve(_ ref: String) -> JSON? {
        guard ref.hasPrefix("#/") else { return nil }
        var node: JSON? = document
        for part in ref.dropFirst(2).split(separator: "/") {
            let key = part.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            node = node?[key]
        }
        return node
    }

    /// `node` itself, or, when it is a Reference Object (`{"$ref": ...}`, as responses, parameters and headers may be),
    /// what its chain of references ends at; nil when a reference does not resolve or the chain loops.
    /// Sibling `description`/`summary` overrides are not merged: they only annotate.
    func dereferenced(_ node: JSON) -> JSON? {
        var current = node
        var seen: Set<String> = []
        while let ref = current["$ref"]?.string {
            guard seen.insert(ref).inserted, let target = resolve(ref) else { return nil }
            current = target
        }
        return current
    }

    /// Parses an RFC 3339 timestamp, with or without fractional seconds.
    static func date(_ text: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: text) { return d }
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: text)
    }
}

// LLMReply: turns a structured-output reply into JSON bytes: trims it and removes one Markdown code fence.
// Knows nothing about the shapes inside; never searches free text for JSON.

import Foundation

/// Shared checks for JSON replies.
enum LLMReply {
    /// The reply's JSON bytes; throws `invalidPlan` for empty, oversized or non-JSON-object replies.
    static func jsonData(_ reply: String, maxBytes: Int, what: String) throws -> Data {
        guard reply.utf8.count <= maxBytes else {
            throw MashupError(.invalidPlan, "the \(what) reply is \(reply.utf8.count) bytes; the limit is \(maxBytes)")
        }
        var text = reply.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("```") {
            // A single fence around the whole reply: drop the opening line and the closing fence.
            guard let firstNewline = text.firstIndex(of: "\n"), text.hasSuffix("```") else {
                throw MashupError(.invalidPlan, "the \(what) reply has an unclosed code fence")
            }
            text = String(text[text.index(after: firstNewline)..<text.index(text.endIndex, offsetBy: -3)])
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard text.hasPrefix("{"), text.hasSuffix("}") else {
            throw MashupError(.invalidPlan, "the \(what) reply is not a JSON object")
        }
        return Data(text.utf8)
    }

    /// The reply's top-level JSON object with every key camelCased at every depth (`crossfade_after`,
    /// `crossfade-after` and `CrossfadeAfter` become `crossfadeAfter`); a key already in camelCase wins over
    /// another spelling of it. Throws `invalidPlan` when the bytes are not a JSON object.
    static func object(_ data: Data, what: String) throws -> [String: Any] {
        guard let parsed = try? JSONSerialization.jsonObject(with: data), let object = camelCased(parsed) as? [String: Any] else {
            throw MashupError(.invalidPlan, "the \(what) reply is not a JSON object")
        }
        return object
    }

    /// `value` with the keys of every object in it camelCased (see `object(_:what:)`).
    static func camelCased(_ value: Any) -> Any {
        if let list = value as? [Any] { return list.map(camelCased) }
        guard let dict = value as? [String: Any] else { return value }
        var out: [String: Any] = [:]
        for key in dict.keys.sorted() {
            let name = camelCase(key)
            if out[name] != nil && key != name { continue }
            out[name] = camelCased(dict[key]!)
        }
        return out
    }

    /// `crossfade_after`, `crossfade-after`, `CrossfadeAfter` → `crossfadeAfter`; other keys unchanged.
    static func camelCase(_ key: String) -> String {
        let parts = key.split(whereSeparator: { $0 == "_" || $0 == "-" || $0 == " " })
        guard let first = parts.first else { return key }
        let head = first.prefix(1).lowercased() + first.dropFirst()
        return head + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// A number from a JSON number or a numeric string ("12.5"); nil otherwise.
    static func number(_ value: Any?) -> Double? {
        if let n = value as? NSNumber { return n.doubleValue }
        if let s = value as? String { return Double(s.trimmingCharacters(in: .whitespaces)) }
        return nil
    }

    /// A short description of a decoding error (the failing key path).
    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing '\(key.stringValue)' at \(path(context))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "wrong type at \(path(context))"
        case DecodingError.dataCorrupted(let context):
            return "malformed JSON at \(path(context))"
        default:
            return "\(error)"
        }
    }

    static func path(_ context: DecodingError.Context) -> String {
        let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
        return "$" + keys
    }
}

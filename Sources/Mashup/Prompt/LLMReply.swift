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

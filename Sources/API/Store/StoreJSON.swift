// How both stores turn a job's overrides and outputs into JSON text and back. Knows nothing of SQL.
import Foundation

/// JSON text coding for the jobs table's `overrides` and `outputs` columns.
enum StoreJSON {
    /// Stable JSON text for a value (sorted keys, so equal values give equal text).
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Decodes JSON text written by `encode`; a corrupt column is reported as `StoreError.unavailable`.
    static func decode<T: Decodable>(_ type: T.Type, from text: String, column: String) throws -> T {
        // Most jobs have no overrides and no outputs: skip the decoder's setup for the empty cases.
        if text == "{}", let empty = [String: String]() as? T { return empty }
        if text == "[]", let empty = [String]() as? T { return empty }
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw StoreError.unavailable("jobs.\(column) holds invalid JSON: \(error)")
        }
    }
}

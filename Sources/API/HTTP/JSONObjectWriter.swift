// A JSON object written by hand, for the answers every request can hit (the signed-in user, error bodies, history
// pages): Foundation's JSONEncoder cost a tenth of `GET /auth/me` and a quarter of a history page. Strings are escaped
// as RFC 8259 requires and JSONEncoder does (quote, backslash and control characters; `/` and non-ASCII left as they
// are), so clients see the same JSON.

import Services

/// Builds one JSON object, field by field, in the order added.
struct JSONObjectWriter {
    private var bytes: [UInt8] = [UInt8(ascii: "{")]
    private var empty = true

    /// Starts an empty object.
    init() { bytes.reserveCapacity(256) }

    /// Adds `"key": "value"`.
    mutating func add(_ key: String, string value: String) {
        self.key(key)
        Self.appendString(value, to: &bytes)
    }

    /// Adds `"key": true|false`.
    mutating func add(_ key: String, bool value: Bool) {
        self.key(key)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// Adds `"key": 123`.
    mutating func add(_ key: String, int value: Int) {
        self.key(key)
        bytes.append(contentsOf: String(value).utf8)
    }

    /// Adds `"key": 1.5`, a whole number without a fraction (as JSONEncoder and JSONValue write them).
    mutating func add(_ key: String, double value: Double) {
        self.key(key)
        Self.appendNumber(value, to: &bytes)
    }

    /// Adds `"key": [<object>, ...]`.
    mutating func add(_ key: String, objects: [JSONObjectWriter]) {
        self.key(key)
        bytes.append(UInt8(ascii: "["))
        for (i, object) in objects.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            append(object)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Adds `"key": <any JSON value>`; object members in sorted key order.
    mutating func add(_ key: String, value: JSONValue) {
        self.key(key)
        Self.appendValue(value, to: &bytes)
    }

    /// Adds `"key": <object>` with an object written by another writer.
    mutating func add(_ key: String, object: JSONObjectWriter) {
        self.key(key)
        append(object)
    }

    /// The object's bytes.
    func finished() -> [UInt8] { bytes + [UInt8(ascii: "}")] }

    /// Appends a nested object in place, without building its finished copy.
    private mutating func append(_ object: JSONObjectWriter) {
        bytes.append(contentsOf: object.bytes)
        bytes.append(UInt8(ascii: "}"))
    }

    private mutating func key(_ key: String) {
        if !empty { bytes.append(UInt8(ascii: ",")) }
        empty = false
        Self.appendString(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends a finite number; a whole number under 2^53 without a fraction, others in Swift's shortest form.
    static func appendNumber(_ value: Double, to bytes: inout [UInt8]) {
        if value.rounded() == value, abs(value) < 9.0e15 {
            bytes.append(contentsOf: String(Int64(value)).utf8)
        } else if value.isFinite {
            bytes.append(contentsOf: "\(value)".utf8)
        } else {
            bytes.append(contentsOf: "null".utf8)
        }
    }

    /// Appends any JSON value.
    static func appendValue(_ value: JSONValue, to bytes: inout [UInt8]) {
        switch value {
        case .null: bytes.append(contentsOf: "null".utf8)
        case .bool(let b): bytes.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): appendNumber(n, to: &bytes)
        case .string(let s): appendString(s, to: &bytes)
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                appendValue(item, to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            for (i, key) in members.keys.sorted().enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                appendString(key, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                appendValue(members[key]!, to: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// Appends `value` as a quoted JSON string.
    static func appendString(_ value: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

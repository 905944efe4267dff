// A JSON object written by hand, for the answers every request can hit (the signed-in user, error bodies): Foundation's
// JSONEncoder cost a tenth of `GET /auth/me`. Strings are escaped as RFC 8259 requires and JSONEncoder does (quote,
// backslash and control characters; `/` and non-ASCII left as they are), so clients see the same JSON.

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

    /// Adds `"key": <object>` with an object written by another writer.
    mutating func add(_ key: String, object: JSONObjectWriter) {
        self.key(key)
        bytes.append(contentsOf: object.finished())
    }

    /// The object's bytes.
    func finished() -> [UInt8] { bytes + [UInt8(ascii: "}")] }

    private mutating func key(_ key: String) {
        if !empty { bytes.append(UInt8(ascii: ",")) }
        empty = false
        Self.appendString(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

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

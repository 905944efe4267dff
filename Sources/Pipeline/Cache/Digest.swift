// SHA-256 content digests, printed as lowercase hex.
// Knows nothing of where the hashed bytes live.
import Crypto
import Foundation

/// A SHA-256 digest.
public struct Digest: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    /// 64 lowercase hex characters.
    public let hex: String

    /// Wraps a hex string; nil unless it is 64 lowercase hex characters.
    public init?(hex: String) {
        guard hex.count == 64, hex.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
        self.hex = hex
    }

    init(_ digest: SHA256.Digest) {
        hex = digest.map { String(format: "%02x", $0) }.joined()
    }

    /// The digest of bytes.
    public static func of(_ data: Data) -> Digest { Digest(SHA256.hash(data: data)) }

    /// The digest of a string's UTF-8 bytes.
    public static func of(_ text: String) -> Digest { of(Data(text.utf8)) }

    /// The digest and size of a file, read in 1 MiB chunks.
    public static func ofFile(at path: String) throws -> (Digest, Int64) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        var size: Int64 = 0
        while true {
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty { break }
            size += Int64(chunk.count)
            hasher.update(data: chunk)
        }
        return (Digest(hasher.finalize()), size)
    }

    /// The first 12 characters, for display.
    public var short: String { String(hex.prefix(12)) }
    /// `sha256:<hex>`.
    public var description: String { "sha256:\(hex)" }
    /// Orders by hex text.
    public static func < (a: Digest, b: Digest) -> Bool { a.hex < b.hex }

    /// Encodes as the hex string.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(hex)
    }

    /// Decodes from a hex string.
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let d = Digest(hex: text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a SHA-256 hex digest: \(text)")
        }
        self = d
    }
}

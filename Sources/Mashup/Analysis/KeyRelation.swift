// KeyRelation and CamelotKey: how two keys sit on the Camelot wheel, for ordering tracks and judging transitions.
// Pure data; knows nothing about audio or how keys were estimated.
import Foundation

/// A key as a Camelot code: a number 1…12 (a fifth per step) and A (minor) or B (major).
public struct CamelotKey: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The wheel position, 1…12.
    public var number: Int
    /// True for minor keys (the A ring).
    public var minor: Bool

    /// Parses `8A`, `12B`; nil otherwise.
    public init?(_ code: String) {
        let text = code.trimmingCharacters(in: .whitespaces).uppercased()
        guard let ring = text.last, ring == "A" || ring == "B", let n = Int(text.dropLast()), (1...12).contains(n) else { return nil }
        number = n
        minor = ring == "A"
    }

    /// The code, for example `8A`.
    public var description: String { "\(number)\(minor ? "A" : "B")" }

    /// Steps around the wheel (0…6) plus one for changing ring: 0 same, 1 a fifth or the relative key.
    public func distance(to other: CamelotKey) -> Int {
        let d = abs(number - other.number) % 12
        return min(d, 12 - d) + (minor == other.minor ? 0 : 1)
    }

    /// How `other` relates to this key.
    public func relation(to other: CamelotKey) -> KeyRelation {
        let d = abs(number - other.number) % 12
        let steps = min(d, 12 - d)
        if steps == 0 { return minor == other.minor ? .same : .relative }
        if steps == 1 && minor == other.minor { return .fifth }
        return .clash
    }

    /// The pitch-class offset of this key's tonic from C (0…11).
    public var tonic: Int {
        // 8B is C major; each step up the wheel is a fifth (7 semitones); the A ring is the relative minor.
        let major = ((number - 8) * 7 % 12 + 12) % 12
        return minor ? (major + 9) % 12 : major
    }

    /// The key reached by moving the tonic `semitones` (same mode).
    public func transposed(by semitones: Int) -> CamelotKey {
        // Each wheel step is a fifth (7 semitones), so one semitone up is 7 steps (7 × 7 = 49 ≡ 1 mod 12).
        var copy = self
        copy.number = ((number - 1 + 7 * semitones) % 12 + 12) % 12 + 1
        return copy
    }
}

/// How two keys relate, as a DJ would say it.
public enum KeyRelation: String, Sendable, Codable, Equatable {
    /// The same key.
    case same
    /// Relative major/minor (same notes).
    case relative
    /// A fifth apart, same mode (neighbours on the wheel).
    case fifth
    /// Anything else: the harmonies clash.
    case clash
    /// A key is unknown.
    case unknown

    /// Whether the keys mix without a clash.
    public var isCompatible: Bool { self == .same || self == .relative || self == .fifth }
}

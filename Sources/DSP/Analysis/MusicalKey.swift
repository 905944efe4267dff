// MusicalKey: a key as a tonic pitch class and a mode, with its conventional name and Camelot code.
// Pure data; knows nothing about how a key was estimated.
import Foundation

/// A major or minor key.
public struct MusicalKey: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Major or minor.
    public enum Mode: String, Sendable, Hashable, Codable, CaseIterable {
        /// A major key.
        case major
        /// A (natural or harmonic) minor key.
        case minor
    }

    /// The tonic's pitch class: 0 = C, 1 = C♯/D♭, … 11 = B.
    public var tonic: Int
    /// Major or minor.
    public var mode: Mode

    /// Creates a key; the tonic is taken modulo 12.
    public init(tonic: Int, mode: Mode) {
        self.tonic = ((tonic % 12) + 12) % 12
        self.mode = mode
    }

    /// Pitch-class names as keys are usually spelled (sharps for F♯ and C♯, flats elsewhere).
    static let pitchNames = ["C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"]

    /// The key's name, for example `A minor` or `Eb major`.
    public var name: String { "\(Self.pitchNames[tonic]) \(mode.rawValue)" }

    /// The key's name.
    public var description: String { name }

    /// The Camelot wheel number (1–12): neighbours on the wheel are a fifth apart.
    public var camelotNumber: Int {
        // C major is 8B and A minor 8A; each fifth up adds one.
        let majorTonic = mode == .major ? tonic : (tonic + 3) % 12
        return ((majorTonic * 7) % 12 + 7) % 12 + 1
    }

    /// The Camelot code, for example `8A` (minor keys are A, major keys B).
    public var camelot: String { "\(camelotNumber)\(mode == .minor ? "A" : "B")" }

    /// The relative key (A minor ↔ C major).
    public var relative: MusicalKey {
        mode == .major ? MusicalKey(tonic: tonic + 9, mode: .minor) : MusicalKey(tonic: tonic + 3, mode: .major)
    }

    /// Parses names such as `A minor`, `F# major`, `Bbm`, `C#min`, `Am`; nil when not a key.
    public init?(name: String) {
        let text = name.trimmingCharacters(in: .whitespaces)
        guard let letter = text.first.map(String.init)?.uppercased(),
              let natural = ["C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11][letter] else { return nil }
        var rest = Substring(text.dropFirst())
        var pitch = natural
        if let accidental = rest.first, "#♯b♭".contains(accidental) {
            pitch += (accidental == "#" || accidental == "♯") ? 1 : -1
            rest = rest.dropFirst()
        }
        let mode = rest.trimmingCharacters(in: .whitespaces).lowercased()
        switch mode {
        case "", "maj", "major": self.init(tonic: pitch, mode: .major)
        case "m", "min", "minor": self.init(tonic: pitch, mode: .minor)
        default: return nil
        }
    }

    /// Parses a Camelot code such as `8A` or `12B`; nil when not one.
    public init?(camelot: String) {
        let text = camelot.trimmingCharacters(in: .whitespaces).uppercased()
        guard let letter = text.last, letter == "A" || letter == "B", let number = Int(text.dropLast()), (1...12).contains(number) else { return nil }
        // Inverse of camelotNumber: the major tonic whose fifths-index gives this number.
        let fifths = ((number - 1 - 7) % 12 + 12) % 12
        let majorTonic = (fifths * 7) % 12
        self = letter == "B" ? MusicalKey(tonic: majorTonic, mode: .major) : MusicalKey(tonic: majorTonic + 9, mode: .minor)
    }
}

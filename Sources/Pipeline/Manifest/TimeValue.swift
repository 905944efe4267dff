// Parsing of times (`90`, `1:30`, `01:02:03.5`) and bit rates (`192k`).
// Pure functions; no knowledge of manifests beyond the text formats.
import Foundation

/// Time and bit-rate text formats accepted in manifests and requests.
public enum TimeValue {
    /// Seconds from a number or `SS`, `MM:SS`, `HH:MM:SS` (each with optional fraction); nil if malformed.
    public static func seconds(from text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        let parts = trimmed.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 3 else { return nil }
        var total = 0.0
        for (i, part) in parts.enumerated() {
            let isLast = i == parts.count - 1
            guard !part.isEmpty, part.allSatisfy({ $0.isNumber || (isLast && $0 == ".") }),
                  part.filter({ $0 == "." }).count <= 1, let v = Double(part) else { return nil }
            // Minutes and seconds after the first field must be below 60.
            if i > 0 && v >= 60 { return nil }
            total = total * 60 + v
        }
        return total
    }

    /// Seconds from a manifest value (a number or a time string).
    public static func seconds(from value: Value) -> Double? {
        switch value {
        case .int(let i): return Double(i)
        case .double(let d): return d.isFinite ? d : nil
        case .string(let s): return seconds(from: s)
        default: return nil
        }
    }

    /// Bits per second from `192000`, `192k`, `192K`, `1.5M`; nil if malformed or not positive.
    public static func bitrate(from value: Value) -> Int? {
        switch value {
        case .int(let i): return i > 0 ? i : nil
        case .double(let d): return d > 0 && d.isFinite ? clamped(d) : nil
        case .string(let s):
            var text = s.trimmingCharacters(in: .whitespaces).lowercased()
            var scale = 1.0
            if text.hasSuffix("k") { scale = 1000; text.removeLast() }
            else if text.hasSuffix("m") { scale = 1_000_000; text.removeLast() }
            guard let v = Double(text), v > 0, v.isFinite else { return nil }
            return clamped((v * scale).rounded())
        default: return nil
        }
    }

    /// A positive rate as an integer, `Int.max` when it is larger (so range checks, not a trap, refuse it).
    private static func clamped(_ d: Double) -> Int {
        d >= 9.2e18 ? Int.max : Int(d)
    }

    /// Formats seconds as `H:MM:SS.mmm` or `M:SS.mmm` for people.
    public static func format(_ seconds: Double) -> String {
        let ms = Int((seconds * 1000).rounded())
        let h = ms / 3_600_000, m = (ms / 60_000) % 60, s = (ms / 1000) % 60, f = ms % 1000
        return h > 0 ? String(format: "%d:%02d:%02d.%03d", h, m, s, f) : String(format: "%d:%02d.%03d", m, s, f)
    }
}

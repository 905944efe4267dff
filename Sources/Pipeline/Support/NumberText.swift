// Numbers and seconds written for people in messages: rounded, never `6.359999999999999`.
// Pure text formatting; cache keys and artifacts keep using `Value.canonical`.
import Foundation

/// Formats numbers for people: two decimals (more for tiny values), trailing zeros dropped.
public enum NumberText {
    /// `x` rounded for people: 6.359999999999999 → "6.36", 3.0 → "3", 0.004 → "0.004".
    /// With `apartFrom`, adds decimals (up to 9) until the text differs from that number's,
    /// so "7.004 is more than 7" never reads "7 is more than 7".
    public static func number(_ x: Double, apartFrom other: Double? = nil) -> String {
        guard x.isFinite else { return "\(x)" }
        var decimals = 2
        if x != 0, abs(x) < 0.1 { decimals = min(9, Int((-log10(abs(x))).rounded(.down)) + 2) }
        var text = rounded(x, decimals)
        if let other, other != x {
            while decimals < 9, text == rounded(other, decimals) {
                decimals += 1
                text = rounded(x, decimals)
            }
        }
        return text
    }

    /// `x` seconds for people: 6.359999999999999 → "6.36 s"; see `number(_:apartFrom:)`.
    public static func seconds(_ x: Double, apartFrom other: Double? = nil) -> String {
        number(x, apartFrom: other) + " s"
    }

    /// `x` with at most `decimals` decimals, trailing zeros and a negative zero dropped.
    static func rounded(_ x: Double, _ decimals: Int) -> String {
        var text = String(format: "%.\(decimals)f", x)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }
}

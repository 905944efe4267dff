// ClipTime: reads clip times written as seconds, MM:SS or HH:MM:SS (with fractions) and writes them back.
// Knows nothing about CSV rows or clips; callers attach the row and column to errors.

import Foundation

/// Clip time syntax shared by the CSV parser, the `URL@START-END` form and prompt time windows.
public enum ClipTime {
    /// The largest time accepted: 24 hours.
    public static let maxSeconds = 86_400.0

    /// Seconds for `SS`, `SS.fff`, `MM:SS(.fff)` or `HH:MM:SS(.fff)`, or nil.
    ///
    /// Leading and trailing whitespace is ignored. With colons, seconds (and minutes in `HH:MM:SS`) must be
    /// two digits at most and below 60; the first field may be any length ("90:00" is 90 minutes). Negative,
    /// non-finite and over-24-hour values are rejected.
    public static func parse(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 32 else { return nil }
        let fields = trimmed.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...3).contains(fields.count) else { return nil }
        guard let last = fields.last, let seconds = decimal(last) else { return nil }
        var total = seconds
        if fields.count > 1 {
            let whole = last.split(separator: ".", omittingEmptySubsequences: false)[0]
            guard whole.count <= 2, seconds < 60 else { return nil }
        }
        var multiplier = 60.0
        for (index, field) in fields.dropLast().reversed().enumerated() {
            guard let value = integer(field) else { return nil }
            let isOuter = index == fields.count - 2
            if !isOuter { guard field.count <= 2, value < 60 else { return nil } }
            total += Double(value) * multiplier
            multiplier *= 60
        }
        guard total.isFinite, total <= maxSeconds else { return nil }
        return total
    }

    /// `M:SS.mmm` (or `H:MM:SS.mmm` from one hour), trailing zero fraction dropped: 90.5 → "1:30.5".
    /// Negative values print as 0; non-finite or absurd ones as plain seconds.
    public static func format(_ seconds: Double) -> String {
        guard seconds.isFinite, abs(seconds) < 1e12 else { return "\(seconds) s" }
        let millis = Int((max(0, seconds) * 1000).rounded())
        let hours = millis / 3_600_000, minutes = (millis / 60_000) % 60, secs = (millis / 1000) % 60, ms = millis % 1000
        var text = hours > 0 ? "\(hours):" + pad(minutes) + ":" + pad(secs) : "\(minutes):" + pad(secs)
        if ms > 0 {
            var fraction = String(ms + 1000).dropFirst()
            while fraction.last == "0" { fraction = fraction.dropLast() }
            text += "." + fraction
        }
        return text
    }

    static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    static func integer(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 9, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }

    static func decimal(_ text: Substring) -> Double? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return nil }
        let whole = parts[0]
        let fraction = parts.count == 2 ? parts[1] : ""
        guard !(whole.isEmpty && fraction.isEmpty), parts.count == 1 || !fraction.isEmpty else { return nil }
        guard whole.isEmpty || integer(whole) != nil, fraction.isEmpty || (fraction.count <= 9 && integer(fraction) != nil)
        else { return nil }
        return Double((whole.isEmpty ? "0" : String(whole)) + (fraction.isEmpty ? "" : "." + fraction))
    }
}

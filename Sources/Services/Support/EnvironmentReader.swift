// EnvironmentReader: typed, validated reads of `[String: String]` environment dictionaries.
// Knows nothing about which variables exist; each configuration names its own.
import Foundation

/// Reads typed values from an environment dictionary; empty strings count as unset.
struct EnvironmentReader: Sendable {
    /// The environment being read.
    let environment: [String: String]

    /// The trimmed value, or nil when unset or blank.
    func string(_ name: String) -> String? {
        guard let raw = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty else {
            return nil
        }
        return raw
    }

    /// An integer within `range`, or nil when unset.
    func int(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let raw = string(name) else { return nil }
        guard let value = Int(raw), range.contains(value) else {
            throw ConfigurationError(variable: name, message: "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// A finite number within `range`, or nil when unset.
    func double(_ name: String, in range: ClosedRange<Double>) throws -> Double? {
        guard let raw = string(name) else { return nil }
        guard let value = Double(raw), value.isFinite, range.contains(value) else {
            throw ConfigurationError(variable: name, message: "\(name) must be a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// A boolean (`1/true/yes/on` or `0/false/no/off`), or nil when unset.
    func bool(_ name: String) throws -> Bool? {
        guard let raw = string(name)?.lowercased() else { return nil }
        switch raw {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigurationError(variable: name, message: "\(name) must be true or false")
        }
    }

    /// An absolute http(s) URL without a trailing slash, or nil when unset.
    func baseURL(_ name: String) throws -> String? {
        guard let raw = string(name) else { return nil }
        guard let url = URL(string: raw), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              url.host != nil
        else {
            throw ConfigurationError(variable: name, message: "\(name) must be an absolute http or https URL")
        }
        return BaseURL.trimmed(raw)
    }
}

/// Helpers for base URLs.
enum BaseURL {
    /// The URL without trailing slashes, so paths can be appended with "/".
    static func trimmed(_ url: String) -> String {
        var text = url
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}

// Manifest problems: each names file:line:column and the field, and all are reported together.
// Knows nothing of how a manifest is parsed or validated.

/// One problem in a manifest, located to the character.
public struct ManifestIssue: Sendable, Hashable, CustomStringConvertible {
    /// Where the problem is.
    public var location: SourceLocation
    /// The field path, such as `stages.mix.duration`, or empty for the whole document.
    public var field: String
    /// What is wrong, for a person.
    public var message: String

    /// Creates an issue.
    public init(location: SourceLocation, field: String, message: String) {
        self.location = location
        self.field = field
        self.message = message
    }

    /// `file:line:column: error: field: message`.
    public var description: String {
        field.isEmpty ? "\(location): error: \(message)" : "\(location): error: \(field): \(message)"
    }
}

/// An invalid manifest: every problem found, in file order.
public struct ManifestError: Error, Sendable, CustomStringConvertible {
    /// Why the manifest was refused.
    public enum Code: String, Sendable {
        /// The manifest has problems; `issues` lists them all.
        case invalid = "MANIFEST_INVALID"
        /// Validation stopped at a `ManifestLimits` bound (instances, bindings or deadline); `issues` says where.
        case tooComplex = "MANIFEST_TOO_COMPLEX"
    }

    /// Why the manifest was refused (default `.invalid`).
    public var code: Code
    /// The problems, sorted by location.
    public var issues: [ManifestIssue]

    /// Creates an error from issues, sorting them by position.
    public init(issues: [ManifestIssue], code: Code = .invalid) {
        self.code = code
        self.issues = issues.sorted {
            ($0.location.file, $0.location.line, $0.location.column, $0.field) < ($1.location.file, $1.location.line, $1.location.column, $1.field)
        }
    }

    /// One issue per line.
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}

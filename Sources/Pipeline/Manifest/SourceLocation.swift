// A position in a manifest file, for error messages.
// Knows nothing of what is at that position.

/// A file, line and column (both 1-based), printed as `file:line:column`.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The manifest's path as the user gave it.
    public var file: String
    /// Line, counting from 1.
    public var line: Int
    /// Column in Unicode scalars, counting from 1.
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`.
    public var description: String { "\(file):\(line):\(column)" }
}

// ConfigurationError: an environment variable that is set but cannot be used (code CONFIG_INVALID).
// Knows nothing about where the environment came from.

/// A configuration value that is present but malformed or out of range.
public struct ConfigurationError: ServiceFailure, Equatable {
    /// Always `CONFIG_INVALID`.
    public static let code = "CONFIG_INVALID"
    /// The environment variable at fault.
    public var variable: String
    /// What is wrong with it (the value itself is not repeated, as it may be a secret).
    public var message: String

    /// Creates an error for `variable`.
    public init(variable: String, message: String) {
        self.variable = variable
        self.message = message
    }

    /// `CONFIG_INVALID`.
    public var codeString: String { Self.code }
    /// Always nil: the message names the variable.
    public var detail: String? { nil }
}

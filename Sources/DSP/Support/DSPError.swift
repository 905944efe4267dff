// DSPError: the one error type thrown by the DSP target, with a code, a file path and a message.
// Knows nothing about how callers report errors (HTTP codes, CLI exit codes).

/// An error from DSP file I/O or processing, printable for a person.
public struct DSPError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of failure this is, stable for programs to match on.
    public enum Code: String, Sendable, Equatable {
        /// The file is not a RIFF/WAVE file.
        case notWAV
        /// The WAV header is damaged or inconsistent.
        case malformedWAV
        /// The file is shorter than its header claims.
        case truncated
        /// The WAV sample encoding is not one this reader decodes.
        case unsupportedFormat
        /// Inputs that must share a format do not.
        case formatMismatch
        /// A crossfade transition does not fit its neighbouring inputs.
        case invalidTransition
        /// A caller-supplied argument is out of range.
        case invalidArgument
        /// A system call failed (open, read, write, fsync, rename).
        case io
    }

    /// What kind of failure this is.
    public var code: Code
    /// The file involved, when there is one.
    public var path: String?
    /// A sentence for a person, already naming the file where relevant.
    public var message: String

    /// Creates an error; `message` should read well on its own.
    public init(_ code: Code, path: String? = nil, _ message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    /// The message, prefixed with the code.
    public var description: String { "DSP error (\(code.rawValue)): \(message)" }
}

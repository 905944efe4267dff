// The error thrown by TimeStretcher: a code, a message for a person, and nothing else.
// It knows nothing of Rubber Band beyond the words of its messages.

/// Why a time stretch failed: invalid arguments, empty input or a failure of the library.
public struct TimeStretchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure, stable for callers that branch on it.
    public enum Code: String, Sendable, Hashable {
        /// The sample rate or channel count is out of range.
        case invalidFormat
        /// The input has no frames.
        case emptyInput
        /// The channel count or the channels' lengths disagree.
        case channelMismatch
        /// The requested output length is not positive or too large.
        case invalidOutputLength
        /// The anchors are out of range or not strictly increasing.
        case invalidAnchors
        /// The pitch shift is not finite or out of range.
        case invalidPitch
        /// The input is longer than Rubber Band can take.
        case inputTooLong
        /// Rubber Band could not be set up or produced far too little or too much audio.
        case libraryFailure
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong, for a person.
    public var message: String

    /// Creates an error of `code` with `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The code and the message, e.g. `time stretch: invalidAnchors: anchor 2 ...`.
    public var description: String { "time stretch: \(code.rawValue): \(message)" }
}

// MashupError: the one error type thrown by the Mashup target, with a stable code, a location and a message.
// Knows nothing about how callers report errors (HTTP statuses, CLI exit codes).

/// An error from parsing user input or validating a plan, printable for a person.
public struct MashupError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of failure this is; the raw value is stable for programs to match on.
    public enum Code: String, Sendable, Equatable, Codable {
        /// An input is longer than its limit (bytes, lines, rows).
        case inputTooLarge = "INPUT_TOO_LARGE"
        /// The CSV text is not well-formed RFC 4180 (for example an unterminated quote).
        case csvMalformed = "CSV_MALFORMED"
        /// The CSV header lacks a required column or repeats one.
        case csvHeader = "CSV_HEADER"
        /// A clip URL is empty, too long, or not an allowed http(s) URL.
        case invalidURL = "CLIP_INVALID_URL"
        /// A clip time is not SS, MM:SS or HH:MM:SS.
        case invalidTime = "CLIP_INVALID_TIME"
        /// A clip's end does not exceed its start, or the clip is longer than allowed.
        case invalidRange = "CLIP_INVALID_RANGE"
        /// There are more clips than allowed.
        case tooManyClips = "CLIP_LIMIT"
        /// A `URL@START-END` clip spec cannot be read.
        case invalidClipSpec = "CLIP_INVALID_SPEC"
        /// A mix plan breaks the constraints (strict mode), or its JSON cannot be read.
        case invalidPlan = "AI_INVALID_PLAN"
        /// A caller-supplied argument is out of range.
        case invalidArgument = "INVALID_ARGUMENT"
    }

    /// What kind of failure this is.
    public var code: Code
    /// A sentence for a person, already naming the row, column or segment where relevant.
    public var message: String
    /// The 1-based row (CSV: the header is row 1) or line the error is about, when there is one.
    public var row: Int?
    /// The column (CSV header name) the error is about, when there is one.
    public var column: String?
    /// Individual problems when there are several (for example each rule a plan breaks).
    public var problems: [String]

    /// Creates an error; `message` should read well on its own.
    public init(_ code: Code, _ message: String, row: Int? = nil, column: String? = nil, problems: [String] = []) {
        self.code = code
        self.message = message
        self.row = row
        self.column = column
        self.problems = problems
    }

    /// The code and the message, then each problem on its own line.
    public var description: String {
        var text = "\(code.rawValue): \(message)"
        for problem in problems { text += "\n  - \(problem)" }
        return text
    }
}

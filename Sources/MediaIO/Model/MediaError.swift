// Errors thrown by MediaIO, each naming the file and saying in plain words what went wrong.
// Knows nothing about stages or HTTP; callers map `code` to their own error shapes.

/// A failure to read, decode or encode a media file, printable for a person.
public struct MediaError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is; stable for callers to switch on.
    public enum Code: String, Sendable, Hashable, Codable, CaseIterable {
        /// The file is not a media file FFmpeg can open (or it is empty).
        case notAudio
        /// The file opened but holds no audio stream.
        case noAudioStream
        /// The audio stream could not be decoded (corrupt data, missing decoder).
        case decodeFailed
        /// The audio ended before the requested end time.
        case truncated
        /// Encoding or writing the output failed.
        case encodeFailed
        /// The requested encoding is not possible (codec missing, unsupported channel count, bad option).
        case unsupportedFormat
        /// The file could not be found, read, created or renamed.
        case io
        /// A caller passed an impossible value (negative time, sample count not a multiple of channels).
        case invalidArgument
    }

    /// What kind of failure this is.
    public let code: Code
    /// The file the failure concerns, as the caller named it.
    public let path: String
    /// The full human-readable message.
    public let message: String
    /// FFmpeg's own error text (from `av_strerror` or its log), when there was one.
    public let ffmpegMessage: String?

    /// Creates an error with a ready message.
    public init(code: Code, path: String, message: String, ffmpegMessage: String? = nil) {
        self.code = code
        self.path = path
        self.message = message
        self.ffmpegMessage = ffmpegMessage
    }

    /// The message, for example "'x.mp3' has no audio stream".
    public var description: String { message }
}

extension MediaError {
    static func notAudio(_ path: String, _ reason: String) -> MediaError {
        MediaError(code: .notAudio, path: path,
                   message: "'\(path)' is not an audio file FFmpeg can read (\(reason))", ffmpegMessage: reason)
    }

    static func noAudioStream(_ path: String) -> MediaError {
        MediaError(code: .noAudioStream, path: path, message: "'\(path)' has no audio stream")
    }

    static func decodeFailed(_ path: String, _ reason: String) -> MediaError {
        MediaError(code: .decodeFailed, path: path,
                   message: "'\(path)' could not be decoded (\(reason))", ffmpegMessage: reason)
    }

    static func truncated(_ path: String, endedAt: Double, requestedEnd: Double) -> MediaError {
        MediaError(code: .truncated, path: path,
                   message: "'\(path)' ended at \(seconds(endedAt)) s, before the requested end \(seconds(requestedEnd)) s (the file may be truncated)")
    }

    static func encodeFailed(_ path: String, _ what: String, _ reason: String?) -> MediaError {
        let suffix = reason.map { " (\($0))" } ?? ""
        return MediaError(code: .encodeFailed, path: path,
                          message: "could not encode '\(path)': \(what)\(suffix)", ffmpegMessage: reason)
    }

    static func unsupported(_ path: String, _ what: String, _ reason: String? = nil) -> MediaError {
        let suffix = reason.map { " (\($0))" } ?? ""
        return MediaError(code: .unsupportedFormat, path: path,
                          message: "cannot encode '\(path)': \(what)\(suffix)", ffmpegMessage: reason)
    }

    static func io(_ path: String, _ what: String, _ reason: String) -> MediaError {
        MediaError(code: .io, path: path, message: "'\(path)' \(what) (\(reason))", ffmpegMessage: reason)
    }

    static func invalid(_ path: String, _ what: String) -> MediaError {
        MediaError(code: .invalidArgument, path: path, message: "'\(path)': \(what)")
    }

    /// Three decimals, the way the messages show times ("12.345").
    static func seconds(_ value: Double) -> String {
        let millis = Int64((value * 1000).rounded())
        let sign = millis < 0 ? "-" : ""
        let absolute = abs(millis)
        let fraction = String(absolute % 1000)
        return "\(sign)\(absolute / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }
}

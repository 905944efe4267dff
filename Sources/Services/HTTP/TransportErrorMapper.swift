// TransportErrorMapper: turns AsyncHTTPClient/NIO errors into FetchError codes (TIMEOUT, NETWORK_ERROR).
// Knows nothing about which service was called; the detail keeps the raw error for logs.
import AsyncHTTPClient
import NIOCore

/// Maps transport errors to stable codes.
enum TransportErrorMapper {
    /// A FetchError for `error`; cancellation is passed through unchanged by the callers.
    static func map(_ error: any Error) -> FetchError {
        if let fetch = error as? FetchError { return fetch }
        if let client = error as? HTTPClientError {
            switch client {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout:
                return FetchError(.timeout, "The server did not answer in time.", detail: "\(client)")
            default:
                return FetchError(.networkError, "The connection to the server failed.", detail: "\(client)")
            }
        }
        if let channel = error as? ChannelError, case .connectTimeout = channel {
            return FetchError(.timeout, "The server did not answer in time.", detail: "\(channel)")
        }
        if error is NIOTooManyBytesError {
            return FetchError(.tooLarge, "The response is larger than allowed.", detail: "\(error)")
        }
        return FetchError(.networkError, "The connection to the server failed.", detail: String(describing: error))
    }
}

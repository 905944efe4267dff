// FetchResult: what a finished direct download produced.
// Pure data.

/// A file written by SafeHTTPFetcher.
public struct FetchResult: Sendable, Equatable {
    /// The destination path (written atomically).
    public var path: String
    /// Bytes written.
    public var bytes: Int64
    /// The response's Content-Type, if any.
    public var contentType: String?
    /// The URL the body came from, after redirects.
    public var finalURL: String
    /// How many redirects were followed.
    public var redirects: Int
}

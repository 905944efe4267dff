// PageQuery: the `page` and `limit` query parameters of paged lists (history, uploads), read one way everywhere.
import Hummingbird

/// A page request: `page` from 1 (default 1), `limit` clamped to 1...100.
struct PageQuery {
    /// The page, 1 or more.
    var page: Int
    /// Items per page, 1...100.
    var limit: Int
    /// The number of items before this page.
    var offset: Int { (page - 1) * limit }

    /// Reads the request's `page` and `limit`; absent or empty means the default, anything not a whole number is 400
    /// `INVALID_QUERY`.
    init(_ request: Request, defaultLimit: Int) throws {
        let query = request.uri.queryParameters
        func number(_ name: String, _ def: Int) throws -> Int {
            guard let raw = query[Substring(name)].map(String.init), !raw.isEmpty else { return def }
            guard let n = Int(raw) else { throw APIError.badRequest("INVALID_QUERY", "\(name) must be a whole number") }
            return n
        }
        page = try number("page", 1)
        guard page >= 1 && page <= 1_000_000 else { throw APIError.badRequest("INVALID_QUERY", "page must be 1 or more") }
        limit = min(100, max(1, try number("limit", defaultLimit)))
    }
}

// JSON bodies the routes answer with: one encoder (ISO 8601 dates, no escaped slashes) and the
// error body shape shared by every error answer.
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Building JSON responses.
public enum APIResponse {
    /// The encoder every route uses.
    public static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(Self.timestamp(date))
        }
        e.outputFormatting = [.withoutEscapingSlashes]
        return e
    }

    /// A date as ISO 8601 UTC with milliseconds (`2026-11-25T12:47:11.612Z`), formatted by hand: Foundation's
    /// formatters cost more than the rest of a history page together.
    public static func timestamp(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(millis >= 0 ? millis / 1000 : (millis - 999) / 1000)
        let ms = Int((millis % 1000 + 1000) % 1000)
        var t = tm()
        gmtime_r(&seconds, &t)
        func pad(_ v: Int32, _ width: Int) -> String {
            let s = String(v)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        return "\(pad(t.tm_year + 1900, 4))-\(pad(t.tm_mon + 1, 2))-\(pad(t.tm_mday, 2))T\(pad(t.tm_hour, 2)):\(pad(t.tm_min, 2)):"
            + "\(pad(t.tm_sec, 2)).\(pad(Int32(ms), 3))Z"
    }

    /// A JSON response.
    public static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        let data = (try? encoder().encode(value)) ?? Data("{}".utf8)
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The body of an error answer.
    public struct ErrorBody: Encodable {
        /// The message (the original's `error` field).
        public var error: String
        /// The stable code.
        public var code: String
        /// The message again, under a clearer name.
        public var message: String
        /// Seconds to wait before retrying.
        public var retry_after_seconds: Int?
        /// Structured detail.
        public var details: [APIErrorDetail]?
        /// The request id, to quote when reporting a problem.
        public var request_id: String?
    }

    /// A JSON response from bytes already written.
    static func json(bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                 body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The response for an error.
    public static func error(_ e: APIError, requestId: String?) -> Response {
        var response = json(bytes: errorJSON(e, requestId: requestId), status: HTTPResponse.Status(code: e.status))
        if let r = e.retryAfterSeconds { response.headers[.retryAfter] = String(max(1, r)) }
        if e.status == 401 { response.headers[.wwwAuthenticate] = "Bearer" }
        return response
    }

    /// An error's body; one without details (every 401 and 404) is written by hand, the same JSON as the encoder's.
    static func errorJSON(_ e: APIError, requestId: String?) -> [UInt8] {
        guard e.details.isEmpty else {
            let body = ErrorBody(error: e.message, code: e.code, message: e.message, retry_after_seconds: e.retryAfterSeconds,
                                 details: e.details, request_id: requestId)
            return Array((try? encoder().encode(body)) ?? Data("{}".utf8))
        }
        var body = JSONObjectWriter()
        body.add("error", string: e.message)
        body.add("code", string: e.code)
        body.add("message", string: e.message)
        if let r = e.retryAfterSeconds { body.add("retry_after_seconds", int: r) }
        if let requestId { body.add("request_id", string: requestId) }
        return body.finished()
    }
}

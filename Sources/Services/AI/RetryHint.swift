// RetryHint: how long a service asked us to wait: Google's `google.rpc.RetryInfo.retryDelay` ("30s"),
// `retry-after-ms`, or `Retry-After` (seconds or an HTTP date). Pure parsing.
import Foundation
import NIOHTTP1

/// Reads server-requested delays.
enum RetryHint {
    /// The delay asked for by `response`, from the body's RetryInfo first, then the headers; nil when none.
    static func delay(in response: TransportResponse, now: Date = Date()) -> Duration? {
        if let body = try? JSONDecoder().decode(JSONValue.self, from: response.body), let delay = googleRetryDelay(body) {
            return delay
        }
        return headerDelay(response.headers, now: now)
    }

    /// `error.details[].retryDelay` of a `type.googleapis.com/google.rpc.RetryInfo` entry.
    static func googleRetryDelay(_ body: JSONValue) -> Duration? {
        guard case .array(let details)? = body["error"]?["details"] else { return nil }
        for detail in details {
            guard let type = detail["@type"]?.stringValue, type.hasSuffix("google.rpc.RetryInfo") else { continue }
            if let text = detail["retryDelay"]?.stringValue, let delay = protobufDuration(text) { return delay }
            if let seconds = detail["retryDelay"]?["seconds"] {
                var total = 0.0
                if case .number(let value) = seconds { total = value }
                if case .string(let value) = seconds, let number = Double(value) { total = number }
                if case .number(let nanos)? = detail["retryDelay"]?["nanos"] { total += nanos / 1e9 }
                return .seconds(double: total)
            }
        }
        return nil
    }

    /// A protobuf JSON duration such as "30s" or "1.5s".
    static func protobufDuration(_ text: String) -> Duration? {
        guard text.hasSuffix("s"), let seconds = Double(text.dropLast()), seconds.isFinite, seconds >= 0 else { return nil }
        return .seconds(double: seconds)
    }

    /// `retry-after-ms`, then `Retry-After` as seconds or as an HTTP date.
    static func headerDelay(_ headers: HTTPHeaders, now: Date = Date()) -> Duration? {
        if let text = headers.first(name: "retry-after-ms"), let ms = Double(text), ms.isFinite, ms >= 0 {
            return .seconds(double: ms / 1000)
        }
        guard let text = headers.first(name: "retry-after")?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let seconds = Double(text), seconds.isFinite, seconds >= 0 { return .seconds(double: seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        return .seconds(double: max(0, date.timeIntervalSince(now)))
    }
}

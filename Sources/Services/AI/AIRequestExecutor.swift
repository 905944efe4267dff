// AIRequestExecutor: sends one AI request with the shared retry and error mapping (429 → retry then
// AI_RATE_LIMITED, 404 → AI_MODEL_NOT_FOUND, 5xx/timeouts → retry then AI_TEMPORARILY_UNAVAILABLE, other 4xx →
// AI_UPSTREAM_ERROR). Knows nothing about request or reply bodies beyond the error envelope.
import Foundation
import Logging

/// The retry loop shared by the Gemini, OpenAI-compatible and transcription clients.
struct AIRequestExecutor: Sendable {
    /// The service's name in messages and logs ("Gemini", "OpenAI-compatible").
    let service: String
    /// The model name, for the not-found message.
    let model: String
    /// The HTTP layer.
    let transport: HTTPTransport
    /// Retry limits.
    let policy: AIRetryPolicy
    /// The back-off pause.
    let sleeper: Sleeper

    /// The first 2xx response and how many requests it took; throws AIError or CancellationError.
    func send(_ request: TransportRequest, logger: Logger) async throws -> (response: TransportResponse, attempts: Int) {
        var attempts = 0
        while true {
            attempts += 1
            var failure: AIError
            var hint: Duration?
            var retryable: Bool
            do {
                let response = try await transport.send(request, logger: logger)
                if response.isSuccess { return (response, attempts) }
                (failure, hint, retryable) = classify(response)
            } catch let error as FetchError {
                (failure, retryable) = classify(error)
            }
            failure.attempts = attempts
            let retry = attempts - 1
            guard retryable, retry < policy.maxRetries, (hint ?? .zero) <= policy.maxDelay else {
                logger.warning(
                    "AI request failed",
                    metadata: [
                        "ai.service": "\(service)", "error.code": "\(failure.codeString)", "ai.attempts": "\(attempts)",
                        "error.detail": "\(failure.detail ?? "")",
                    ])
                throw failure
            }
            let delay = policy.delay(beforeRetry: retry, serverHint: hint)
            logger.notice(
                "AI request will be retried",
                metadata: [
                    "ai.service": "\(service)", "error.code": "\(failure.codeString)", "ai.attempt": "\(attempts)",
                    "ai.delay_seconds": "\(delay.seconds)",
                ])
            try await sleeper.sleep(delay)
        }
    }

    private func classify(_ error: FetchError) -> (AIError, Bool) {
        switch error.code {
        case .timeout:
            return (AIError(.temporarilyUnavailable, "The \(service) service did not answer in time.", detail: error.detail), true)
        case .tooLarge:
            return (AIError(.invalidResponse, "The \(service) reply is larger than allowed.", detail: error.detail), false)
        case .invalidURL:
            return (AIError(.upstreamError, "The \(service) service URL is not valid.", detail: error.detail), false)
        default:
            return (AIError(.temporarilyUnavailable, "The \(service) service could not be reached.", detail: error.detail), true)
        }
    }

    private func classify(_ response: TransportResponse) -> (AIError, Duration?, Bool) {
        let status = response.status
        let envelope = UpstreamErrorEnvelope(response.body)
        let detail = "HTTP \(status)" + (envelope.summary.isEmpty ? "" : " \(envelope.summary)")
        switch status {
        case 429:
            let hint = RetryHint.delay(in: response)
            if envelope.code == "insufficient_quota" {
                return (AIError(.rateLimited, "The \(service) quota is used up.", detail: detail, httpStatus: status), nil, false)
            }
            var message = "The \(service) service is rate limiting requests."
            if let hint { message += " Try again in \(Int(hint.seconds.rounded(.up))) s." }
            return (AIError(.rateLimited, message, detail: detail, retryAfterSeconds: hint?.seconds, httpStatus: status), hint, true)
        case 404:
            return (AIError(.modelNotFound, "The \(service) model \"\(model)\" was not found.", detail: detail, httpStatus: status), nil, false)
        case 408, 500, 502, 503, 504:
            let hint = RetryHint.headerDelay(response.headers)
            return (
                AIError(
                    .temporarilyUnavailable, "The \(service) service is temporarily unavailable.", detail: detail,
                    retryAfterSeconds: hint?.seconds, httpStatus: status),
                hint, true
            )
        case 401, 403:
            return (AIError(.upstreamError, "The \(service) service rejected the API key (HTTP \(status)).", detail: detail, httpStatus: status), nil, false)
        default:
            return (AIError(.upstreamError, "The \(service) service refused the request (HTTP \(status)).", detail: detail, httpStatus: status), nil, false)
        }
    }
}

/// The `{"error": {...}}` envelope Google and OpenAI-compatible services send, read leniently.
struct UpstreamErrorEnvelope {
    /// Google's `status` ("RESOURCE_EXHAUSTED") or OpenAI's `type`.
    var status: String?
    /// OpenAI's string `code` ("insufficient_quota").
    var code: String?
    /// The service's message (for logs only).
    var message: String?

    init(_ body: Data) {
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: body) else { return }
        let error = json["error"] ?? json
        status = error["status"]?.stringValue ?? error["type"]?.stringValue
        code = error["code"]?.stringValue
        message = error["message"]?.stringValue ?? json["error"]?.stringValue
    }

    /// "STATUS: message", truncated, for `detail`.
    var summary: String {
        var text = [status, message].compactMap { $0 }.joined(separator: ": ")
        if text.count > 500 { text = String(text.prefix(500)) + "…" }
        return text
    }
}

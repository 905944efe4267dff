// Tests for GeminiClient against a loopback server speaking Gemini's REST wire format: the request shape,
// retries with the server's RetryInfo delay (recorded by an injected sleeper), and every error code.
import Foundation
import Testing
@testable import Services

@Suite("GeminiClient")
struct GeminiClientTests {
    static let schema: JSONValue = .object([
        "type": .string("object"),
        "properties": .object(["songs": .object(["type": .string("array"), "items": .object(["type": .string("string")])])]),
        "required": .array([.string("songs")]),
    ])
    static let prompt = StructuredPrompt(
        systemInstruction: "You plan mashups.", userText: "mix of A and B", responseSchema: schema, schemaName: "songs", temperature: 0.2)

    struct Songs: Decodable, Equatable { var songs: [String] }

    /// A successful generateContent body whose candidate text is `text`.
    static func reply(_ text: String, finishReason: String = "STOP") -> LoopbackHTTPServer.Response {
        .jsonObject([
            "candidates": [["content": ["parts": [["text": text]], "role": "model"], "finishReason": finishReason, "index": 0]],
            "usageMetadata": ["promptTokenCount": 12, "candidatesTokenCount": 8, "totalTokenCount": 20],
            "modelVersion": "gemini-3-flash-preview",
        ])
    }

    static func googleError(_ code: Int, _ status: String, _ message: String, details: [[String: Any]] = []) -> LoopbackHTTPServer.Response {
        var error: [String: Any] = ["code": code, "message": message, "status": status]
        if !details.isEmpty { error["details"] = details }
        return .jsonObject(["error": error], status: code)
    }

    func client(_ server: LoopbackHTTPServer, key: String? = "test-key", timeout: Duration = .seconds(10), sleeper: RecordingSleeper) -> GeminiClient {
        GeminiClient(
            configuration: GeminiConfiguration(apiKey: key, baseURL: server.baseURL + "/", timeout: timeout),
            sleeper: sleeper.sleeper)
    }

    @Test("success: the request has Gemini's shape and the reply decodes")
    func success() async throws {
        let server = try await LoopbackHTTPServer.start { _ in Self.reply("{\"songs\": [\"A\", \"B\"]}") }
        defer { Task { await server.shutdown() } }
        let sleeper = RecordingSleeper()
        let songs = try await client(server, sleeper: sleeper).generate(Self.prompt, as: Songs.self, logger: TestSupport.logger)
        #expect(songs == Songs(songs: ["A", "B"]))
        #expect(sleeper.recorded.isEmpty)

        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.path == "/v1beta/models/gemini-3-flash-preview:generateContent")
        #expect(request.headers.first(name: "x-goog-api-key") == "test-key")
        let body = try #require(request.json as? [String: Any])
        let contents = try #require(body["contents"] as? [[String: Any]])
        #expect(contents.first?["role"] as? String == "user")
        #expect((contents.first?["parts"] as? [[String: Any]])?.first?["text"] as? String == "mix of A and B")
        let system = try #require(body["systemInstruction"] as? [String: Any])
        #expect((system["parts"] as? [[String: Any]])?.first?["text"] as? String == "You plan mashups.")
        let config = try #require(body["generationConfig"] as? [String: Any])
        #expect(config["responseMimeType"] as? String == "application/json")
        #expect(config["temperature"] as? Double == 0.2)
        let sentSchema = try JSONDecoder().decode(JSONValue.self, from: JSONSerialization.data(withJSONObject: config["responseSchema"] as Any))
        #expect(sentSchema == Self.schema)
    }

    @Test("429 with RetryInfo: the delay is honoured, then AI_RATE_LIMITED with retryAfterSeconds")
    func rateLimited() async throws {
        let server = try await LoopbackHTTPServer.start { _ in
            Self.googleError(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your plan.", details: [
                ["@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": [["quotaMetric": "generate_content_free_tier_requests"]]],
                ["@type": "type.googleapis.com/google.rpc.Help", "links": [["description": "Learn more", "url": "https://ai.google.dev/"]]],
                ["@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "30s"],
            ])
        }
        defer { Task { await server.shutdown() } }
        let sleeper = RecordingSleeper()
        let error = await #expect(throws: AIError.self) {
            try await client(server, sleeper: sleeper).generateJSON(Self.prompt, logger: TestSupport.logger)
        }
        #expect(error?.code == .rateLimited)
        #expect(error?.retryAfterSeconds == 30)
        #expect(error?.attempts == 3)
        #expect(error?.httpStatus == 429)
        #expect(error?.message.contains("exceeded your current quota") == false)
        #expect(error?.detail?.contains("RESOURCE_EXHAUSTED") == true)
        // Backoff would be 2 s then 4 s; the server asked for 30 s, so both waits are 30 s.
        #expect(sleeper.recorded == [.seconds(30), .seconds(30)])
        #expect(server.requests.count == 3)
    }

    @Test("429 then success: one wait of the server's delay, then the answer")
    func rateLimitedThenSuccess() async throws {
        let calls = ServerCounter()
        let flaky = try await LoopbackHTTPServer.start { request in
            if calls.next() == 1 {
                return Self.googleError(429, "RESOURCE_EXHAUSTED", "slow down", details: [
                    ["@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "1.500s"],
                ])
            }
            return Self.reply("{\"songs\": [\"C\"]}")
        }
        defer { Task { await flaky.shutdown() } }
        let sleeper = RecordingSleeper()
        let data = try await client(flaky, sleeper: sleeper).generateJSON(Self.prompt, logger: TestSupport.logger)
        #expect(try JSONDecoder().decode(Songs.self, from: data) == Songs(songs: ["C"]))
        #expect(sleeper.recorded == [.seconds(2)])  // max(base 2 s, server 1.5 s)
    }

    @Test("a server delay longer than the cap is not waited for")
    func delayBeyondCap() async throws {
        let server = try await LoopbackHTTPServer.start { _ in
            Self.googleError(429, "RESOURCE_EXHAUSTED", "daily quota", details: [
                ["@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "3600s"],
            ])
        }
        defer { Task { await server.shutdown() } }
        let sleeper = RecordingSleeper()
        let error = await #expect(throws: AIError.self) {
            try await client(server, sleeper: sleeper).generateJSON(Self.prompt, logger: TestSupport.logger)
        }
        #expect(error?.code == .rateLimited)
        #expect(error?.retryAfterSeconds == 3600)
        #expect(sleeper.recorded.isEmpty)
        #expect(server.requests.count == 1)
    }

    @Test("Retry-After header is used when the body has no RetryInfo")
    func retryAfterHeader() async throws {
        let server = try await LoopbackHTTPServer.start { _ in
            .json("{\"error\": {\"code\": 429, \"status\": \"RESOURCE_EXHAUSTED\", \"message\": \"x\"}}", status: 429, headers: [("Retry-After", "7")])
        }
        defer { Task { await server.shutdown() } }
        let sleeper = RecordingSleeper()
        let error = await #expect(throws: AIError.self) {
            try await client(server, sleeper: sleeper).generateJSON(Self.prompt, logger: TestSupport.logger)
        }
        #expect(error?.retryAfterSeconds == 7)
        #expect(sleeper.recorded == [.seconds(7), .seconds(7)])
    }

    @Test("404: AI_MODEL_NOT_FOUND, not retried")
    func modelNotFound() async throws {
        let server = try await LoopbackHTTPServer.start { _ in
            Self.googleError(404, "NOT_FOUND", "models/gemini-9 is not found for API version v1beta, or is not supported for generateContent.")
        }
        defer { Task { await server.shutdown() } }
        let sleeper = RecordingSleeper()
        let error = await #expect(throws: AIError.self) {
            try await client(server, sleeper: sleeper).generateJSON(Self.prompt, logger: TestSupport.logger)
        }
        #expect(error?.code == .modelNotFound)
        #expect(error?.message.contains("gemini-3-flash-preview") == true)
        #expect(server.requests.count == 1)
        #expect(sleeper.recorded.isEmpty)
    }

    @Test("500: retried with exponential backoff, then AI_TEMPORARILY_UNAVAILABLE")
    func serverError() async throws {
        let server = try await LoopbackHTTPServer.start { _ in Self.googleError(500, "INTERNAL", "An internal error has occurred.") }
        defer { Task { await server.shutdown() } }
        let sleeper = RecordingSleeper()
        let error = await #expect(throws: AIError.self) {
            try await client(server, sleeper: sleeper).generateJSON(Self.prompt, logger: TestSupport.logger)
        }
        #expect(error?.code == .temporarilyUnavailable)
        #expect(error?.attempts == 3)
        #expect(server.requests.count == 3)
        #expect(sleeper.recorded == [.seconds(2), .seconds(4)])
    }

    @Test("503 then success")
    func unavailableThenSuccess() async throws {
        let calls = ServerCounter()
        let server = try await LoopbackHTTPServer.start { _ in
            calls.next() == 1 ? Self.googleError(503, "UNAVAILABLE", "The model is overloaded. Please try again later.") : Self.reply("{\"songs\": []}")
        }
        defer { Task { await server.shutdown() } }
        let sleeper = RecordingSleeper()
        _ = try await client(server, sleeper: sleeper).generateJSON(Self.prompt, logger: TestSupport.logger)
        #expect(sleeper.recorded == [.seconds(2)])
        #expect(server.requests.count == 2)
    }

    @Test("400: AI_UPSTREAM_ERROR without retry, upstream text kept out of the message")
    func badRequest() async throws {
        let server = try await LoopbackHTTPServer.start { _ in
            Self.googleError(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.")
        }
        defer { Task { await server.shutdown() } }
        let sleeper = RecordingSleeper()
        let error = await #expect(throws: AIError.self) {
            try await client(server, sleeper: sleeper).generateJSON(Self.prompt, logger: TestSupport.logger)
        }
        #expect(error?.code == .upstreamError)
        #expect(error?.message.contains("API key not valid") == false)
        #expect(error?.detail?.contains("API key not valid") == true)
        #expect(server.requests.count == 1)
    }

    @Test("unusable replies are AI_INVALID_RESPONSE", arguments: [
        ("{\"candidates\": [], \"promptFeedback\": {\"blockReason\": \"SAFETY\"}}", "declined"),
        ("{\"candidates\": []}", "no answer"),
        ("{}", "no answer"),
        ("{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"\"}], \"role\": \"model\"}, \"finishReason\": \"STOP\"}]}", "empty"),
        ("{\"candidates\": [{\"finishReason\": \"SAFETY\", \"safetyRatings\": []}]}", "declined"),
        ("{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"{\\\"songs\\\": [\"}]}, \"finishReason\": \"STOP\"}]}", "not valid JSON"),
        ("{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"{\\\"songs\\\": [\"}]}, \"finishReason\": \"MAX_TOKENS\"}]}", "cut off"),
        ("{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Sure! Here is the JSON: {}\"}]}, \"finishReason\": \"STOP\"}]}", "not valid JSON"),
        ("not json at all", "cannot be read"),
    ])
    func invalidReplies(_ body: String, _ phrase: String) async throws {
        let server = try await LoopbackHTTPServer.start { _ in .json(body) }
        defer { Task { await server.shutdown() } }
        let sleeper = RecordingSleeper()
        let error = await #expect(throws: AIError.self) {
            try await client(server, sleeper: sleeper).generateJSON(Self.prompt, logger: TestSupport.logger)
        }
        #expect(error?.code == .invalidResponse)
        #expect(error?.message.contains(phrase) == true, "\(error?.message ?? "")")
        #expect(server.requests.count == 1)
    }

    @Test("JSON of the wrong shape fails decoding with AI_INVALID_RESPONSE")
    func wrongShape() async throws {
        let server = try await LoopbackHTTPServer.start { _ in Self.reply("{\"tracks\": 3}") }
        defer { Task { await server.shutdown() } }
        let error = await #expect(throws: AIError.self) {
            try await client(server, sleeper: RecordingSleeper()).generate(Self.prompt, as: Songs.self, logger: TestSupport.logger)
        }
        #expect(error?.code == .invalidResponse)
    }

    @Test("thought parts are skipped; text parts are joined")
    func thoughtParts() async throws {
        let server = try await LoopbackHTTPServer.start { _ in
            .jsonObject(["candidates": [["content": ["parts": [
                ["text": "thinking about it", "thought": true], ["text": "{\"songs\": "], ["text": "[\"D\"]}"],
            ]], "finishReason": "STOP"]]])
        }
        defer { Task { await server.shutdown() } }
        let songs = try await client(server, sleeper: RecordingSleeper()).generate(Self.prompt, as: Songs.self, logger: TestSupport.logger)
        #expect(songs.songs == ["D"])
    }

    @Test("a hanging server times out, is retried, then AI_TEMPORARILY_UNAVAILABLE")
    func timeout() async throws {
        let server = try await LoopbackHTTPServer.start { _ in
            try? await Task.sleep(for: .seconds(5))
            return Self.reply("{}")
        }
        defer { Task { await server.shutdown() } }
        let sleeper = RecordingSleeper()
        var configuration = GeminiConfiguration(apiKey: "k", baseURL: server.baseURL, timeout: .milliseconds(300))
        configuration.retry.maxRetries = 1
        let clock = ContinuousClock()
        let start = clock.now
        let error = await #expect(throws: AIError.self) {
            try await GeminiClient(configuration: configuration, sleeper: sleeper.sleeper).generateJSON(Self.prompt, logger: TestSupport.logger)
        }
        #expect(error?.code == .temporarilyUnavailable)
        #expect(error?.message.contains("in time") == true)
        #expect(sleeper.recorded == [.seconds(2)])
        #expect(server.requests.count == 2)
        #expect(clock.now - start < .seconds(3))
    }

    @Test("no key: AI_KEY_MISSING and no request is sent")
    func keyMissing() async throws {
        let server = try await LoopbackHTTPServer.start { _ in Self.reply("{}") }
        defer { Task { await server.shutdown() } }
        for key in [nil, ""] as [String?] {
            let error = await #expect(throws: AIError.self) {
                try await client(server, key: key, sleeper: RecordingSleeper()).generateJSON(Self.prompt, logger: TestSupport.logger)
            }
            #expect(error?.code == .keyMissing)
            #expect(error?.attempts == 0)
        }
        #expect(server.requests.isEmpty)
    }

    @Test("a model name that would change the URL path is refused before sending")
    func badModelName() async throws {
        let server = try await LoopbackHTTPServer.start { _ in Self.reply("{}") }
        defer { Task { await server.shutdown() } }
        let client = GeminiClient(configuration: GeminiConfiguration(apiKey: "k", model: "../admin?x=", baseURL: server.baseURL))
        let error = await #expect(throws: AIError.self) { try await client.generateJSON(Self.prompt, logger: TestSupport.logger) }
        #expect(error?.code == .modelNotFound)
        #expect(server.requests.isEmpty)
    }

    @Test("configuration from the original's environment variables")
    func configuration() throws {
        let configuration = try GeminiConfiguration(environment: [
            "GOOGLE_API_KEY": "abc", "GEMINI_MODEL_NAME": "gemini-2.5-pro", "GEMINI_MAX_RETRIES": "4", "GEMINI_RETRY_BASE_SECONDS": "0.5",
        ])
        #expect(configuration.apiKey == "abc")
        #expect(configuration.model == "gemini-2.5-pro")
        #expect(configuration.retry.maxRetries == 4)
        #expect(configuration.retry.baseDelay == .milliseconds(500))
        let defaults = try GeminiConfiguration(environment: [:])
        #expect(defaults.apiKey == nil)
        #expect(defaults.model == "gemini-3-flash-preview")
        #expect(defaults.retry == AIRetryPolicy(maxRetries: 2, baseDelay: .seconds(2)))
        #expect(defaults.baseURL == "https://generativelanguage.googleapis.com")
        #expect(throws: ConfigurationError.self) { try GeminiConfiguration(environment: ["GEMINI_MAX_RETRIES": "-1"]) }
        #expect(throws: ConfigurationError.self) { try GeminiConfiguration(environment: ["GEMINI_MODEL_NAME": "../../x"]) }
    }
}

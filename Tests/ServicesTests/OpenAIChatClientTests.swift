// Tests for OpenAIChatClient against a loopback server speaking the chat-completions wire format:
// request shape (strict json_schema), optional bearer key for local servers, retries and error codes.
import Foundation
import Testing
@testable import Services

@Suite("OpenAIChatClient")
struct OpenAIChatClientTests {
    static let prompt = StructuredPrompt(
        systemInstruction: "You plan mashups.", userText: "two songs", responseSchema: GeminiClientTests.schema,
        schemaName: "mix plan!")

    static func completion(content: String?, refusal: String? = nil, finishReason: String = "stop") -> LoopbackHTTPServer.Response {
        var message: [String: Any] = ["role": "assistant", "content": content as Any? ?? NSNull()]
        message["refusal"] = refusal ?? NSNull()
        return .jsonObject([
            "id": "chatcmpl-1", "object": "chat.completion", "created": 1_760_000_000, "model": "gpt-4o-mini-2024-07-18",
            "choices": [["index": 0, "message": message, "finish_reason": finishReason]],
            "usage": ["prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15],
        ])
    }

    static func openAIError(_ status: Int, type: String, code: String?, message: String, headers: [(String, String)] = []) -> LoopbackHTTPServer.Response {
        let object: [String: Any] = ["error": ["message": message, "type": type, "param": NSNull(), "code": code as Any? ?? NSNull()]]
        var response = LoopbackHTTPServer.Response.jsonObject(object, status: status)
        response.headers += headers
        return response
    }

    func client(_ server: LoopbackHTTPServer, key: String? = "sk-test", sleeper: RecordingSleeper) -> OpenAIChatClient {
        OpenAIChatClient(
            configuration: OpenAIChatConfiguration(apiKey: key, baseURL: server.baseURL + "/v1", model: "gpt-4o-mini"),
            sleeper: sleeper.sleeper)
    }

    @Test("success: bearer key, messages and a strict json_schema response format")
    func success() async throws {
        let server = try await LoopbackHTTPServer.start { _ in Self.completion(content: "{\"songs\": [\"A\"]}") }
        defer { Task { await server.shutdown() } }
        let songs = try await client(server, sleeper: RecordingSleeper())
            .generate(Self.prompt, as: GeminiClientTests.Songs.self, logger: TestSupport.logger)
        #expect(songs.songs == ["A"])
        let request = try #require(server.requests.first)
        #expect(request.path == "/v1/chat/completions")
        #expect(request.headers.first(name: "Authorization") == "Bearer sk-test")
        let body = try #require(request.json as? [String: Any])
        #expect(body["model"] as? String == "gpt-4o-mini")
        let messages = try #require(body["messages"] as? [[String: String]])
        #expect(messages == [["role": "system", "content": "You plan mashups."], ["role": "user", "content": "two songs"]])
        let format = try #require(body["response_format"] as? [String: Any])
        #expect(format["type"] as? String == "json_schema")
        let schema = try #require(format["json_schema"] as? [String: Any])
        #expect(schema["name"] as? String == "mix_plan_")
        #expect(schema["strict"] as? Bool == true)
        #expect((schema["schema"] as? [String: Any])?["type"] as? String == "object")
        #expect(body["temperature"] == nil)
    }

    @Test("a local server needs no key, and none is sent")
    func localServerWithoutKey() async throws {
        let server = try await LoopbackHTTPServer.start { _ in Self.completion(content: "{\"songs\": []}") }
        defer { Task { await server.shutdown() } }
        _ = try await client(server, key: nil, sleeper: RecordingSleeper()).generateJSON(Self.prompt, logger: TestSupport.logger)
        #expect(server.requests.first?.headers.first(name: "Authorization") == nil)
    }

    @Test("OpenAI's own API requires a key: AI_KEY_MISSING before any request")
    func keyRequiredForOpenAI() async throws {
        let configuration = OpenAIChatConfiguration(apiKey: nil)
        #expect(configuration.requiresAPIKey)
        #expect(!OpenAIChatConfiguration(baseURL: "http://127.0.0.1:11434/v1").requiresAPIKey)
        let error = await #expect(throws: AIError.self) {
            try await OpenAIChatClient(configuration: configuration).generateJSON(Self.prompt, logger: TestSupport.logger)
        }
        #expect(error?.code == .keyMissing)
    }

    @Test("429 with retry-after-ms is retried with that delay, then AI_RATE_LIMITED")
    func rateLimited() async throws {
        let server = try await LoopbackHTTPServer.start { _ in
            Self.openAIError(429, type: "requests", code: "rate_limit_exceeded", message: "Rate limit reached for gpt-4o-mini",
                             headers: [("retry-after-ms", "2500"), ("retry-after", "3")])
        }
        defer { Task { await server.shutdown() } }
        let sleeper = RecordingSleeper()
        let error = await #expect(throws: AIError.self) {
            try await client(server, sleeper: sleeper).generateJSON(Self.prompt, logger: TestSupport.logger)
        }
        #expect(error?.code == .rateLimited)
        #expect(error?.retryAfterSeconds == 2.5)
        #expect(sleeper.recorded == [.milliseconds(2500), .seconds(4)])
        #expect(server.requests.count == 3)
    }

    @Test("429 insufficient_quota is not retried")
    func quotaNotRetried() async throws {
        let server = try await LoopbackHTTPServer.start { _ in
            Self.openAIError(429, type: "insufficient_quota", code: "insufficient_quota", message: "You exceeded your current quota")
        }
        defer { Task { await server.shutdown() } }
        let sleeper = RecordingSleeper()
        let error = await #expect(throws: AIError.self) {
            try await client(server, sleeper: sleeper).generateJSON(Self.prompt, logger: TestSupport.logger)
        }
        #expect(error?.code == .rateLimited)
        #expect(sleeper.recorded.isEmpty)
        #expect(server.requests.count == 1)
    }

    @Test("status mapping", arguments: [
        (404, AIError.Code.modelNotFound, 1), (401, .upstreamError, 1), (400, .upstreamError, 1), (502, .temporarilyUnavailable, 3),
        (504, .temporarilyUnavailable, 3),
    ])
    func statuses(_ status: Int, _ code: AIError.Code, _ requests: Int) async throws {
        let server = try await LoopbackHTTPServer.start { _ in
            Self.openAIError(status, type: "invalid_request_error", code: nil, message: "upstream says no")
        }
        defer { Task { await server.shutdown() } }
        let error = await #expect(throws: AIError.self) {
            try await client(server, sleeper: RecordingSleeper()).generateJSON(Self.prompt, logger: TestSupport.logger)
        }
        #expect(error?.code == code)
        #expect(server.requests.count == requests)
        #expect(error?.message.contains("upstream says no") == false)
    }

    @Test("refusals, content filters, empty and malformed content are AI_INVALID_RESPONSE")
    func invalidReplies() async throws {
        let replies: [LoopbackHTTPServer.Response] = [
            Self.completion(content: nil, refusal: "I can't help with that."),
            Self.completion(content: "{}", finishReason: "content_filter"),
            Self.completion(content: ""),
            Self.completion(content: "{\"songs\": [", finishReason: "length"),
            .jsonObject(["choices": []]),
        ]
        for reply in replies {
            let server = try await LoopbackHTTPServer.start { _ in reply }
            let error = await #expect(throws: AIError.self) {
                try await client(server, sleeper: RecordingSleeper()).generateJSON(Self.prompt, logger: TestSupport.logger)
            }
            #expect(error?.code == .invalidResponse)
            await server.shutdown()
        }
    }

    @Test("configuration from OPENAI_* variables")
    func configuration() throws {
        let configuration = try OpenAIChatConfiguration(environment: [
            "OPENAI_API_KEY": "sk-1", "OPENAI_BASE_URL": "http://127.0.0.1:8080/v1/", "OPENAI_MODEL": "llama3.1:8b",
        ])
        #expect(configuration.apiKey == "sk-1")
        #expect(configuration.baseURL == "http://127.0.0.1:8080/v1")
        #expect(configuration.model == "llama3.1:8b")
        #expect(try OpenAIChatConfiguration(environment: [:]).baseURL == "https://api.openai.com/v1")
        #expect(throws: ConfigurationError.self) { try OpenAIChatConfiguration(environment: ["OPENAI_BASE_URL": "ftp://x"]) }
    }
}

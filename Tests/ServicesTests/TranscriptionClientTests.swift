// Tests for TranscriptionClient against a loopback server that parses the multipart upload the way an
// OpenAI-compatible /audio/transcriptions endpoint does and answers verbose_json.
import Foundation
import Testing
@testable import Services

@Suite("TranscriptionClient")
struct TranscriptionClientTests {
    static let verboseJSON = """
        {"task": "transcribe", "language": "english", "duration": 2.5, "text": "Hello there world",
         "segments": [{"id": 0, "seek": 0, "start": 0.0, "end": 1.2, "text": " Hello there", "tokens": [1, 2],
                       "temperature": 0.0, "avg_logprob": -0.2, "compression_ratio": 1.1, "no_speech_prob": 0.01},
                      {"id": 1, "seek": 0, "start": 1.2, "end": 2.5, "text": " world", "tokens": [3],
                       "temperature": 0.0, "avg_logprob": -0.3, "compression_ratio": 1.0, "no_speech_prob": 0.02}],
         "words": [{"word": "Hello", "start": 0.0, "end": 0.5}, {"word": "there", "start": 0.6, "end": 1.1},
                   {"word": "world", "start": 1.3, "end": 2.4}]}
        """

    func audioFile() throws -> (path: String, data: Data) {
        let folder = try TestSupport.temporaryFolder()
        let data = TestSupport.wav(seconds: 0.25)
        let path = folder + "/vocals take \"1\".wav"
        try data.write(to: URL(fileURLWithPath: path))
        return (path, data)
    }

    @Test("uploads multipart fields and file; parses segments and words")
    func success() async throws {
        let server = try await LoopbackHTTPServer.start(routes: ["/v1/audio/transcriptions": { _ in .json(Self.verboseJSON) }])
        defer { Task { await server.shutdown() } }
        let (path, data) = try audioFile()
        defer { TestSupport.remove(URL(fileURLWithPath: path).deletingLastPathComponent().path) }
        let client = TranscriptionClient(
            configuration: TranscriptionConfiguration(baseURL: server.baseURL + "/v1", apiKey: "sk-t", language: "en"))
        let transcript = try await client.transcribe(fileAt: path, prompt: "song lyrics", logger: TestSupport.logger)
        #expect(transcript.text == "Hello there world")
        #expect(transcript.language == "english")
        #expect(transcript.duration == 2.5)
        #expect(transcript.segments == [.init(start: 0, end: 1.2, text: " Hello there"), .init(start: 1.2, end: 2.5, text: " world")])
        #expect(transcript.words.map(\.word) == ["Hello", "there", "world"])

        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.headers.first(name: "Authorization") == "Bearer sk-t")
        let contentType = try #require(request.headers.first(name: "Content-Type"))
        #expect(contentType.hasPrefix("multipart/form-data; boundary="))
        let parts = try #require(FormPart.parse(request.body, contentType: contentType))
        let file = try #require(parts.first { $0.name == "file" })
        #expect(file.data == data)
        #expect(file.filename == "vocals take 1.wav")
        #expect(file.contentType == "audio/wav")
        #expect(parts.first { $0.name == "model" }?.text == "whisper-1")
        #expect(parts.first { $0.name == "response_format" }?.text == "verbose_json")
        #expect(parts.filter { $0.name == "timestamp_granularities[]" }.map(\.text) == ["segment", "word"])
        #expect(parts.first { $0.name == "language" }?.text == "en")
        #expect(parts.first { $0.name == "prompt" }?.text == "song lyrics")
    }

    @Test("a file over the upload limit is refused before sending")
    func uploadTooLarge() async throws {
        let server = try await LoopbackHTTPServer.start { _ in .json(Self.verboseJSON) }
        defer { Task { await server.shutdown() } }
        let (path, _) = try audioFile()
        defer { TestSupport.remove(URL(fileURLWithPath: path).deletingLastPathComponent().path) }
        let client = TranscriptionClient(configuration: TranscriptionConfiguration(baseURL: server.baseURL, maxUploadBytes: 100))
        let error = await #expect(throws: AIError.self) { try await client.transcribe(fileAt: path, logger: TestSupport.logger) }
        #expect(error?.code == .uploadTooLarge)
        #expect(server.requests.isEmpty)
    }

    @Test("503 is retried, then the transcript is returned")
    func retried() async throws {
        let calls = ServerCounter()
        let server = try await LoopbackHTTPServer.start { _ in
            calls.next() == 1 ? .json("{\"error\": {\"message\": \"busy\"}}", status: 503) : .json(Self.verboseJSON)
        }
        defer { Task { await server.shutdown() } }
        let (path, _) = try audioFile()
        defer { TestSupport.remove(URL(fileURLWithPath: path).deletingLastPathComponent().path) }
        let sleeper = RecordingSleeper()
        let client = TranscriptionClient(configuration: TranscriptionConfiguration(baseURL: server.baseURL), sleeper: sleeper.sleeper)
        let transcript = try await client.transcribe(fileAt: path, logger: TestSupport.logger)
        #expect(transcript.words.count == 3)
        #expect(sleeper.recorded == [.seconds(2)])
        #expect(server.requests.count == 2)
    }

    @Test("a reply without segments or words still parses; a non-JSON reply is AI_INVALID_RESPONSE")
    func replies() async throws {
        let server = try await LoopbackHTTPServer.start(routes: [
            "/plain/audio/transcriptions": { _ in .json("{\"text\": \"hi\"}") },
            "/broken/audio/transcriptions": { _ in .text("<html>oops</html>") },
        ])
        defer { Task { await server.shutdown() } }
        let (path, _) = try audioFile()
        defer { TestSupport.remove(URL(fileURLWithPath: path).deletingLastPathComponent().path) }
        let plain = try await TranscriptionClient(configuration: TranscriptionConfiguration(baseURL: server.baseURL + "/plain"))
            .transcribe(fileAt: path, logger: TestSupport.logger)
        #expect(plain == Transcript(text: "hi"))
        let error = await #expect(throws: AIError.self) {
            try await TranscriptionClient(configuration: TranscriptionConfiguration(baseURL: server.baseURL + "/broken"))
                .transcribe(fileAt: path, logger: TestSupport.logger)
        }
        #expect(error?.code == .invalidResponse)
    }

    @Test("configuration: TRANSCRIBE_* with OPENAI_* fallbacks")
    func configuration() throws {
        let fallback = try TranscriptionConfiguration(environment: ["OPENAI_API_KEY": "sk-o", "OPENAI_BASE_URL": "http://127.0.0.1:9000/v1"])
        #expect(fallback.apiKey == "sk-o")
        #expect(fallback.baseURL == "http://127.0.0.1:9000/v1")
        #expect(fallback.model == "whisper-1")
        let own = try TranscriptionConfiguration(environment: [
            "OPENAI_API_KEY": "sk-o", "TRANSCRIBE_API_KEY": "sk-t", "TRANSCRIBE_BASE_URL": "http://127.0.0.1:9001/v1",
            "TRANSCRIBE_MODEL": "Systran/faster-whisper-small", "TRANSCRIBE_MAX_UPLOAD_MB": "10",
        ])
        #expect(own.apiKey == "sk-t")
        #expect(own.baseURL == "http://127.0.0.1:9001/v1")
        #expect(own.model == "Systran/faster-whisper-small")
        #expect(own.maxUploadBytes == 10 << 20)
        #expect(try TranscriptionConfiguration(environment: [:]).requiresAPIKey)
    }
}

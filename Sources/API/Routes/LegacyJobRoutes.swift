// The original's job routes with their request bodies: process-array, process-csv (multipart),
// generate-ai, download-video and download-audio. Each builds a manifest with the shared
// request-to-manifest code and enqueues a job, with limits the original lacked.
import Foundation
import Hummingbird
import Mashup
import Services
import Stages

/// The original's submission routes.
public struct LegacyJobRoutes: Sendable {
    /// Shared services.
    public let services: APIServices

    /// Creates the routes.
    public init(services: APIServices) { self.services = services }

    /// A time as the original accepted it: seconds as a number, or "SS", "MM:SS", "HH:MM:SS".
    struct FlexibleTime: Decodable {
        var seconds: Double?
        var text: String?
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { return }
            if let d = try? c.decode(Double.self) { seconds = d } else { text = try c.decode(String.self) }
        }
    }
    struct ClipBody: Decodable { var url: String; var start: FlexibleTime?; var end: FlexibleTime? }
    struct ArrayBody: Decodable { var urls: [ClipBody] }
    struct PromptBody: Decodable { var prompt: String; var target_seconds: Double?; var provider: String? }
    struct URLBody: Decodable { var url: String; var max_height: Int?; var format: String? }

    /// The most characters a prompt may have.
    static let maxPromptLength = 2000

    /// Registers the routes.
    public func register(in table: RouteTable<AppRequestContext>) {
        let s = services
        let submitter = JobSubmitter(services: s)
        let limits = ClipLimits()

        table.on(.post, "/api/v1/process-array") { request, _ in
            let user = try await s.user(request)
            let body = try await s.decode(ArrayBody.self, from: request)
            guard !body.urls.isEmpty else { throw APIError.badRequest("VALIDATION_ERROR", "urls must hold at least one clip") }
            guard body.urls.count <= limits.maxRows else {
                throw APIError.badRequest("TOO_MANY_CLIPS", "at most \(limits.maxRows) clips per request; got \(body.urls.count)")
            }
            var clips: [ClipRequest] = []
            for (i, c) in body.urls.enumerated() {
                let context = "urls[\(i)]"
                do {
                    let url = try ClipRequest.checkedURL(c.url, limits: limits, context: "\(context).url")
                    let start = try Self.time(c.start, field: "\(context).start") ?? 0
                    let end = try Self.time(c.end, field: "\(context).end") ?? start + limits.defaultClipSeconds
                    if let reason = ClipRequest.checkRange(start: start, end: end, limits: limits) {
                        throw APIError.unprocessable("INVALID_RANGE", "\(context): \(reason)")
                    }
                    clips.append(ClipRequest(url: url, start: start, end: end))
                } catch let e as MashupError {
                    throw APIError.badRequest(e.code.rawValue.uppercased(), e.message)
                }
            }
            return try await Self.submitClips(clips, request: request, user: user, submitter: submitter, services: s)
        }

        table.on(.post, "/api/v1/process-csv") { request, _ in
            let user = try await s.user(request)
            let text = try await Self.csvText(request, services: s)
            let clips: [ClipRequest]
            do {
                clips = try ClipCSVParser(limits: limits).parse(text)
            } catch let e as MashupError {
                throw APIError.unprocessable(e.code.rawValue.uppercased(), e.message)
            }
            guard !clips.isEmpty else { throw APIError.unprocessable("CSV_EMPTY", "the CSV has no clips") }
            return try await Self.submitClips(clips, request: request, user: user, submitter: submitter, services: s)
        }

        table.on(.post, "/api/v1/generate-ai") { request, _ in
            let user = try await s.user(request)
            let body = try await s.decode(PromptBody.self, from: request)
            let prompt = body.prompt.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !prompt.isEmpty else { throw APIError.badRequest("VALIDATION_ERROR", "prompt is required") }
            guard prompt.count <= Self.maxPromptLength else {
                throw APIError.badRequest("PROMPT_TOO_LONG", "the prompt is \(prompt.count) characters; the limit is \(Self.maxPromptLength)")
            }
            // The body's target_seconds wins; else the length the prompt asks for ("a 3-minute mashup"); else 120 s.
            let target = RequestManifests.targetSeconds(prompt: prompt, given: body.target_seconds)
            guard (10...1800).contains(target) else { throw APIError.badRequest("VALIDATION_ERROR", "target_seconds must be from 10 to 1800") }
            let provider = body.provider ?? Self.defaultProvider(s.config.variables)
            guard ["heuristic", "gemini", "openai"].contains(provider) else {
                throw APIError.badRequest("VALIDATION_ERROR", "provider must be heuristic, gemini or openai")
            }
            // A provider this server has no credentials for is refused now, not as a job that can only fail.
            if let setting = Self.missingCredentials(provider, s.config.variables) {
                throw APIError.unprocessable("AI_PROVIDER_NOT_CONFIGURED", "the \(provider) planner is not configured on this server (\(setting)); use provider heuristic or another configured one")
            }
            let input = AIJobManifest.Input(prompt: prompt, provider: provider, target_seconds: target)
            let json = String(decoding: try JSONEncoder().encode(input), as: UTF8.self)
            // Songs named in the prompt give the manifest now; otherwise the worker asks the LLM for them.
            let manifest = try AIJobManifest.immediate(input) ?? ""
            if manifest.isEmpty, Self.missingCredentials("gemini", s.config.variables) != nil, Self.missingCredentials("openai", s.config.variables) != nil {
                throw APIError.unprocessable("AI_PROVIDER_NOT_CONFIGURED", "the prompt names no songs (write them as \"Title - Artist, Title - Artist\"), and no LLM is configured on this server to propose some")
            }
            return try await submitter.submit(request, user: user, type: "ai_parody", manifest: manifest, input: json, legacy: true)
        }

        for (path, type, video) in [("/api/v1/download-video", "video_download", true), ("/api/v1/download-audio", "audio_download", false)] {
            table.on(.post, path) { request, _ in
                let user = try await s.user(request)
                let body = try await s.decode(URLBody.self, from: request)
                let url: String
                do { url = try ClipRequest.checkedURL(body.url, limits: limits, context: "url") } catch let e as MashupError {
                    throw APIError.badRequest("INVALID_URL", e.message)
                }
                if let reason = await s.policy.refusal(url) { throw APIError.unprocessable("URL_NOT_ALLOWED", "url: \(reason)") }
                let mode: FetchMode
                if video {
                    let height = body.max_height ?? 1080
                    guard (144...4320).contains(height) else { throw APIError.badRequest("VALIDATION_ERROR", "max_height must be from 144 to 4320") }
                    mode = .video(maxHeight: height)
                } else {
                    let format = body.format ?? "original"
                    guard ["original", "mp3", "m4a", "opus"].contains(format) else {
                        throw APIError.badRequest("VALIDATION_ERROR", "format must be original, mp3, m4a or opus")
                    }
                    mode = .audio(format: format, bitrate: format == "original" ? nil : 192)
                }
                let yaml = try RequestManifests.download(name: RequestManifests.name(video ? "video" : "audio", from: url), url: url, mode: mode)
                let input = String(decoding: try JSONEncoder().encode(["url": url]), as: UTF8.self)
                return try await submitter.submit(request, user: user, type: type, manifest: yaml, input: input, legacy: true)
            }
        }
    }

    /// The planner used when the request names none: the configured LLM, else the heuristic planner.
    static func defaultProvider(_ env: [String: String]) -> String {
        if (try? GeminiConfiguration(environment: env))?.isUsable == true { return "gemini" }
        if env["OPENAI_API_KEY"]?.isEmpty == false { return "openai" }
        return "heuristic"
    }

    /// The setting a named LLM provider lacks on this server, or nil when it can be called.
    static func missingCredentials(_ provider: String, _ env: [String: String]) -> String? {
        switch provider {
        case "gemini": (try? GeminiConfiguration(environment: env))?.isUsable == true ? nil : "set GOOGLE_API_KEY"
        case "openai": (try? OpenAIChatConfiguration(environment: env))?.isUsable == true ? nil : "set OPENAI_API_KEY or OPENAI_BASE_URL"
        default: nil
        }
    }

    /// Seconds from a number (0 to 24 h) or a time string; nil when absent or blank; 422 `INVALID_TIME` otherwise.
    static func time(_ value: FlexibleTime?, field: String) throws -> Double? {
        if let seconds = value?.seconds {
            guard seconds.isFinite, (0...ClipTime.maxSeconds).contains(seconds) else {
                throw APIError.unprocessable("INVALID_TIME", "\(field): \(seconds) is not a time from 0 to 86400 seconds")
            }
            return seconds
        }
        guard let text = value?.text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let t = ClipTime.parse(text) else {
            throw APIError.unprocessable("INVALID_TIME", "\(field): '\(text.prefix(40))' is not a time (use seconds, SS, MM:SS or HH:MM:SS, up to 24 hours)")
        }
        return t
    }

    static func submitClips(_ clips: [ClipRequest], request: Request, user: UserRecord, submitter: JobSubmitter, services s: APIServices) async throws -> Response {
        var checked = Set<String>()  // one check (one DNS lookup) per distinct URL: a clip mix often cuts one video many times
        for (i, c) in clips.enumerated() where checked.insert(c.url).inserted {
            if let reason = await s.policy.refusal(c.url) { throw APIError.unprocessable("URL_NOT_ALLOWED", "clip \(i + 1): \(reason)") }
        }
        let yaml = try RequestManifests.clipMix(name: RequestManifests.name("mix", from: clips.map(\.url).joined(separator: " ")), clips: clips)
        struct Input: Encodable { var urls: [ClipRequest] }
        let input = String(decoding: try JSONEncoder().encode(Input(urls: clips)), as: UTF8.self)
        return try await submitter.submit(request, user: user, type: "audio_mix", manifest: yaml, input: input, legacy: true)
    }

    /// The text of the multipart field `file`.
    static func csvText(_ request: Request, services s: APIServices) async throws -> String {
        let part = try await MultipartBody.file(request, field: "file", limit: ClipLimits().maxCSVBytes + 64 * 1024, services: s)
        guard let text = String(data: part.data, encoding: .utf8) else {
            throw APIError.unprocessable("INVALID_CSV", "the CSV file is not UTF-8 text")
        }
        return text
    }
}

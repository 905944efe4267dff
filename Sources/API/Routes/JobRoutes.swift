// /api/v1/jobs: submit a hand-written manifest (YAML or JSON), read a job with its stages,
// follow it live over Server-Sent Events, fetch its manifest, re-render it, cancel it.
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The job routes.
public struct JobRoutes: Sendable {
    /// Shared services.
    public let services: APIServices

    /// Creates the routes.
    public init(services: APIServices) { self.services = services }

    struct RerenderBody: Decodable { var params: [String: ParamValue]? }
    /// A parameter override: a string, number or boolean.
    struct ParamValue: Decodable {
        var text: String
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let b = try? c.decode(Bool.self) { text = b ? "true" : "false" } else if let i = try? c.decode(Int.self) { text = String(i) } else if let d = try? c.decode(Double.self) { text = String(d) } else { text = try c.decode(String.self) }
        }
    }

    /// Registers the routes.
    public func register(in table: RouteTable<AppRequestContext>) {
        let s = services
        let submitter = JobSubmitter(services: s)

        table.on(.post, "/api/v1/jobs") { request, _ in
            let user = try await s.user(request)
            let buffer = try await s.body(request)
            guard let text = String(bytes: buffer.readableBytesView, encoding: .utf8) else {
                throw APIError.badRequest("INVALID_BODY", "the manifest is not UTF-8 text")
            }
            let yaml = try Self.manifestText(text, contentType: request.headers[.contentType])
            let manifest = try await submitter.validate(yaml: yaml, overrides: [:], user: user)
            let input = String(decoding: try JSONEncoder().encode(["manifest": manifest.name]), as: UTF8.self)
            return try await submitter.submit(request, user: user, type: "manifest", manifest: yaml, input: input, legacy: false)
        }

        table.on(.get, "/api/v1/jobs/:id") { request, context in
            let (_, job) = try await Self.ownedJob(request, context, s)
            let stages = try await s.storeCall { try await s.store.stageRuns(jobId: job.id) }
            return APIResponse.json(JobView(job, stages: stages, signer: s.signer, urlLifetime: s.config.signedURLSeconds))
        }

        table.on(.get, "/api/v1/jobs/:id/manifest") { request, context in
            let (_, job) = try await Self.ownedJob(request, context, s)
            guard !job.manifest.isEmpty else {
                throw APIError(409, "MANIFEST_PENDING", "the manifest is written once the job's songs are chosen", retryAfterSeconds: 2)
            }
            var headers: HTTPFields = [:]
            headers[.contentType] = "application/yaml; charset=utf-8"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: job.manifest)))
        }

        table.on(.post, "/api/v1/jobs/:id/rerender") { request, context in
            let (user, job) = try await Self.ownedJob(request, context, s)
            guard !job.manifest.isEmpty else { throw APIError(409, "MANIFEST_PENDING", "the job has no manifest yet", retryAfterSeconds: 2) }
            var overrides = job.overrides
            // The body is optional: an empty one, with or without `Content-Length: 0`, means no overrides.
            var request = request
            let raw = try await request.body.collect(upTo: s.config.maxBodyBytes)
            if raw.readableBytes > 0 {
                request.body = RequestBody(buffer: raw)
                let body = try await s.decode(RerenderBody.self, from: request)
                for (k, v) in body.params ?? [:] { overrides[k] = v.text }
            }
            guard overrides.count <= 100 else { throw APIError.badRequest("VALIDATION_ERROR", "at most 100 params") }
            _ = try await submitter.validate(yaml: job.manifest, overrides: overrides, user: user)
            return try await submitter.submit(request, user: user, type: job.type, manifest: job.manifest, input: job.input,
                                              overrides: overrides, parentId: job.id, legacy: false)
        }

        table.on(.post, "/api/v1/jobs/:id/cancel") { request, context in
            let user = try await s.user(request)
            let id = try Self.jobId(context)
            guard let job = try await s.storeCall({ try await s.store.requestCancel(id: id, userId: user.id, now: Date()) }) else {
                throw APIError.notFound("job")
            }
            return APIResponse.json(JobView(job, stages: nil, signer: s.signer, urlLifetime: s.config.signedURLSeconds),
                                    status: job.status == .running ? .accepted : .ok)
        }

        let streams = StreamSlots(limit: s.config.maxStreamsPerUser)
        table.on(.get, "/api/v1/jobs/:id/events") { request, context in
            // The signed query of the job view's `events_url` (EventSource cannot send headers), or a bearer token.
            let invalid = APIError.unauthorized("EVENTS_URL_INVALID", "the events link is invalid or has expired")
            let job: JobRecord
            if let userId = try await s.signedUser(request, jobId: try Self.jobId(context), name: JobView.eventsSignatureName, invalid: invalid) {
                guard let owned = try await s.storeCall({ try await s.store.job(id: try Self.jobId(context), userId: userId) }) else {
                    throw invalid
                }
                job = owned
            } else {
                job = try await Self.ownedJob(request, context, s).1
            }
            // At most MAX_SSE_STREAMS_PER_USER streams per user; the slot is given back when the stream ends.
            guard let slot = streams.acquire(job.userId) else {
                throw APIError(429, "TOO_MANY_STREAMS", "at most \(streams.limit) event streams per user at once; close one first",
                               retryAfterSeconds: 5)
            }
            var headers: HTTPFields = [:]
            headers[.contentType] = "text/event-stream"
            headers[.cacheControl] = "no-cache"
            headers[HTTPField.Name("X-Accel-Buffering")!] = "no"
            let body = ResponseBody { writer in
                defer { slot.release() }
                try await Self.stream(job.id, services: s, into: &writer)
            }
            return Response(status: .ok, headers: headers, body: body)
        }
    }

    /// Sends the job's state whenever it changes, a keep-alive comment every 15 s, and ends after the final state.
    static func stream(_ id: UUID, services s: APIServices, into writer: inout any ResponseBodyWriter) async throws {
        let encoder = APIResponse.encoder()
        var last = Data()
        var lastWrite = ContinuousClock.now
        let started = ContinuousClock.now
        var sequence = 0
        while ContinuousClock.now - started < .seconds(3600) {
            guard let job = try await s.store.job(id: id) else {
                try await writer.write(ByteBuffer(string: "event: deleted\ndata: {}\n\n"))
                break
            }
            let stages = try await s.store.stageRuns(jobId: id)
            let data = try encoder.encode(JobView(job, stages: stages, signer: s.signer, urlLifetime: s.config.signedURLSeconds))
            if data != last {
                sequence += 1
                let event = job.status.isTerminal ? "done" : "progress"
                try await writer.write(ByteBuffer(string: "id: \(sequence)\nevent: \(event)\ndata: \(String(decoding: data, as: UTF8.self))\n\n"))
                last = data
                lastWrite = .now
                if job.status.isTerminal { break }
            } else if ContinuousClock.now - lastWrite > .seconds(15) {
                try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                lastWrite = .now
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        try await writer.finish(nil)
    }

    /// The manifest text. JSON is accepted as is (JSON is YAML), so error positions point into what the client sent.
    static func manifestText(_ text: String, contentType: String?) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw APIError.badRequest("INVALID_BODY", "the manifest is empty") }
        if contentType?.lowercased().contains("json") == true {
            guard (try? JSONSerialization.jsonObject(with: Data(trimmed.utf8))) is [String: Any] else {
                throw APIError.badRequest("INVALID_JSON", "the request body is not a JSON object")
            }
        }
        return text
    }

    static func jobId(_ context: AppRequestContext) throws -> UUID {
        guard let raw = context.parameters.get("id"), let id = UUID(uuidString: raw) else { throw APIError.notFound("job") }
        return id
    }

    /// The caller and their job; 401 without a token, 404 for a job that is not theirs.
    static func ownedJob(_ request: Request, _ context: AppRequestContext, _ s: APIServices) async throws -> (UserRecord, JobRecord) {
        let user = try await s.user(request)
        let id = try jobId(context)
        guard let job = try await s.storeCall({ try await s.store.job(id: id, userId: user.id) }) else { throw APIError.notFound("job") }
        return (user, job)
    }
}

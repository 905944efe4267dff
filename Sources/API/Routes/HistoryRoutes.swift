// /api/v1/history: the user's jobs, newest first, paged as the original did (limit clamped to
// 1...100; a page or limit that is not a number is a 400); one item; delete with its files.
import Foundation
import Hummingbird

/// The history routes.
public struct HistoryRoutes: Sendable {
    /// Shared services.
    public let services: APIServices

    /// Creates the routes.
    public init(services: APIServices) { self.services = services }

    struct Page: Encodable {
        var items: [JobView]
        var page: Int
        var limit: Int
        var total: Int
        var pages: Int

        /// The page written by hand (the same JSON as the encoder's; a quarter of a page's cost was the encoder).
        var jsonObject: JSONObjectWriter {
            var o = JSONObjectWriter()
            o.add("items", objects: items.map(\.jsonObject))
            o.add("page", int: page)
            o.add("limit", int: limit)
            o.add("total", int: total)
            o.add("pages", int: pages)
            return o
        }
    }

    /// Job types a history filter may name.
    static let types: Set<String> = ["ai_parody", "audio_mix", "video_download", "audio_download", "manifest"]

    /// Registers the routes.
    public func register(in table: RouteTable<AppRequestContext>) {
        let s = services
        table.on(.get, "/api/v1/history") { request, _ in
            let user = try await s.user(request)
            let query = request.uri.queryParameters
            let paging = try PageQuery(request, defaultLimit: 20)
            let page = paging.page, limit = paging.limit
            var type: String?
            if let t = query["type"].map(String.init), !t.isEmpty {
                guard Self.types.contains(t) else {
                    throw APIError.badRequest("INVALID_QUERY", "type must be one of \(Self.types.sorted().joined(separator: ", "))")
                }
                type = t
            }
            let (items, total) = try await s.storeCall {
                try await s.store.jobs(userId: user.id, type: type, offset: (page - 1) * limit, limit: limit)
            }
            let now = Date()
            let decoder = JSONDecoder()
            let views = items.map { JobView($0, stages: nil, signer: s.signer, urlLifetime: s.config.signedURLSeconds,
                                            now: now, decoder: decoder, eventsURL: false) }
            return APIResponse.json(bytes: Page(items: views, page: page, limit: limit, total: total,
                                                pages: total == 0 ? 0 : (total + limit - 1) / limit).jsonObject.finished())
        }
        table.on(.get, "/api/v1/history/:id") { request, context in
            let (_, job) = try await JobRoutes.ownedJob(request, context, s)
            let stages = try await s.storeCall { try await s.store.stageRuns(jobId: job.id) }
            return APIResponse.json(JobView(job, stages: stages, signer: s.signer, urlLifetime: s.config.signedURLSeconds))
        }
        table.on(.delete, "/api/v1/history/:id") { request, context in
            let (user, job) = try await JobRoutes.ownedJob(request, context, s)
            if job.status == .running || job.status == .queued {
                _ = try? await s.store.requestCancel(id: job.id, userId: user.id, now: Date())
            }
            guard try await s.storeCall({ try await s.store.deleteJob(id: job.id, userId: user.id) }) else {
                throw APIError.notFound("job")
            }
            // The job's published files go; the cache blobs they came from stay until cache GC reclaims them.
            try? FileManager.default.removeItem(atPath: s.paths.jobDirectory(job.id))
            return APIResponse.json(["message": "Deleted", "job_id": job.id.uuidString.lowercased()])
        }
    }
}

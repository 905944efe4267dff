// How jobs look in answers: the job view (status, stages, files with signed URLs, links), the
// 202 "accepted" body, and the original's 200 bodies for finished jobs.
import Foundation
import Services

/// A job as `GET /api/v1/jobs/:id` and history show it.
struct JobView: Encodable {
    struct ErrorView: Encodable {
        var code: String
        var message: String
        var retry_after_seconds: Int?
    }
    struct FileView: Encodable {
        var name: String
        var url: String
        var signed_url: String
        var signed_url_expires_at: Date
    }
    struct StageView: Encodable {
        var id: String
        var kind: String
        var status: String
        var progress: Double
        var seconds: Double
        var cached: Bool
        var error_code: String?
        var error_message: String?
        var metadata: JSONValue?
    }
    struct Links: Encodable {
        var `self`: String
        var events: String
        var manifest: String
        var rerender: String
        var cancel: String
    }

    var id: String
    var job_id: String
    var type: String
    var status: String
    var progress: Double
    var attempt: Int
    var failures: Int
    var max_attempts: Int
    var retry_at: Date?
    var input: JSONValue?
    var error: ErrorView?
    var error_message: String?
    var output_url: String?
    var files: [FileView]
    var stages: [StageView]?
    var parent_id: String?
    var created_at: Date
    var started_at: Date?
    var completed_at: Date?
    var updated_at: Date
    var links: Links
    var events_url: String?

    init(_ job: JobRecord, stages: [StageRunRecord]?, signer: FileURLSigner, urlLifetime: Int, now: Date = Date(),
         decoder: JSONDecoder = JSONDecoder(), eventsURL: Bool = true) {
        let id = job.id.uuidString.lowercased()
        self.id = id
        job_id = id
        type = job.type
        status = job.status.rawValue
        progress = job.progress
        attempt = job.attempt
        failures = job.failures
        max_attempts = job.maxAttempts
        // A queued job that has failed before waits for its next attempt: the UI says "retrying (attempt n of m)".
        retry_at = job.status == .queued && job.failures > 0 ? job.runAfter : nil
        input = try? decoder.decode(JSONValue.self, from: Data(job.input.utf8))
        if job.status == .failed || job.errorCode != nil, let code = job.errorCode {
            error = ErrorView(code: code, message: job.errorMessage ?? code, retry_after_seconds: job.retryAfterSeconds)
            error_message = job.errorMessage
        }
        let expires = now.addingTimeInterval(TimeInterval(urlLifetime))
        files = job.status == .succeeded ? job.outputs.map { name in
            FileView(name: name, url: JobView.fileURL(job.id, name),
                     signed_url: signer.sign(userId: job.userId, jobId: job.id, fileName: name, expiresAt: expires), signed_url_expires_at: expires)
        } : []
        output_url = files.first?.url
        self.stages = stages?.map {
            StageView(id: $0.stageId, kind: $0.kind, status: $0.status, progress: $0.progress, seconds: $0.seconds, cached: $0.status == "cached",
                      error_code: $0.errorCode, error_message: $0.errorMessage,
                      metadata: $0.metadata.flatMap { try? decoder.decode(JSONValue.self, from: Data($0.utf8)) })
        }
        parent_id = job.parentId?.uuidString.lowercased()
        created_at = job.createdAt
        started_at = job.startedAt
        completed_at = job.completedAt
        updated_at = job.updatedAt
        links = JobView.links(id)
        // History lists leave it out: signing every item of a page is most of the page's cost.
        events_url = eventsURL ? JobView.signedEventsURL(job, signer: signer, expiresAt: expires) : nil
    }

    /// The name the signer binds event-stream URLs to; it contains a `/`, so no output file can share it.
    static let eventsSignatureName = "/events"

    /// The job's event stream with a signed query, for EventSource (which cannot send headers).
    static func signedEventsURL(_ job: JobRecord, signer: FileURLSigner, expiresAt: Date) -> String {
        let signed = signer.sign(userId: job.userId, jobId: job.id, fileName: eventsSignatureName, expiresAt: expiresAt)
        let query = signed.split(separator: "?", maxSplits: 1).last.map(String.init) ?? ""
        return "/api/v1/jobs/\(job.id.uuidString.lowercased())/events?\(query)"
    }

    static func links(_ id: UUID) -> Links { links(id.uuidString.lowercased()) }

    static func links(_ id: String) -> Links {
        let base = "/api/v1/jobs/\(id)"
        return Links(self: base, events: base + "/events", manifest: base + "/manifest", rerender: base + "/rerender", cancel: base + "/cancel")
    }

    /// The authenticated URL of a job's file.
    static func fileURL(_ id: UUID, _ name: String) -> String {
        "/files/\(id.uuidString.lowercased())/\(name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? name)"
    }
}

/// The 202 answer to a submission.
struct AcceptedView: Encodable {
    var message = "Job accepted"
    var job_id: String
    var status: String
    var links: JobView.Links
}

/// The original's 200 answer for a finished job: `message`, `job_id`, and `merged_file_path` or `filepath`.
struct LegacyDoneView: Encodable {
    var message: String
    var job_id: String
    var merged_file_path: String?
    var filepath: String?
    var status: String
    var files: [JobView.FileView]
}

// Validates and enqueues jobs for every submission route, applies the per-user in-flight limit,
// and honours `Prefer: wait=N` (RFC 7240) by waiting for the job before answering.
import Foundation
import HTTPTypes
import Hummingbird
import Pipeline

/// Shared submission logic.
struct JobSubmitter: Sendable {
    let services: APIServices

    /// Checks a manifest as the CLI would plus the API's policy; 422 with every problem and its line:column.
    /// Validation runs on its own thread within `MANIFEST_VALIDATION_MS` and `MAX_STAGE_INSTANCES`; past either, 422
    /// `MANIFEST_TOO_COMPLEX` names where it stopped, and the validation has stopped too. A manifest past `MAX_JOB_INPUT_SECONDS`,
    /// `MAX_SAMPLE_RATE` or `MAX_CHANNELS` is refused with 422 `JOB_TOO_LARGE`, each limit it passes in the details.
    func validate(yaml: String, overrides: [String: String], user: UserRecord) async throws -> Manifest {
        let config = services.config
        let limits = ManifestLimits(maxStageInstances: config.maxStageInstances,
                                    maxInputBindings: max(100_000, config.maxStageInstances * 50),
                                    deadline: .now + config.manifestValidationBudget)
        let loader = ManifestLoader(registry: services.registry, overrides: overrides, limits: limits)
        let manifest: Manifest
        switch await ManifestValidationThread.load(loader, yaml: yaml, file: "manifest.yaml", directory: services.paths.temporaryDirectory) {
        case .success(let m):
            manifest = m
        case .failure(let error):
            let details = error.issues.map {
                APIErrorDetail(field: $0.field.isEmpty ? nil : $0.field, message: $0.message, line: $0.location.line, column: $0.location.column)
            }
            if error.code == .tooComplex {
                throw APIError.unprocessable(error.code.rawValue, details.first?.message ?? "the manifest is too complex", details: details)
            }
            throw APIError.unprocessable("MANIFEST_INVALID", "the manifest has \(details.count) error\(details.count == 1 ? "" : "s")", details: details)
        }
        // Per-job resource bounds, from the manifest alone: refused before any audio is decoded.
        let bounds = JobBounds(maxInputSeconds: config.maxJobInputSeconds, maxSampleRate: config.maxSampleRate, maxChannels: config.maxChannels)
        let tooLarge = bounds.problems(manifest)
        if let first = tooLarge.first {
            throw APIError.unprocessable("JOB_TOO_LARGE", first.message, details: tooLarge)
        }
        let store = services.store
        let problems = await services.policy.problems(manifest) { id in
            guard let uuid = UUID(uuidString: id) else { return false }
            return (try? await store.upload(id: uuid, userId: user.id)) != nil
        }
        if !problems.isEmpty {
            throw APIError.unprocessable("MANIFEST_NOT_ALLOWED", problems[0].message, details: problems)
        }
        return manifest
    }

    /// Enqueues a job and answers 202, or (with `Prefer: wait=N`) the finished job.
    func submit(_ request: Request, user: UserRecord, type: String, manifest: String, input: String, overrides: [String: String] = [:],
                parentId: UUID? = nil, legacy: Bool) async throws -> Response {
        let store = services.store
        let limit = services.config.maxJobsInFlight
        // A user already at USER_QUOTA_MB cannot queue more work; a running job's outputs may take them past it (the job
        // still finishes, and later uploads and submissions are refused until they delete jobs).
        try await UserQuota(services: services).check(user.id, adding: 0)
        let job = JobRecord(userId: user.id, type: type, manifest: manifest, overrides: overrides, input: input,
                            maxAttempts: services.config.jobMaxAttempts, parentId: parentId)
        // Count and insert atomically: parallel submissions cannot get past the limit together.
        guard try await services.storeCall({ try await store.enqueue(job, maxActive: limit) }) else {
            throw APIError(429, "TOO_MANY_JOBS", "you have \(limit) jobs queued or running; the limit is \(limit)", retryAfterSeconds: 10)
        }
        services.logger.info("job queued", metadata: ["job.id": "\(job.id.uuidString.lowercased())", "job.type": "\(type)", "user.id": "\(user.id)"])
        if let wait = Self.preferredWait(request.headers[HTTPField.Name("Prefer")!]) {
            if let done = try await self.wait(for: job.id, seconds: wait), done.status.isTerminal {
                var response = try finished(done, legacy: legacy)
                response.headers[HTTPField.Name("Preference-Applied")!] = "wait=\(Int(wait))"
                return response
            }
        }
        var headers: HTTPFields = [:]
        headers[.location] = JobView.links(job.id).`self`
        return APIResponse.json(AcceptedView(job_id: job.id.uuidString.lowercased(), status: job.status.rawValue, links: JobView.links(job.id)),
                                status: .accepted, headers: headers)
    }

    /// The answer for a finished job: 200 with the original's body (or the job view), or the job's error.
    func finished(_ job: JobRecord, legacy: Bool) throws -> Response {
        switch job.status {
        case .succeeded:
            let view = JobView(job, stages: nil, signer: services.signer, urlLifetime: services.config.signedURLSeconds)
            guard legacy else { return APIResponse.json(view) }
            let download = job.type == "video_download" || job.type == "audio_download"
            let message = switch job.type {
            case "ai_parody": "AI mashup generated successfully"
            case "video_download": "Video downloaded successfully"
            case "audio_download": "Audio downloaded successfully"
            default: "Audio processed successfully"
            }
            return APIResponse.json(LegacyDoneView(message: message, job_id: view.job_id, merged_file_path: download ? nil : view.output_url,
                                                   filepath: download ? view.output_url : nil, status: job.status.rawValue, files: view.files))
        case .failed:
            let code = job.errorCode ?? "JOB_FAILED"
            throw APIError(Self.status(forFailure: code), code, job.errorMessage ?? "the job failed",
                           retryAfterSeconds: job.retryAfterSeconds)
        case .cancelled:
            throw APIError(409, "JOB_CANCELLED", "the job was cancelled")
        case .queued, .running:
            return APIResponse.json(JobView(job, stages: nil, signer: services.signer, urlLifetime: services.config.signedURLSeconds),
                                    status: .accepted)
        }
    }

    /// Polls the job until it ends or `seconds` pass.
    func wait(for id: UUID, seconds: Double) async throws -> JobRecord? {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        var delay = Duration.milliseconds(50)
        while true {
            let job = try await services.storeCall { try await services.store.job(id: id) }
            if let job, job.status.isTerminal { return job }
            if ContinuousClock.now + delay > deadline { return job }
            try await Task.sleep(for: delay)
            delay = min(delay * 2, .milliseconds(500))
        }
    }

    /// `wait=N` from a `Prefer` header, capped at 300 seconds.
    static func preferredWait(_ header: String?) -> Double? {
        guard let header else { return nil }
        for preference in header.split(separator: ",") {
            let parts = preference.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, parts[0].lowercased() == "wait", let n = Double(parts[1].trimmingCharacters(in: ["\""])), n >= 0, n.isFinite {
                return min(n, 300)
            }
        }
        return nil
    }

    /// The HTTP status a failed job's code is answered with.
    static func status(forFailure code: String) -> Int {
        switch code {
        case "AI_RATE_LIMITED": 429
        case "AI_KEY_MISSING", "AI_TEMPORARILY_UNAVAILABLE", "LYRICS_UNAVAILABLE", "WORKER_LOST", "UNAVAILABLE": 503
        case "AI_MODEL_NOT_FOUND", "AI_UPSTREAM_ERROR", "AI_INVALID_RESPONSE", "LYRICS_UPSTREAM_ERROR", "NETWORK_ERROR", "TIMEOUT",
             "FETCH_FAILED", "HTTP_STATUS": 502
        case "INTERNAL", "STORAGE", "ENCODE_FAILED": 500
        default: 422
        }
    }
}

// The OpenAPI 3.1 document served at /api/v1/openapi.yaml.
// Hand-written; `OpenAPIDocumentTests` checks it against the route table and against real answers.
/// The API description.
public enum OpenAPIDocument {
    /// The document, as YAML: every route the app registers, its bodies, and its answers.
    public static let yaml = #"""
    openapi: 3.1.0
    info:
      title: IntelliMix API
      version: 1.0.0
      summary: AI mashups, clip mixes and downloads, rendered as cached pipeline jobs.
      description: |
        Every submission is a job: it is queued, answered with `202 Accepted` and a `Location`
        header, and followed with `GET /api/v1/jobs/{id}` (or its Server-Sent Events stream).
        Send `Prefer: wait=N` (RFC 7240, N ≤ 300 seconds) to have the submission wait for the
        job and answer its outcome directly, as the original synchronous API did.

        Authenticated routes take `Authorization: Bearer <access token>`. Access tokens live
        30 minutes by default; refresh tokens rotate on every use, and presenting a spent one
        revokes its whole family (`AUTH_TOKEN_REUSED`).

        Every error answer has the `Error` body; its `code` is stable and machine-readable.
        Codes any route may answer: `NOT_FOUND` (404, unknown route), `METHOD_NOT_ALLOWED` (405),
        `BODY_TOO_LARGE` (413), `INTERNAL` (500, details only in the server log), `UNAVAILABLE`
        (503, the database is unreachable; with `Retry-After`).
    servers:
      - url: /
    security:
      - bearerAuth: []
    tags:
      - name: auth
        description: Accounts and tokens.
      - name: submissions
        description: The original's job routes (clip mixes, CSV, AI mashups, downloads).
      - name: jobs
        description: Hand-written manifests, job state, re-render and cancel.
      - name: history
        description: The user's jobs, paged.
      - name: files
        description: Uploads and job outputs.
      - name: operations
        description: Health, metrics, this document and the web UI.

    paths:
      /:
        get:
          operationId: getWebUI
          summary: The single-page web UI.
          tags: [operations]
          security: []
          responses:
            "200":
              description: The page (HTML with inline script and style, served with a strict Content-Security-Policy).
              content:
                text/html:
                  schema:
                    type: string

      /metrics:
        get:
          operationId: getMetrics
          summary: Prometheus metrics (HTTP latency per route template, queue depth and job counts).
          tags: [operations]
          description: |
            Open unless `METRICS_TOKEN` is set; then only `Authorization: Bearer <METRICS_TOKEN>` is answered.
            With `METRICS_PORT` set, it is served only by that separate listener.
          security: []
          responses:
            "200":
              description: Metrics in the Prometheus text exposition format 0.0.4.
              content:
                text/plain:
                  schema:
                    type: string
            "401":
              $ref: "#/components/responses/Error"
              description: "`METRICS_TOKEN_INVALID`: `METRICS_TOKEN` is set and the request did not present it as a bearer token."

      /api/v1/health:
        get:
          operationId: getHealth
          summary: Liveness and database reachability.
          tags: [operations]
          security: []
          responses:
            "200":
              description: The service and its database are up.
              content:
                application/json:
                  schema:
                    $ref: "#/components/schemas/Health"
            "503":
              description: The database cannot be reached (`status` is `degraded`, `database` is `unreachable`).
              content:
                application/json:
                  schema:
                    $ref: "#/components/schemas/Health"

      /api/v1/openapi.yaml:
        get:
          operationId: getOpenAPIDocument
          summary: This document.
          tags: [operations]
          security: []
          responses:
            "200":
              description: The OpenAPI 3.1 document as YAML.
              content:
                application/yaml:
                  schema:
                    type: string

      /api/v1/auth/register:
        post:
          operationId: register
          summary: Create an account and sign in.
          description: |
            The e-mail address is trimmed and lower-cased. Rate-limited per client address and per
            e-mail address (`AUTH_RATE_LIMIT_PER_IP`, `AUTH_RATE_LIMIT_PER_EMAIL` per minute).
          tags: [auth]
          security: []
          requestBody:
            required: true
            content:
              application/json:
                schema:
                  $ref: "#/components/schemas/RegisterRequest"
          responses:
            "201":
              $ref: "#/components/responses/Session"
              description: Registered; the body holds the user and a fresh token pair.
            "400":
              $ref: "#/components/responses/Error"
              description: |
                `VALIDATION_ERROR` (a missing, malformed or out-of-range name, email or password;
                `details[0].field` names it) or `INVALID_JSON`.
            "409":
              $ref: "#/components/responses/Error"
              description: "`AUTH_EMAIL_TAKEN`: an account with this e-mail address exists."
            "413":
              $ref: "#/components/responses/PayloadTooLarge"
            "429":
              $ref: "#/components/responses/RateLimited"
            "503":
              $ref: "#/components/responses/Unavailable"

      /api/v1/auth/login:
        post:
          operationId: login
          summary: Sign in with e-mail address and password.
          tags: [auth]
          security: []
          requestBody:
            required: true
            content:
              application/json:
                schema:
                  $ref: "#/components/schemas/LoginRequest"
          responses:
            "200":
              $ref: "#/components/responses/Session"
              description: Signed in; the body holds the user and a fresh token pair.
            "400":
              $ref: "#/components/responses/Error"
              description: "`VALIDATION_ERROR` (a missing field) or `INVALID_JSON`."
            "401":
              $ref: "#/components/responses/Unauthorized"
              description: |
                `AUTH_INVALID_CREDENTIALS` ("Invalid credentials"): unknown address, wrong password
                and inactive account answer alike.
            "413":
              $ref: "#/components/responses/PayloadTooLarge"
            "429":
              $ref: "#/components/responses/RateLimited"
            "503":
              $ref: "#/components/responses/Unavailable"

      /api/v1/auth/refresh:
        post:
          operationId: refreshSession
          summary: Exchange a refresh token for a new token pair (rotation).
          description: |
            The presented refresh token is spent: always keep the new `refresh_token`. Presenting a
            spent token again answers `AUTH_TOKEN_REUSED` and revokes every token of its login.
          tags: [auth]
          security: []
          requestBody:
            required: true
            content:
              application/json:
                schema:
                  $ref: "#/components/schemas/RefreshRequest"
          responses:
            "200":
              $ref: "#/components/responses/Session"
              description: A new access token and a new refresh token (no `message`, no `user`).
            "400":
              $ref: "#/components/responses/Error"
              description: "`VALIDATION_ERROR` (no `refresh_token`) or `INVALID_JSON`."
            "401":
              $ref: "#/components/responses/Unauthorized"
              description: |
                `AUTH_TOKEN_INVALID` (malformed, wrongly signed, not a refresh token, unknown, or its
                user is gone or inactive), `AUTH_TOKEN_EXPIRED`, or `AUTH_TOKEN_REUSED` (already
                used or revoked; the whole family is now revoked).
            "413":
              $ref: "#/components/responses/PayloadTooLarge"
            "429":
              $ref: "#/components/responses/RateLimited"
            "503":
              $ref: "#/components/responses/Unavailable"

      /api/v1/auth/logout:
        post:
          operationId: logout
          summary: Sign out; revokes the refresh token's family and blocks the access token.
          description: |
            Send the access token, the refresh token in the body, or both. Expired tokens still
            count when their signature verifies; tokens that do not verify are ignored.
          tags: [auth]
          security:
            - bearerAuth: []
            - {}
          requestBody:
            required: false
            content:
              application/json:
                schema:
                  $ref: "#/components/schemas/LogoutRequest"
          responses:
            "200":
              description: Signed out.
              content:
                application/json:
                  schema:
                    $ref: "#/components/schemas/Message"
            "401":
              $ref: "#/components/responses/Unauthorized"
              description: "`AUTH_REQUIRED`: neither an access token nor a refresh token was sent."
            "503":
              $ref: "#/components/responses/Unavailable"

      /api/v1/auth/me:
        get:
          operationId: getCurrentUser
          summary: The signed-in user.
          tags: [auth]
          responses:
            "200":
              description: The user.
              content:
                application/json:
                  schema:
                    $ref: "#/components/schemas/Me"
            "401":
              $ref: "#/components/responses/Unauthorized"
            "503":
              $ref: "#/components/responses/Unavailable"

      /api/v1/process-array:
        post:
          operationId: processArray
          summary: Cut clips from several URLs and join them with crossfades into one MP3.
          description: |
            At most 50 clips; each at most 600 seconds. Times are seconds (number or string),
            `SS`, `MM:SS` or `HH:MM:SS`; `start` defaults to 0 and `end` to `start` + 30.
            The job's type is `audio_mix`.
          tags: [submissions]
          parameters:
            - $ref: "#/components/parameters/Prefer"
          requestBody:
            required: true
            content:
              application/json:
                schema:
                  $ref: "#/components/schemas/ProcessArrayRequest"
          responses:
            "200":
              $ref: "#/components/responses/LegacyDone"
            "202":
              $ref: "#/components/responses/Accepted"
            "400":
              $ref: "#/components/responses/Error"
              description: |
                `VALIDATION_ERROR` (empty `urls`, missing or mistyped field), `INVALID_JSON`,
                `TOO_MANY_CLIPS`, `CLIP_INVALID_URL`, `INVALID_TIME`, `INVALID_RANGE`.
            "401":
              $ref: "#/components/responses/Unauthorized"
            "409":
              $ref: "#/components/responses/JobCancelled"
            "413":
              $ref: "#/components/responses/PayloadTooLarge"
            "422":
              $ref: "#/components/responses/SubmissionRefused"
            "429":
              $ref: "#/components/responses/SubmissionLimited"
            "500":
              $ref: "#/components/responses/JobFailedInternal"
            "502":
              $ref: "#/components/responses/JobFailedUpstream"
            "503":
              $ref: "#/components/responses/SubmissionUnavailable"

      /api/v1/process-csv:
        post:
          operationId: processCSV
          summary: The same as process-array, with the clips in an uploaded CSV file.
          description: |
            A CSV with the header `Url,Start,End` (times as in process-array), at most 256 KB and
            50 rows, sent as the multipart field `file`. The job's type is `audio_mix`.
          tags: [submissions]
          parameters:
            - $ref: "#/components/parameters/Prefer"
          requestBody:
            required: true
            content:
              multipart/form-data:
                schema:
                  $ref: "#/components/schemas/FileForm"
          responses:
            "200":
              $ref: "#/components/responses/LegacyDone"
            "202":
              $ref: "#/components/responses/Accepted"
            "400":
              $ref: "#/components/responses/Error"
              description: |
                `EXPECTED_MULTIPART`, `INVALID_MULTIPART`, `MISSING_FILE`, `INVALID_CSV` (not UTF-8),
                `CSV_MALFORMED`, `CSV_HEADER`, `CLIP_INVALID_URL`, `CLIP_INVALID_TIME`,
                `CLIP_INVALID_RANGE`, `CLIP_LIMIT`, `INPUT_TOO_LARGE`, `VALIDATION_ERROR` (no clips).
            "401":
              $ref: "#/components/responses/Unauthorized"
            "409":
              $ref: "#/components/responses/JobCancelled"
            "413":
              $ref: "#/components/responses/PayloadTooLarge"
            "422":
              $ref: "#/components/responses/SubmissionRefused"
            "429":
              $ref: "#/components/responses/SubmissionLimited"
            "500":
              $ref: "#/components/responses/JobFailedInternal"
            "502":
              $ref: "#/components/responses/JobFailedUpstream"
            "503":
              $ref: "#/components/responses/SubmissionUnavailable"

      /api/v1/generate-ai:
        post:
          operationId: generateAI
          summary: An AI mashup from a free-text prompt.
          description: |
            Songs named in the prompt ("Title - Artist, Title - Artist") are used as given;
            otherwise the worker asks the LLM for songs, and the job's manifest is written then.
            The job's type is `ai_parody`.
          tags: [submissions]
          parameters:
            - $ref: "#/components/parameters/Prefer"
          requestBody:
            required: true
            content:
              application/json:
                schema:
                  $ref: "#/components/schemas/GenerateAIRequest"
          responses:
            "200":
              $ref: "#/components/responses/LegacyDone"
            "202":
              $ref: "#/components/responses/Accepted"
            "400":
              $ref: "#/components/responses/Error"
              description: "`VALIDATION_ERROR` (empty prompt, bad `target_seconds` or `provider`), `PROMPT_TOO_LONG`, `INVALID_JSON`."
            "401":
              $ref: "#/components/responses/Unauthorized"
            "409":
              $ref: "#/components/responses/JobCancelled"
            "413":
              $ref: "#/components/responses/PayloadTooLarge"
            "422":
              $ref: "#/components/responses/SubmissionRefused"
            "429":
              $ref: "#/components/responses/SubmissionLimited"
            "500":
              $ref: "#/components/responses/JobFailedInternal"
            "502":
              $ref: "#/components/responses/JobFailedUpstream"
            "503":
              $ref: "#/components/responses/SubmissionUnavailable"

      /api/v1/download-video:
        post:
          operationId: downloadVideo
          summary: Download a video (best video and audio, merged to MP4, height-capped).
          description: The job's type is `video_download`; the finished answer names the file in `filepath`.
          tags: [submissions]
          parameters:
            - $ref: "#/components/parameters/Prefer"
          requestBody:
            required: true
            content:
              application/json:
                schema:
                  $ref: "#/components/schemas/DownloadVideoRequest"
          responses:
            "200":
              $ref: "#/components/responses/LegacyDone"
            "202":
              $ref: "#/components/responses/Accepted"
            "400":
              $ref: "#/components/responses/Error"
              description: "`INVALID_URL`, `VALIDATION_ERROR` (bad `max_height`, missing `url`), `INVALID_JSON`."
            "401":
              $ref: "#/components/responses/Unauthorized"
            "409":
              $ref: "#/components/responses/JobCancelled"
            "413":
              $ref: "#/components/responses/PayloadTooLarge"
            "422":
              $ref: "#/components/responses/SubmissionRefused"
            "429":
              $ref: "#/components/responses/SubmissionLimited"
            "500":
              $ref: "#/components/responses/JobFailedInternal"
            "502":
              $ref: "#/components/responses/JobFailedUpstream"
            "503":
              $ref: "#/components/responses/SubmissionUnavailable"

      /api/v1/download-audio:
        post:
          operationId: downloadAudio
          summary: Download a URL's best audio stream, as is or converted.
          description: The job's type is `audio_download`; the finished answer names the file in `filepath`.
          tags: [submissions]
          parameters:
            - $ref: "#/components/parameters/Prefer"
          requestBody:
            required: true
            content:
              application/json:
                schema:
                  $ref: "#/components/schemas/DownloadAudioRequest"
          responses:
            "200":
              $ref: "#/components/responses/LegacyDone"
            "202":
              $ref: "#/components/responses/Accepted"
            "400":
              $ref: "#/components/responses/Error"
              description: "`INVALID_URL`, `VALIDATION_ERROR` (bad `format`, missing `url`), `INVALID_JSON`."
            "401":
              $ref: "#/components/responses/Unauthorized"
            "409":
              $ref: "#/components/responses/JobCancelled"
            "413":
              $ref: "#/components/responses/PayloadTooLarge"
            "422":
              $ref: "#/components/responses/SubmissionRefused"
            "429":
              $ref: "#/components/responses/SubmissionLimited"
            "500":
              $ref: "#/components/responses/JobFailedInternal"
            "502":
              $ref: "#/components/responses/JobFailedUpstream"
            "503":
              $ref: "#/components/responses/SubmissionUnavailable"

      /api/v1/jobs:
        post:
          operationId: submitManifest
          summary: Submit a hand-written pipeline manifest (YAML, or JSON).
          description: |
            The manifest is checked as `intellimix render` would check it, plus the API's policy:
            no server-local paths or `file://` URLs, `source` stages only with `upload: <id>` of the
            caller's own uploads, no URLs pointing at internal addresses. Every problem is listed
            in `details` with its line and column in the submitted text. The job's type is `manifest`.
          tags: [jobs]
          parameters:
            - $ref: "#/components/parameters/Prefer"
          requestBody:
            required: true
            content:
              application/yaml:
                schema:
                  type: string
                example: |
                  version: 1
                  name: one download
                  stages:
                    - id: download
                      kind: fetch
                      url: https://example.com/a.mp3
                      publish: true
              application/json:
                schema:
                  type: object
                  description: The manifest as a JSON object (JSON is YAML; positions refer to the sent text).
          responses:
            "200":
              $ref: "#/components/responses/JobDone"
            "202":
              $ref: "#/components/responses/Accepted"
            "400":
              $ref: "#/components/responses/Error"
              description: "`INVALID_BODY` (empty or not UTF-8), `INVALID_JSON` (a JSON content type whose body is not a JSON object)."
            "401":
              $ref: "#/components/responses/Unauthorized"
            "409":
              $ref: "#/components/responses/JobCancelled"
            "413":
              $ref: "#/components/responses/PayloadTooLarge"
            "422":
              $ref: "#/components/responses/ManifestRefused"
            "429":
              $ref: "#/components/responses/SubmissionLimited"
            "500":
              $ref: "#/components/responses/JobFailedInternal"
            "502":
              $ref: "#/components/responses/JobFailedUpstream"
            "503":
              $ref: "#/components/responses/SubmissionUnavailable"

      /api/v1/jobs/{id}:
        get:
          operationId: getJob
          summary: A job with its stages, files and links.
          tags: [jobs]
          parameters:
            - $ref: "#/components/parameters/JobId"
          responses:
            "200":
              $ref: "#/components/responses/Job"
              description: The job; `stages` lists the latest attempt's stages in order.
            "401":
              $ref: "#/components/responses/Unauthorized"
            "404":
              $ref: "#/components/responses/JobNotFound"
            "503":
              $ref: "#/components/responses/Unavailable"

      /api/v1/jobs/{id}/manifest:
        get:
          operationId: getJobManifest
          summary: The job's manifest, exactly as it is rendered.
          tags: [jobs]
          parameters:
            - $ref: "#/components/parameters/JobId"
          responses:
            "200":
              description: The manifest.
              content:
                application/yaml:
                  schema:
                    type: string
            "401":
              $ref: "#/components/responses/Unauthorized"
            "404":
              $ref: "#/components/responses/JobNotFound"
            "409":
              $ref: "#/components/responses/ManifestPending"
            "503":
              $ref: "#/components/responses/Unavailable"

      /api/v1/jobs/{id}/rerender:
        post:
          operationId: rerenderJob
          summary: Render the job's manifest again as a new job, optionally overriding parameters.
          description: |
            The new job's `parent_id` is this job. Overrides add to the job's own (as `--set` does
            on the command line); stages whose inputs did not change come from the cache.
          tags: [jobs]
          parameters:
            - $ref: "#/components/parameters/JobId"
            - $ref: "#/components/parameters/Prefer"
          requestBody:
            required: false
            content:
              application/json:
                schema:
                  $ref: "#/components/schemas/RerenderRequest"
          responses:
            "200":
              $ref: "#/components/responses/JobDone"
            "202":
              $ref: "#/components/responses/Accepted"
            "400":
              $ref: "#/components/responses/Error"
              description: "`VALIDATION_ERROR` (more than 100 params, mistyped field) or `INVALID_JSON`."
            "401":
              $ref: "#/components/responses/Unauthorized"
            "404":
              $ref: "#/components/responses/JobNotFound"
            "409":
              $ref: "#/components/responses/RetryableError"
              description: |
                `MANIFEST_PENDING` (the AI job's songs are not chosen yet; with `Retry-After`), or with
                `Prefer: wait` `JOB_CANCELLED`.
            "413":
              $ref: "#/components/responses/PayloadTooLarge"
            "422":
              $ref: "#/components/responses/ManifestRefused"
            "429":
              $ref: "#/components/responses/SubmissionLimited"
            "500":
              $ref: "#/components/responses/JobFailedInternal"
            "502":
              $ref: "#/components/responses/JobFailedUpstream"
            "503":
              $ref: "#/components/responses/SubmissionUnavailable"

      /api/v1/jobs/{id}/cancel:
        post:
          operationId: cancelJob
          summary: Cancel a job.
          description: |
            A queued job is cancelled at once (200). A running job is flagged (202); its worker notices
            within 250 ms and interrupts the running stage at its next chunk, so the job is `cancelled`
            within a second, and nothing of that stage is cached. A job that already ended is answered
            unchanged (200).
          tags: [jobs]
          parameters:
            - $ref: "#/components/parameters/JobId"
          responses:
            "200":
              $ref: "#/components/responses/Job"
              description: The job is cancelled, or had already ended.
            "202":
              $ref: "#/components/responses/Job"
              description: Cancellation requested; the running job stops soon.
            "401":
              $ref: "#/components/responses/Unauthorized"
            "404":
              $ref: "#/components/responses/JobNotFound"
            "503":
              $ref: "#/components/responses/Unavailable"

      /api/v1/jobs/{id}/events:
        get:
          operationId: followJob
          summary: Follow a job live (Server-Sent Events).
          description: |
            Sends the job (a `JobView` as JSON in `data`) whenever it changes: event `progress`
            while it runs, `done` for its final state (then the stream ends), `deleted` if it
            is deleted. A `: keep-alive` comment comes every 15 s of silence. Browsers' EventSource
            cannot send an Authorization header; such clients poll `GET /api/v1/jobs/{id}` instead.
          tags: [jobs]
          parameters:
            - $ref: "#/components/parameters/JobId"
          responses:
            "200":
              description: The event stream.
              content:
                text/event-stream:
                  schema:
                    type: string
            "401":
              $ref: "#/components/responses/Unauthorized"
            "404":
              $ref: "#/components/responses/JobNotFound"
            "429":
              $ref: "#/components/responses/RetryableError"
              description: "`TOO_MANY_STREAMS`: the user already holds `MAX_SSE_STREAMS_PER_USER` event streams (default 4)."
            "503":
              $ref: "#/components/responses/Unavailable"

      /api/v1/history:
        get:
          operationId: listHistory
          summary: The caller's jobs, newest first, paged.
          tags: [history]
          parameters:
            - name: type
              in: query
              required: false
              description: Only jobs of this type.
              schema:
                $ref: "#/components/schemas/JobType"
            - name: page
              in: query
              required: false
              description: The page, from 1 (default 1).
              schema:
                type: integer
                minimum: 1
                maximum: 1000000
                default: 1
            - name: limit
              in: query
              required: false
              description: Items per page, clamped to 1...100 (default 20).
              schema:
                type: integer
                default: 20
          responses:
            "200":
              description: One page; items carry no `stages`.
              content:
                application/json:
                  schema:
                    $ref: "#/components/schemas/HistoryPage"
            "400":
              $ref: "#/components/responses/Error"
              description: "`INVALID_QUERY`: `page` or `limit` is not a whole number, `page` is below 1, or `type` is unknown."
            "401":
              $ref: "#/components/responses/Unauthorized"
            "503":
              $ref: "#/components/responses/Unavailable"

      /api/v1/history/{id}:
        get:
          operationId: getHistoryItem
          summary: One of the caller's jobs, with its stages (the same as GET /api/v1/jobs/{id}).
          tags: [history]
          parameters:
            - $ref: "#/components/parameters/JobId"
          responses:
            "200":
              $ref: "#/components/responses/Job"
              description: The job.
            "401":
              $ref: "#/components/responses/Unauthorized"
            "404":
              $ref: "#/components/responses/JobNotFound"
            "503":
              $ref: "#/components/responses/Unavailable"
        delete:
          operationId: deleteHistoryItem
          summary: Delete a job and its output files (a running job is asked to cancel first).
          tags: [history]
          parameters:
            - $ref: "#/components/parameters/JobId"
          responses:
            "200":
              description: Deleted.
              content:
                application/json:
                  schema:
                    $ref: "#/components/schemas/Deleted"
            "401":
              $ref: "#/components/responses/Unauthorized"
            "404":
              $ref: "#/components/responses/JobNotFound"
            "503":
              $ref: "#/components/responses/Unavailable"

      /api/v1/uploads:
        post:
          operationId: uploadAudio
          summary: Upload an audio file to use as a `source` in the caller's manifests.
          description: |
            The multipart field `file`, at most `MAX_UPLOAD_SIZE_MB` (default 50 MB). The file must
            be audio whose first second decodes. Use the answer's `source` as a manifest stage:
            `kind: source`, `upload: <upload_id>`.
          tags: [files]
          requestBody:
            required: true
            content:
              multipart/form-data:
                schema:
                  $ref: "#/components/schemas/FileForm"
          responses:
            "201":
              description: Stored.
              content:
                application/json:
                  schema:
                    $ref: "#/components/schemas/Upload"
            "400":
              $ref: "#/components/responses/Error"
              description: "`EXPECTED_MULTIPART`, `INVALID_MULTIPART`, `MISSING_FILE`, `EMPTY_FILE`."
            "401":
              $ref: "#/components/responses/Unauthorized"
            "413":
              $ref: "#/components/responses/PayloadTooLarge"
            "422":
              $ref: "#/components/responses/Error"
              description: "`NOT_AUDIO`: the file is not audio that can be decoded."
            "503":
              $ref: "#/components/responses/Unavailable"

      /files/{jobId}/{filename}:
        get:
          operationId: getJobFile
          summary: A finished job's output file, for its owner only; supports byte ranges.
          description: |
            Authenticate with a Bearer token, or with the signed query parameters of a job's
            `files[].signed_url` (short-lived, bound to this job, file and user; made for `<audio>`
            and `<video>` elements, which cannot send headers). When `sig` is present the signature
            alone decides.
          tags: [files]
          security:
            - bearerAuth: []
            - signedURL: []
          parameters:
            - name: jobId
              in: path
              required: true
              schema:
                type: string
                format: uuid
            - name: filename
              in: path
              required: true
              description: The output's file name (percent-encoded).
              schema:
                type: string
            - name: expires
              in: query
              required: false
              description: Signed URLs only; Unix time (seconds) after which the link is refused.
              schema:
                type: integer
            - name: uid
              in: query
              required: false
              description: Signed URLs only; the user the link was signed for.
              schema:
                type: string
                format: uuid
            - name: sig
              in: query
              required: false
              description: Signed URLs only; HMAC-SHA256 signature, base64url.
              schema:
                type: string
            - name: Range
              in: header
              required: false
              description: One range, `bytes=a-b`, `bytes=a-` or `bytes=-n`.
              schema:
                type: string
          responses:
            "200":
              description: The whole file.
              headers:
                Accept-Ranges:
                  schema:
                    type: string
                    const: bytes
                Content-Length:
                  schema:
                    type: integer
              content:
                application/octet-stream:
                  schema:
                    type: string
                    contentMediaType: application/octet-stream
                audio/*:
                  schema:
                    type: string
                video/*:
                  schema:
                    type: string
            "206":
              description: The requested range.
              headers:
                Content-Range:
                  $ref: "#/components/headers/ContentRange"
              content:
                application/octet-stream:
                  schema:
                    type: string
                audio/*:
                  schema:
                    type: string
                video/*:
                  schema:
                    type: string
            "400":
              $ref: "#/components/responses/Error"
              description: "`INVALID_FILE_NAME`: the name could leave the job's folder."
            "401":
              $ref: "#/components/responses/Unauthorized"
              description: |
                `FILE_URL_INVALID` (a signed link that is invalid or has expired), or without `sig`
                `AUTH_REQUIRED`, `AUTH_TOKEN_INVALID`, `AUTH_TOKEN_EXPIRED`, `AUTH_TOKEN_REVOKED`.
            "404":
              $ref: "#/components/responses/Error"
              description: "`NOT_FOUND`: no such job of the caller's, or no such output file."
            "416":
              description: The range cannot be satisfied; `Content-Range` gives the size (`bytes */size`); no body.
              headers:
                Content-Range:
                  $ref: "#/components/headers/ContentRange"
            "503":
              $ref: "#/components/responses/Unavailable"

    components:
      securitySchemes:
        bearerAuth:
          type: http
          scheme: bearer
          bearerFormat: JWT
          description: The `access_token` of register, login or refresh.
        signedURL:
          type: apiKey
          in: query
          name: sig
          description: A signed file URL's `sig`, together with its `expires` and `uid` query parameters.

      parameters:
        JobId:
          name: id
          in: path
          required: true
          description: The job id (a UUID; anything else is 404).
          schema:
            type: string
            format: uuid
        Prefer:
          name: Prefer
          in: header
          required: false
          description: |
            `wait=N` (RFC 7240): wait up to N seconds (at most 300) for the job to end and answer
            its outcome (200 with the result, or the job's error) with `Preference-Applied`;
            if it has not ended by then, the usual 202.
          schema:
            type: string
          example: wait=60

      headers:
        RetryAfter:
          description: Seconds to wait before retrying.
          schema:
            type: integer
            minimum: 1
        Location:
          description: The job's URL (`/api/v1/jobs/{id}`).
          schema:
            type: string
        PreferenceApplied:
          description: "`wait=N` when the answer waited for the job."
          schema:
            type: string
        ContentRange:
          description: "`bytes a-b/size`, or `bytes */size` for 416."
          schema:
            type: string
        WWWAuthenticate:
          description: "`Bearer`."
          schema:
            type: string

      responses:
        # The bases: every error answer is one of these three, with its own description.
        Error:
          description: An error; `code` says which.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Error"
        RetryableError:
          description: An error worth retrying after `Retry-After` seconds.
          headers:
            Retry-After:
              $ref: "#/components/headers/RetryAfter"
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Error"
        Unauthorized:
          description: |
            `AUTH_REQUIRED` (no Bearer token), `AUTH_TOKEN_INVALID`, `AUTH_TOKEN_EXPIRED`, or
            `AUTH_TOKEN_REVOKED` (signed out, or the user is gone or inactive).
          headers:
            WWW-Authenticate:
              $ref: "#/components/headers/WWWAuthenticate"
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Error"

        Session:
          description: A fresh token pair.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Session"
        Job:
          description: The job.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/JobView"
        Accepted:
          description: Queued; follow the job at `Location` (or `links.self`).
          headers:
            Location:
              $ref: "#/components/headers/Location"
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Accepted"
        LegacyDone:
          description: "With `Prefer: wait`, the job succeeded within the wait (the original's answer)."
          headers:
            Preference-Applied:
              $ref: "#/components/headers/PreferenceApplied"
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/LegacyDone"
        JobDone:
          description: "With `Prefer: wait`, the job succeeded within the wait."
          headers:
            Preference-Applied:
              $ref: "#/components/headers/PreferenceApplied"
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/JobView"

        JobNotFound:
          $ref: "#/components/responses/Error"
          description: "`NOT_FOUND`: no job with this id belongs to the caller."
        ManifestPending:
          $ref: "#/components/responses/RetryableError"
          description: "`MANIFEST_PENDING`: the AI job's songs are not chosen yet, so it has no manifest; retry after `Retry-After`."
        JobCancelled:
          $ref: "#/components/responses/Error"
          description: "With `Prefer: wait`, `JOB_CANCELLED`: the job was cancelled while the request waited."
        PayloadTooLarge:
          $ref: "#/components/responses/Error"
          description: "`BODY_TOO_LARGE`: the body exceeds `MAX_BODY_SIZE_KB` (JSON and YAML) or the upload limit (multipart)."
        RateLimited:
          $ref: "#/components/responses/RetryableError"
          description: "`RATE_LIMITED`: too many attempts from this address or for this account; retry after `Retry-After`."
        SubmissionLimited:
          $ref: "#/components/responses/RetryableError"
          description: |
            `TOO_MANY_JOBS`: the caller has `MAX_JOBS_IN_FLIGHT` jobs queued or running (Retry-After 10).
            With `Prefer: wait`, also `AI_RATE_LIMITED`: the job failed because the LLM provider
            rate-limited it (with `retry_after_seconds` when the provider said).
        SubmissionRefused:
          $ref: "#/components/responses/Error"
          description: |
            `URL_NOT_ALLOWED`: a URL points at an internal address or is malformed. With
            `Prefer: wait`, a job that failed for a reason of its input answers 422 with the
            job's code (for example `BAD_AUDIO`, `FILE_NOT_FOUND`, `INVALID_SETTINGS`,
            `NO_SEARCH_RESULT`, `AI_INVALID_PLAN`, `MANIFEST_INVALID`).
        ManifestRefused:
          $ref: "#/components/responses/Error"
          description: |
            `MANIFEST_INVALID` (the manifest does not parse or validate), `MANIFEST_TOO_COMPLEX`
            (it expands past `MAX_STAGE_INSTANCES` or its validation passes `MANIFEST_VALIDATION_MS`;
            the one detail says where) or `MANIFEST_NOT_ALLOWED`
            (it breaks the API's policy); `details` lists every problem with its `field`, `line`
            and `column`. With `Prefer: wait`, a job that failed for a reason of its input answers
            422 with the job's code.
        JobFailedInternal:
          $ref: "#/components/responses/Error"
          description: "With `Prefer: wait`, the job failed inside the service: `INTERNAL`, `STORAGE`, `ENCODE_FAILED`."
        JobFailedUpstream:
          $ref: "#/components/responses/Error"
          description: |
            With `Prefer: wait`, the job failed because a remote service did: `AI_MODEL_NOT_FOUND`,
            `AI_UPSTREAM_ERROR`, `AI_INVALID_RESPONSE`, `LYRICS_UPSTREAM_ERROR`, `NETWORK_ERROR`,
            `TIMEOUT`, `FETCH_FAILED`, `HTTP_STATUS`.
        Unavailable:
          $ref: "#/components/responses/RetryableError"
          description: "`UNAVAILABLE`: the database is unreachable; retry after `Retry-After`."
        SubmissionUnavailable:
          $ref: "#/components/responses/RetryableError"
          description: |
            `UNAVAILABLE`: the database is unreachable (Retry-After 5). With `Prefer: wait`, also a
            job that failed for a passing reason: `AI_KEY_MISSING`, `AI_TEMPORARILY_UNAVAILABLE`,
            `LYRICS_UNAVAILABLE`, `WORKER_LOST`.

      schemas:
        Error:
          type: object
          description: Every error answer.
          required: [error, code, message]
          additionalProperties: false
          properties:
            error:
              type: string
              description: The message (the original's field).
            code:
              type: string
              description: The stable, machine-readable code.
              examples: [AUTH_REQUIRED]
            message:
              type: string
              description: The message, safe to show.
            retry_after_seconds:
              type: [integer, "null"]
              description: Seconds to wait before retrying (429 and 503; also sent as `Retry-After`).
            details:
              type: [array, "null"]
              description: Every problem, for validation errors.
              items:
                $ref: "#/components/schemas/ErrorDetail"
            request_id:
              type: [string, "null"]
              description: The request's id (also the `X-Request-Id` header), to quote when reporting a problem.

        ErrorDetail:
          type: object
          required: [message]
          additionalProperties: false
          properties:
            field:
              type: [string, "null"]
              description: The field or manifest path concerned (for example `stages.download.url`).
            message:
              type: string
            line:
              type: [integer, "null"]
              description: Line in the submitted document, from 1.
            column:
              type: [integer, "null"]
              description: Column in the submitted document, from 1.

        Health:
          type: object
          required: [status, database]
          additionalProperties: false
          properties:
            status:
              type: string
              enum: [ok, degraded]
            database:
              type: string
              enum: [ok, unreachable]

        Message:
          type: object
          required: [message]
          additionalProperties: false
          properties:
            message:
              type: string

        RegisterRequest:
          type: object
          required: [name, email, password]
          properties:
            name:
              type: string
              description: Display name, 1 to 100 characters after trimming, no control characters.
              maxLength: 100
            email:
              type: string
              format: email
              maxLength: 254
            password:
              type: string
              description: 8 to 72 UTF-8 bytes (bcrypt's limit), no NUL.
              minLength: 8

        LoginRequest:
          type: object
          required: [email, password]
          properties:
            email:
              type: string
            password:
              type: string

        RefreshRequest:
          type: object
          required: [refresh_token]
          properties:
            refresh_token:
              type: string

        LogoutRequest:
          type: object
          properties:
            refresh_token:
              type: string

        User:
          type: object
          required: [id, name, email, is_active, created_at]
          additionalProperties: false
          properties:
            id:
              type: string
              format: uuid
            name:
              type: string
            email:
              type: string
            is_active:
              type: boolean
            created_at:
              type: string
              format: date-time

        Me:
          type: object
          required: [user]
          additionalProperties: false
          properties:
            user:
              $ref: "#/components/schemas/User"

        Session:
          type: object
          description: A signed-in user's tokens. Register and login include `message` and `user`; refresh does not.
          required: [access_token, refresh_token, token_type, expires_in]
          additionalProperties: false
          properties:
            message:
              type: [string, "null"]
              examples: [User registered, Login successful]
            user:
              oneOf:
                - $ref: "#/components/schemas/User"
                - type: "null"
            access_token:
              type: string
              description: "A JWT; send it as `Authorization: Bearer <token>`."
            refresh_token:
              type: string
              description: A JWT for /api/v1/auth/refresh; single use (rotated).
            token_type:
              type: string
              enum: [Bearer]
            expires_in:
              type: integer
              description: Seconds until the access token expires.

        ClipRequest:
          type: object
          required: [url]
          properties:
            url:
              type: string
              description: An http or https URL of a media page or file.
              maxLength: 2048
            start:
              type: [number, string, "null"]
              description: Seconds, or `SS`, `MM:SS`, `HH:MM:SS` (default 0).
            end:
              type: [number, string, "null"]
              description: As `start` (default `start` + 30); after `start`, at most 600 s later.

        ProcessArrayRequest:
          type: object
          required: [urls]
          properties:
            urls:
              type: array
              minItems: 1
              maxItems: 50
              items:
                $ref: "#/components/schemas/ClipRequest"

        GenerateAIRequest:
          type: object
          required: [prompt]
          properties:
            prompt:
              type: string
              minLength: 1
              maxLength: 2000
            target_seconds:
              type: number
              minimum: 10
              maximum: 1800
              default: 120
            provider:
              type: string
              enum: [heuristic, gemini, openai]
              description: The song planner (default the configured LLM, else `heuristic`).

        DownloadVideoRequest:
          type: object
          required: [url]
          properties:
            url:
              type: string
              maxLength: 2048
            max_height:
              type: integer
              minimum: 144
              maximum: 4320
              default: 1080

        DownloadAudioRequest:
          type: object
          required: [url]
          properties:
            url:
              type: string
              maxLength: 2048
            format:
              type: string
              enum: [original, mp3, m4a, opus]
              default: original

        RerenderRequest:
          type: object
          properties:
            params:
              type: object
              description: Manifest parameter overrides (at most 100), as `--set name=value` on the command line.
              additionalProperties:
                type: [string, number, boolean]

        FileForm:
          type: object
          required: [file]
          properties:
            file:
              type: string
              contentMediaType: application/octet-stream

        JobType:
          type: string
          enum: [ai_parody, audio_mix, video_download, audio_download, manifest]

        JobStatus:
          type: string
          enum: [queued, running, succeeded, failed, cancelled]

        JobLinks:
          type: object
          required: [self, events, manifest, rerender, cancel]
          additionalProperties: false
          properties:
            self:
              type: string
            events:
              type: string
            manifest:
              type: string
            rerender:
              type: string
            cancel:
              type: string

        JobFile:
          type: object
          required: [name, url, signed_url, signed_url_expires_at]
          additionalProperties: false
          properties:
            name:
              type: string
            url:
              type: string
              description: The file's URL; needs a Bearer token.
            signed_url:
              type: string
              description: The same with signed query parameters, for `<audio>`/`<video>`; expires at `signed_url_expires_at`.
            signed_url_expires_at:
              type: string
              format: date-time

        JobStage:
          type: object
          required: [id, kind, status, progress, seconds, cached]
          additionalProperties: false
          properties:
            id:
              type: string
            kind:
              type: string
            status:
              type: string
              enum: [pending, running, ran, cached, failed, skipped]
            progress:
              type: number
              minimum: 0
              maximum: 1
            seconds:
              type: number
            cached:
              type: boolean
              description: The stage's outputs came from the cache.
            error_code:
              type: [string, "null"]
            error_message:
              type: [string, "null"]

        JobError:
          type: object
          required: [code, message]
          additionalProperties: false
          properties:
            code:
              type: string
            message:
              type: string
            retry_after_seconds:
              type: [integer, "null"]

        JobView:
          type: object
          description: A job. `files` is empty until it succeeds.
          required: [id, job_id, type, status, progress, attempt, files, created_at, updated_at, links]
          additionalProperties: false
          properties:
            id:
              type: string
              format: uuid
            job_id:
              type: string
              format: uuid
              description: The same as `id` (the original's name).
            type:
              $ref: "#/components/schemas/JobType"
            status:
              $ref: "#/components/schemas/JobStatus"
            progress:
              type: number
              minimum: 0
              maximum: 1
            attempt:
              type: integer
              description: Attempts so far (0 while first queued).
            input:
              description: The request that created the job, as JSON (any JSON value).
            error:
              oneOf:
                - $ref: "#/components/schemas/JobError"
                - type: "null"
            error_message:
              type: [string, "null"]
            output_url:
              type: [string, "null"]
              description: The first file's URL, when the job succeeded.
            files:
              type: array
              items:
                $ref: "#/components/schemas/JobFile"
            stages:
              type: [array, "null"]
              description: The latest attempt's stages in order (absent in history lists).
              items:
                $ref: "#/components/schemas/JobStage"
            parent_id:
              type: [string, "null"]
              format: uuid
              description: The job this one re-renders.
            created_at:
              type: string
              format: date-time
            started_at:
              type: [string, "null"]
              format: date-time
            completed_at:
              type: [string, "null"]
              format: date-time
            updated_at:
              type: string
              format: date-time
            links:
              $ref: "#/components/schemas/JobLinks"
            events_url:
              type: string
              description: >-
                A signed, short-lived URL of the job's event stream (bound to the user and the job), for a browser's
                EventSource, which cannot send an Authorization header. Present on single-job answers, absent in history lists.

        Accepted:
          type: object
          required: [message, job_id, status, links]
          additionalProperties: false
          properties:
            message:
              type: string
              enum: [Job accepted]
            job_id:
              type: string
              format: uuid
            status:
              $ref: "#/components/schemas/JobStatus"
            links:
              $ref: "#/components/schemas/JobLinks"

        LegacyDone:
          type: object
          description: The original's answer for a finished job; `merged_file_path` for mixes and mashups, `filepath` for downloads.
          required: [message, job_id, status, files]
          additionalProperties: false
          properties:
            message:
              type: string
              examples: [Audio processed successfully, AI mashup generated successfully, Video downloaded successfully, Audio downloaded successfully]
            job_id:
              type: string
              format: uuid
            merged_file_path:
              type: [string, "null"]
            filepath:
              type: [string, "null"]
            status:
              $ref: "#/components/schemas/JobStatus"
            files:
              type: array
              items:
                $ref: "#/components/schemas/JobFile"

        HistoryPage:
          type: object
          required: [items, page, limit, total, pages]
          additionalProperties: false
          properties:
            items:
              type: array
              items:
                $ref: "#/components/schemas/JobView"
            page:
              type: integer
            limit:
              type: integer
            total:
              type: integer
            pages:
              type: integer

        Deleted:
          type: object
          required: [message, job_id]
          additionalProperties: false
          properties:
            message:
              type: string
              enum: [Deleted]
            job_id:
              type: string
              format: uuid

        Upload:
          type: object
          required: [upload_id, file_name, size, duration, format, created_at, source]
          additionalProperties: false
          properties:
            upload_id:
              type: string
              format: uuid
            file_name:
              type: string
              description: The client's file name (display only).
            size:
              type: integer
              format: int64
            duration:
              type: number
              description: Seconds, as probed.
            format:
              type: string
              description: The container format, as probed.
            created_at:
              type: string
              format: date-time
            source:
              type: object
              description: A manifest stage using this upload.
              required: [kind, upload]
              additionalProperties: false
              properties:
                kind:
                  type: string
                  enum: [source]
                upload:
                  type: string
                  format: uuid
    """#
}

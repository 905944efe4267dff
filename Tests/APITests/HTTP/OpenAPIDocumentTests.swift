// Keeps the OpenAPI document honest: it must list exactly the routes the app registers, and real
// answers (obtained in-process) must match the schemas it documents for their status codes.
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import Yams
@testable import API

@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    /// The HTTP methods an OpenAPI path item may hold.
    static let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]

    /// The document, parsed.
    static func document() throws -> JSON {
        JSON(yaml: try Yams.load(yaml: OpenAPIDocument.yaml))
    }

    /// Every operation as ("METHOD /path", operation).
    static func operations(_ doc: JSON) -> [(key: String, operation: JSON)] {
        var out: [(String, JSON)] = []
        for (path, item) in doc["paths"]?.object ?? [:] {
            for (method, operation) in item.object ?? [:] where methods.contains(method) {
                out.append(("\(method.uppercased()) \(path)", operation))
            }
        }
        return out.sorted { $0.0 < $1.0 }
    }

    @Test func isOpenAPI31WithResolvableReferencesAndCompleteOperations() throws {
        let doc = try Self.document()
        let version = try #require(doc["openapi"]?.string)
        #expect(version.hasPrefix("3.1"), "openapi is \(version)")
        #expect(doc["info"]?["title"]?.string?.isEmpty == false)

        // Every $ref anywhere in the document resolves.
        let validator = SchemaValidator(document: doc)
        func visit(_ node: JSON, _ path: String) {
            switch node {
            case .object(let members):
                if let ref = members["$ref"]?.string, validator.resolve(ref) == nil { Issue.record("\(path): unresolvable $ref \(ref)") }
                for (k, v) in members { visit(v, "\(path)/\(k)") }
            case .array(let elements):
                for (i, v) in elements.enumerated() { visit(v, "\(path)/\(i)") }
            default:
                break
            }
        }
        visit(doc, "#")

        var ids: Set<String> = []
        for (key, operation) in Self.operations(doc) {
            let id = operation["operationId"]?.string
            #expect(id != nil, "\(key) has no operationId")
            if let id { #expect(ids.insert(id).inserted, "operationId \(id) is used twice") }
            #expect(operation["summary"]?.string?.isEmpty == false, "\(key) has no summary")
            let responses = operation["responses"]?.object ?? [:]
            #expect(responses.keys.contains { $0.hasPrefix("2") }, "\(key) documents no success answer")
            // Every answer ends at a Response Object (references may chain), and has a description of its own or there.
            for (status, response) in responses {
                let target = validator.dereferenced(response)
                #expect(target != nil, "\(key) \(status): the response reference does not resolve, or loops")
                #expect(response["description"]?.string ?? target?["description"]?.string != nil, "\(key) \(status) has no description")
            }
            // An operation that requires a token documents what happens without one.
            let security = operation["security"]?.array ?? doc["security"]?.array ?? []
            let optional = security.isEmpty || security.contains(.object([:]))
            if !optional { #expect(responses["401"] != nil, "\(key) requires authentication but documents no 401") }
            // Every {parameter} of the path template is declared as a path parameter.
            let path = String(key.split(separator: " ", maxSplits: 1)[1])
            let declared = Set((operation["parameters"]?.array ?? []).compactMap { p -> String? in
                guard let param = validator.dereferenced(p) else { return nil }
                return param["in"]?.string == "path" ? param["name"]?.string : nil
            })
            let templated = Set(path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) })
            #expect(declared == templated, "\(key): path parameters \(declared.sorted()) do not match the template")
        }
    }

    @Test func isTheRepositoryFileServedAsIs() async throws {
        // The one source of truth: Sources/API/Resources/openapi.yaml, byte for byte.
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../Sources/API/Resources/openapi.yaml").standardized
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(OpenAPIDocument.yaml == text)
        let app = try await APITestApp()
        do {
            try await app.test { client in
                let served = try await client.execute(uri: "/api/v1/openapi.yaml", method: .get)
                #expect(served.status == .ok)
                #expect(served.headers[.contentType]?.hasPrefix("application/yaml") == true)
                #expect(String(decoding: served.body.readableBytesView, as: UTF8.self) == text)
            }
        } catch {
            await app.shutdown()
            throw error
        }
        await app.shutdown()
    }

    @Test func documentsExactlyTheRegisteredRoutes() async throws {
        let doc = try Self.document()
        let app = try await APITestApp()
        let table = APIApplication.router(app.services).1
        await app.shutdown()
        let registered = table.routes.map { "\($0.method.uppercased()) \($0.path)" }
        #expect(Set(registered).count == registered.count, "a route is registered twice: \(registered)")
        let documented = Set(Self.operations(doc).map(\.key))
        for route in Set(registered).subtracting(documented).sorted() {
            Issue.record("\(route) is registered but not in the OpenAPI document")
        }
        for route in documented.subtracting(registered).sorted() {
            Issue.record("\(route) is in the OpenAPI document but not registered")
        }
        // Routes that must be there, so an empty table cannot pass.
        for route in ["GET /", "GET /metrics", "GET /files/{jobId}/{filename}", "GET /api/v1/openapi.yaml", "GET /api/v1/health",
                      "POST /api/v1/jobs", "GET /api/v1/jobs/{id}"] {
            #expect(registered.contains(route), "\(route) is not registered")
        }
    }

    @Test func realAnswersMatchTheDocumentedSchemas() async throws {
        let doc = try Self.document()
        // Six jobs in flight, so the tour can reach the limit.
        let app = try await APITestApp(env: ["MAX_JOBS_IN_FLIGHT": "6"])
        do {
            try await app.test { client in try await AnswerTour(client: client, checker: ResponseChecker(document: doc)).run() }
        } catch {
            await app.shutdown()
            throw error
        }
        await app.shutdown()
    }

    @Test func renamedFieldsFailValidation() throws {
        let doc = try Self.document()
        let checker = ResponseChecker(document: doc)
        let session = try #require(checker.schema("POST", "/api/v1/auth/login", status: 200))
        let good = try JSON(data: Data(#"{"access_token":"a","refresh_token":"r","token_type":"Bearer","expires_in":1800}"#.utf8))
        #expect(checker.validator.errors(good, session).isEmpty)
        let renamed = try JSON(data: Data(#"{"accessToken":"a","refresh_token":"r","token_type":"Bearer","expires_in":1800}"#.utf8))
        #expect(!checker.validator.errors(renamed, session).isEmpty)
    }
}

/// One user's walk through the API, checking every answer against the document.
private struct AnswerTour {
    let client: any TestClientProtocol
    let checker: ResponseChecker

    static let json: HTTPFields = [.contentType: "application/json"]
    /// A public address literal, so no test depends on DNS.
    static let publicURL = "https://93.184.215.14/a.mp3"

    func bearer(_ token: String, _ extra: HTTPFields = [:]) -> HTTPFields {
        var fields = extra
        fields[.authorization] = "Bearer \(token)"
        return fields
    }

    func call(_ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields = [:], body: String? = nil) async throws -> TestResponse {
        try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }

    /// Calls `uri` and checks the answer against the operation `method template`; returns the parsed body.
    @discardableResult
    func expect(_ status: Int, _ method: HTTPRequest.Method, _ uri: String, template: String? = nil, headers: HTTPFields = [:],
                body: String? = nil, code: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSON {
        let response = try await call(method, uri, headers: headers, body: body)
        let path = template ?? String(uri.split(separator: "?", maxSplits: 1)[0])
        let parsed = try checker.check(response, method.rawValue, path, status: status, sourceLocation: sourceLocation)
        if let code { #expect(parsed["code"]?.string == code, "\(method) \(uri): \(parsed)", sourceLocation: sourceLocation) }
        return parsed
    }

    func run() async throws {
        // Operations.
        try await expect(200, .get, "/api/v1/health")
        let openapi = try await call(.get, "/api/v1/openapi.yaml")
        #expect(openapi.status == .ok)
        #expect(String(decoding: openapi.body.readableBytesView, as: UTF8.self) == OpenAPIDocument.yaml)
        let page = try await call(.get, "/")
        #expect(page.status == .ok && page.headers[.contentType]?.hasPrefix("text/html") == true)

        // Accounts and tokens.
        let registration = #"{"name":"Ada","email":"Ada@Example.com","password":"correct horse battery"}"#
        let registered = try await expect(201, .post, "/api/v1/auth/register", headers: Self.json, body: registration)
        #expect(registered["user"]?["email"]?.string == "ada@example.com")
        try await expect(409, .post, "/api/v1/auth/register", headers: Self.json, body: registration, code: "AUTH_EMAIL_TAKEN")
        let invalid = try await expect(400, .post, "/api/v1/auth/register", headers: Self.json,
                                       body: #"{"name":"Bob","email":"not-an-address","password":"correct horse battery"}"#,
                                       code: "VALIDATION_ERROR")
        #expect(invalid["details"]?.array?.first?["field"]?.string == "email")
        try await expect(400, .post, "/api/v1/auth/login", headers: Self.json, body: "{not json", code: "INVALID_JSON")
        try await expect(401, .post, "/api/v1/auth/login", headers: Self.json,
                         body: #"{"email":"ada@example.com","password":"wrong password!"}"#, code: "AUTH_INVALID_CREDENTIALS")
        let login = try await expect(200, .post, "/api/v1/auth/login", headers: Self.json,
                                     body: #"{"email":"ada@example.com","password":"correct horse battery"}"#)
        let loginRefresh = try #require(login["refresh_token"]?.string)
        let me = try await expect(200, .get, "/api/v1/auth/me", headers: bearer(try #require(login["access_token"]?.string)))
        #expect(me["user"]?["name"]?.string == "Ada")
        try await expect(401, .get, "/api/v1/auth/me", code: "AUTH_REQUIRED")
        try await expect(401, .get, "/api/v1/auth/me", headers: bearer("not.a.token"), code: "AUTH_TOKEN_INVALID")
        let refreshed = try await expect(200, .post, "/api/v1/auth/refresh", headers: Self.json, body: #"{"refresh_token":"\#(loginRefresh)"}"#)
        #expect(refreshed["user"] == nil && refreshed["message"] == nil)
        try await expect(401, .post, "/api/v1/auth/refresh", headers: Self.json, body: #"{"refresh_token":"\#(loginRefresh)"}"#,
                         code: "AUTH_TOKEN_REUSED")
        // Reuse revoked the family: sign in again for the rest of the tour.
        let session = try await expect(200, .post, "/api/v1/auth/login", headers: Self.json,
                                       body: #"{"email":"ada@example.com","password":"correct horse battery"}"#)
        let token = try #require(session["access_token"]?.string)
        let auth = bearer(token)

        // History, empty.
        try await expect(400, .get, "/api/v1/history?page=abc", headers: auth, code: "INVALID_QUERY")
        try await expect(400, .get, "/api/v1/history?page=0", headers: auth, code: "INVALID_QUERY")
        try await expect(400, .get, "/api/v1/history?type=podcast", headers: auth, code: "INVALID_QUERY")
        let empty = try await expect(200, .get, "/api/v1/history?limit=500", headers: auth)
        #expect(empty["total"] == .number(0) && empty["pages"] == .number(0) && empty["limit"] == .number(100))

        // Manifests: invalid, refused by policy, accepted.
        let yaml = bearer(token, [.contentType: "application/yaml"])
        let broken = try await expect(422, .post, "/api/v1/jobs", headers: yaml,
                                      body: "version: 1\nname: broken\nstages:\n  - id: x\n    kind: no_such_kind\n", code: "MANIFEST_INVALID")
        let detail = try #require(broken["details"]?.array?.first)
        #expect(detail["line"] != nil && detail["column"] != nil, "\(broken)")
        let refused = try await expect(422, .post, "/api/v1/jobs", headers: yaml,
                                       body: "version: 1\nname: internal\nstages:\n  - id: d\n    kind: fetch\n    url: http://127.0.0.1/a.mp3\n    publish: true\n",
                                       code: "MANIFEST_NOT_ALLOWED")
        #expect(refused["details"]?.array?.first?["line"] == .number(6), "\(refused)")
        try await expect(400, .post, "/api/v1/jobs", headers: bearer(token, Self.json), body: "[1, 2]", code: "INVALID_JSON")
        let manifest = "version: 1\nname: one download\nstages:\n  - id: download\n    kind: fetch\n    url: \(Self.publicURL)\n    publish: true\n"
        let submission = try await call(.post, "/api/v1/jobs", headers: yaml, body: manifest)
        let accepted = try checker.check(submission, "POST", "/api/v1/jobs", status: 202)
        let jobId = try #require(accepted["job_id"]?.string)
        #expect(submission.headers[.location] == "/api/v1/jobs/\(jobId)")
        #expect(accepted["links"]?["self"]?.string == "/api/v1/jobs/\(jobId)")

        // The job, its manifest, history, cancel, re-render.
        let job = try await expect(200, .get, "/api/v1/jobs/\(jobId)", template: "/api/v1/jobs/{id}", headers: auth)
        #expect(job["status"]?.string == "queued" && job["stages"] == .array([]) && job["input"]?["manifest"]?.string == "one download")
        let stored = try await call(.get, "/api/v1/jobs/\(jobId)/manifest", headers: auth)
        #expect(stored.status == .ok && String(decoding: stored.body.readableBytesView, as: UTF8.self) == manifest)
        try await expect(404, .get, "/api/v1/jobs/\(UUID().uuidString.lowercased())", template: "/api/v1/jobs/{id}", headers: auth,
                         code: "NOT_FOUND")
        try await expect(404, .get, "/api/v1/jobs/not-a-uuid/manifest", template: "/api/v1/jobs/{id}/manifest", headers: auth, code: "NOT_FOUND")
        let history = try await expect(200, .get, "/api/v1/history?type=manifest", headers: auth)
        #expect(history["total"] == .number(1) && history["items"]?.array?.first?["stages"] == nil)
        try await expect(200, .get, "/api/v1/history/\(jobId)", template: "/api/v1/history/{id}", headers: auth)
        let cancelled = try await expect(200, .post, "/api/v1/jobs/\(jobId)/cancel", template: "/api/v1/jobs/{id}/cancel", headers: auth)
        #expect(cancelled["status"]?.string == "cancelled")
        try await expect(200, .post, "/api/v1/jobs/\(jobId)/cancel", template: "/api/v1/jobs/{id}/cancel", headers: auth)
        let rerenderPath = "/api/v1/jobs/{id}/rerender"
        try await expect(422, .post, "/api/v1/jobs/\(jobId)/rerender", template: rerenderPath, headers: bearer(token, Self.json),
                         body: #"{"params": {"no_such_param": -3}}"#, code: "MANIFEST_INVALID")
        try await expect(202, .post, "/api/v1/jobs/\(jobId)/rerender", template: rerenderPath, headers: bearer(token, Self.json),
                         body: #"{"params": {}}"#)
        // No body at all (no Content-Length either) means no overrides.
        let rerender = try await expect(202, .post, "/api/v1/jobs/\(jobId)/rerender", template: rerenderPath, headers: auth)
        let child = try await expect(200, .get, "/api/v1/jobs/\(try #require(rerender["job_id"]?.string))", template: "/api/v1/jobs/{id}",
                                     headers: auth)
        #expect(child["parent_id"]?.string == jobId)

        // The original's submission routes.
        try await expect(400, .post, "/api/v1/process-array", headers: bearer(token, Self.json), body: #"{"urls": []}"#, code: "VALIDATION_ERROR")
        // Schema-valid but refused for what it means: 422, never 400 (schemathesis' positive_data_acceptance).
        try await expect(422, .post, "/api/v1/process-array", headers: bearer(token, Self.json),
                         body: #"{"urls": [{"url": "\#(Self.publicURL)", "start": "1:00", "end": 30}]}"#, code: "INVALID_RANGE")
        try await expect(422, .post, "/api/v1/process-array", headers: bearer(token, Self.json),
                         body: #"{"urls": [{"url": "\#(Self.publicURL)", "start": null, "end": 0}]}"#, code: "INVALID_RANGE")
        try await expect(422, .post, "/api/v1/download-audio", headers: bearer(token, Self.json), body: #"{"url": "http://127.0.0.1/a.mp3"}"#,
                         code: "URL_NOT_ALLOWED")
        try await expect(400, .post, "/api/v1/download-video", headers: bearer(token, Self.json),
                         body: #"{"url": "\#(Self.publicURL)", "max_height": 5}"#, code: "VALIDATION_ERROR")
        try await expect(202, .post, "/api/v1/download-audio", headers: bearer(token, Self.json), body: #"{"url": "\#(Self.publicURL)", "format": "mp3"}"#)
        try await expect(400, .post, "/api/v1/generate-ai", headers: bearer(token, Self.json), body: #"{"prompt": "   "}"#, code: "VALIDATION_ERROR")
        try await expect(202, .post, "/api/v1/generate-ai", headers: bearer(token, Self.json),
                         body: #"{"prompt": "Bohemian Rhapsody - Queen, Africa - Toto", "provider": "heuristic"}"#)
        // No LLM is configured here: naming gemini, or naming no songs, is refused before a job exists.
        try await expect(422, .post, "/api/v1/generate-ai", headers: bearer(token, Self.json),
                         body: #"{"prompt": "Bohemian Rhapsody - Queen, Africa - Toto", "provider": "gemini"}"#, code: "AI_PROVIDER_NOT_CONFIGURED")
        try await expect(422, .post, "/api/v1/generate-ai", headers: bearer(token, Self.json),
                         body: #"{"prompt": "something upbeat", "provider": "heuristic"}"#, code: "AI_PROVIDER_NOT_CONFIGURED")
        try await expect(400, .post, "/api/v1/process-csv", headers: bearer(token, Self.json), body: "{}", code: "EXPECTED_MULTIPART")
        let boundary = "intellimix-test-boundary"
        let noHeader = "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"file\"\r\n\r\n0\r\n--\(boundary)--\r\n"
        try await expect(422, .post, "/api/v1/process-csv", headers: bearer(token, [.contentType: "multipart/form-data; boundary=\(boundary)"]),
                         body: noHeader, code: "CSV_HEADER")
        let csv = "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"clips.csv\"\r\nContent-Type: text/csv\r\n\r\n"
            + "Url,Start,End\r\n\(Self.publicURL),0,10\r\n\r\n--\(boundary)--\r\n"
        try await expect(202, .post, "/api/v1/process-csv", headers: bearer(token, [.contentType: "multipart/form-data; boundary=\(boundary)"]),
                         body: csv)
        try await expect(400, .post, "/api/v1/uploads", headers: auth, body: "x", code: "EXPECTED_MULTIPART")
        // Six jobs are now queued (two re-renders, download, AI, CSV and this one, which waits 0 s); the seventh is refused.
        let waited = try await call(.post, "/api/v1/jobs", headers: bearer(token, [.contentType: "application/json", HTTPField.Name("Prefer")!: "wait=0"]),
                                    body: #"{"version": 1, "name": "json", "stages": [{"id": "d", "kind": "fetch", "url": "\#(Self.publicURL)"}]}"#)
        try checker.check(waited, "POST", "/api/v1/jobs", status: 202)
        let limited = try await call(.post, "/api/v1/jobs", headers: yaml, body: manifest)
        let tooMany = try checker.check(limited, "POST", "/api/v1/jobs", status: 429)
        #expect(tooMany["code"]?.string == "TOO_MANY_JOBS" && limited.headers[.retryAfter] == "10")

        // Files.
        let file = "/files/\(jobId)/out.mp3"
        try await expect(401, .get, file, template: "/files/{jobId}/{filename}", code: "AUTH_REQUIRED")
        try await expect(401, .get, file + "?expires=99999999999&uid=\(UUID().uuidString.lowercased())&sig=AAAA", template: "/files/{jobId}/{filename}",
                         code: "FILE_URL_INVALID")
        try await expect(404, .get, file, template: "/files/{jobId}/{filename}", headers: auth, code: "NOT_FOUND")

        // Delete, sign out.
        let deleted = try await expect(200, .delete, "/api/v1/history/\(jobId)", template: "/api/v1/history/{id}", headers: auth)
        #expect(deleted["job_id"]?.string == jobId)
        try await expect(404, .delete, "/api/v1/history/\(jobId)", template: "/api/v1/history/{id}", headers: auth, code: "NOT_FOUND")
        try await expect(401, .post, "/api/v1/auth/logout", code: "AUTH_REQUIRED")
        try await expect(200, .post, "/api/v1/auth/logout", headers: bearer(token, Self.json),
                         body: #"{"refresh_token":"\#(try #require(session["refresh_token"]?.string))"}"#)
        try await expect(401, .get, "/api/v1/auth/me", headers: auth, code: "AUTH_TOKEN_REVOKED")
    }
}

/// Looks up an operation's documented answer and validates real answers against it.
private struct ResponseChecker {
    let document: JSON
    var validator: SchemaValidator { SchemaValidator(document: document) }

    /// The JSON schema documented for `method path` answering `status`, or nil when there is none.
    func schema(_ method: String, _ path: String, status: Int) -> JSON? {
        guard let documented = document["paths"]?[path]?[method.lowercased()]?["responses"]?[String(status)] else { return nil }
        // A response may be a reference (to a shared response, which may itself refer to a base one).
        return validator.dereferenced(documented)?["content"]?["application/json"]?["schema"]
    }

    /// Expects `status`, a JSON body, and a body matching the documented schema; returns the body.
    @discardableResult
    func check(_ response: TestResponse, _ method: String, _ path: String, status: Int,
               sourceLocation: SourceLocation = #_sourceLocation) throws -> JSON {
        let text = String(decoding: response.body.readableBytesView, as: UTF8.self)
        #expect(response.status.code == status, "\(method) \(path) answered \(response.status.code): \(text)", sourceLocation: sourceLocation)
        let documented = try #require(schema(method, path, status: response.status.code),
                                  "\(method) \(path) \(response.status.code) has no documented JSON schema", sourceLocation: sourceLocation)
        #expect(response.headers[.contentType]?.hasPrefix("application/json") == true, sourceLocation: sourceLocation)
        let body = try JSON(data: Data(response.body.readableBytesView))
        let errors = validator.errors(body, documented)
        #expect(errors.isEmpty, "\(method) \(path) \(response.status.code) does not match the document:\n\(errors.joined(separator: "\n"))\n\(text)",
                sourceLocation: sourceLocation)
        return body
    }
}

// GET /files/:jobId/:filename: a job's output, for its owner only (Bearer token, or a signed
// short-lived URL for <audio>/<video> elements), with Range support so players can seek.
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The file route.
public struct FileRoutes: Sendable {
    /// Shared services.
    public let services: APIServices

    /// Creates the route.
    public init(services: APIServices) { self.services = services }

    /// Registers the route.
    public func register(in table: RouteTable<AppRequestContext>) {
        let s = services
        let fileIO = FileIO()
        table.on(.get, "/files/:jobId/:filename") { request, context in
            guard let rawId = context.parameters.get("jobId"), let name = context.parameters.get("filename")?.removingPercentEncoding else {
                throw APIError.notFound("file")
            }
            // Who is asking: a valid signature bound to this job and file, or a bearer token.
            let invalid = APIError.unauthorized("FILE_URL_INVALID", "the file link is invalid or has expired")
            var userId = try await s.signedUser(request, jobId: UUID(uuidString: rawId), name: name, invalid: invalid)
            if userId == nil { userId = try await s.user(request).id }
            guard JobPaths.isSafeFileName(name) else { throw APIError.badRequest("INVALID_FILE_NAME", "invalid file name") }
            guard let jobId = UUID(uuidString: rawId),
                  let userId, let job = try await s.storeCall({ try await s.store.job(id: jobId, userId: userId) }),
                  job.outputs.contains(name), let path = s.paths.jobFile(jobId, name: name),
                  let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                  let size = (attributes[.size] as? NSNumber)?.intValue else {
                throw APIError.notFound("file")
            }
            return try await Self.serve(path: path, size: size, name: name, request: request, context: context, fileIO: fileIO)
        }
    }

    /// A stored file for a player: its media type by name, `Range` answered with 206, inline with its name.
    static func serve(path: String, size: Int, name: String, request: Request, context: AppRequestContext, fileIO: FileIO) async throws -> Response {
        var headers: HTTPFields = [:]
        headers[.contentType] = Self.mediaType(name)
        headers[.acceptRanges] = "bytes"
        headers[.contentDisposition] = "inline; filename=\"\(name.replacingOccurrences(of: "\"", with: "").filter { $0.isASCII && !$0.isNewline })\""
        headers[.cacheControl] = "private, max-age=300"
        if let range = request.headers[.range] {
            guard let r = Self.byteRange(range, size: size) else {
                headers[.contentRange] = "bytes */\(size)"
                return Response(status: .rangeNotSatisfiable, headers: headers)
            }
            headers[.contentRange] = "bytes \(r.lowerBound)-\(r.upperBound)/\(size)"
            headers[.contentLength] = String(r.count)
            let body = try await fileIO.loadFile(path: path, range: r, context: context)
            return Response(status: .partialContent, headers: headers, body: body)
        }
        headers[.contentLength] = String(size)
        if size == 0 { return Response(status: .ok, headers: headers) }
        return Response(status: .ok, headers: headers, body: try await fileIO.loadFile(path: path, context: context))
    }

    /// One `bytes=a-b`, `bytes=a-` or `bytes=-n` range within `size`, or nil when unsatisfiable or malformed.
    static func byteRange(_ header: String, size: Int) -> ClosedRange<Int>? {
        guard header.hasPrefix("bytes="), size > 0 else { return nil }
        let spec = header.dropFirst(6)
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return nil }
        let a = spec[..<dash].trimmingCharacters(in: .whitespaces)
        let b = spec[spec.index(after: dash)...].trimmingCharacters(in: .whitespaces)
        if a.isEmpty {
            guard let n = Int(b), n > 0 else { return nil }
            return max(0, size - n)...(size - 1)
        }
        guard let start = Int(a), start >= 0, start < size else { return nil }
        if b.isEmpty { return start...(size - 1) }
        guard let end = Int(b), end >= start else { return nil }
        return start...min(end, size - 1)
    }

    static func mediaType(_ name: String) -> String {
        switch URL(fileURLWithPath: name).pathExtension.lowercased() {
        case "mp3": "audio/mpeg"
        case "m4a", "aac": "audio/mp4"
        case "opus", "ogg": "audio/ogg"
        case "flac": "audio/flac"
        case "wav": "audio/wav"
        case "webm": "audio/webm"
        case "mp4": "video/mp4"
        case "mkv": "video/x-matroska"
        default: "application/octet-stream"
        }
    }
}

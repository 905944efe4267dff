// Reads one file field of a multipart/form-data body as it streams in (FormDataParser), with a byte limit,
// into memory or straight into a file, so a 50 MB upload never sits in memory whole.
import Foundation
import Hummingbird
import NIOCore

/// Streaming multipart/form-data reading.
public enum MultipartBody {
    /// A received file field.
    public struct Part: Sendable {
        /// The client's file name, if it sent one.
        public var fileName: String?
        /// The bytes (empty when written to a file).
        public var data: Data
        /// Bytes received.
        public var size: Int
    }

    /// The multipart boundary of a request; 400 when the body is not multipart/form-data.
    static func boundary(_ request: Request) throws -> String {
        guard let type = request.headers[.contentType], type.lowercased().hasPrefix("multipart/form-data") else {
            throw APIError.badRequest("EXPECTED_MULTIPART", "send the file as multipart/form-data")
        }
        for parameter in type.split(separator: ";").dropFirst() {
            let kv = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if kv.count == 2, kv[0].lowercased() == "boundary" {
                let b = kv[1].trimmingCharacters(in: ["\""])
                if !b.isEmpty && b.count <= 200 { return b }
            }
        }
        throw APIError.badRequest("EXPECTED_MULTIPART", "the multipart body has no boundary")
    }

    /// The field `field` in memory; 413 beyond `limit` bytes of body.
    public static func file(_ request: Request, field: String, limit: Int, services: APIServices) async throws -> Part {
        var data = Data()
        let part = try await read(request, field: field, limit: limit) { data.append(contentsOf: $0.readableBytesView) }
        return Part(fileName: part.fileName, data: data, size: part.size)
    }

    /// The field `field` written to `path`; 413 beyond `limit` bytes of body.
    public static func file(_ request: Request, field: String, limit: Int, to path: String) async throws -> Part {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw APIError.internalError
        }
        defer { try? handle.close() }
        return try await read(request, field: field, limit: limit) { buffer in
            handle.write(Data(buffer.readableBytesView))
        }
    }

    private static func read(_ request: Request, field: String, limit: Int, sink: (ByteBuffer) -> Void) async throws -> Part {
        var parser = FormDataParser(boundary: try boundary(request))
        var inTarget = false, found = false
        var fileName: String?
        var size = 0
        var total = 0
        for try await chunk in request.body {
            total += chunk.readableBytes
            if total > limit {
                throw APIError(413, "BODY_TOO_LARGE", "the upload is larger than \(limit / 1024 / 1024 > 0 ? "\(limit / 1024 / 1024) MB" : "\(limit / 1024) KB")")
            }
            let events: [FormDataParser.Event]
            do { events = try parser.feed(chunk.readableBytesView) } catch {
                throw APIError.badRequest("INVALID_MULTIPART", "the multipart body is malformed")
            }
            for event in events {
                switch event {
                case .headers(let headers):
                    // Only the first part named `field` is read; any others are skipped.
                    let disposition = headers.first { $0.name.lowercased() == "content-disposition" }?.value ?? ""
                    let params = dispositionParameters(disposition)
                    inTarget = !found && params["name"] == field
                    if inTarget { fileName = params["filename"] }
                case .body(let bytes) where inTarget:
                    size += bytes.count
                    sink(ByteBuffer(bytes: bytes))
                case .body:
                    continue
                case .partEnd:
                    if inTarget { found = true; inTarget = false }
                }
            }
        }
        do { try parser.finish() } catch {
            throw APIError.badRequest("INVALID_MULTIPART", "the multipart body ends before its closing boundary")
        }
        guard found else { throw APIError.badRequest("MISSING_FILE", "the form has no '\(field)' file field") }
        return Part(fileName: fileName, data: Data(), size: size)
    }

    /// `name` and `filename` from a Content-Disposition header.
    static func dispositionParameters(_ header: String) -> [String: String] {
        var out: [String: String] = [:]
        for piece in header.split(separator: ";").dropFirst() {
            let kv = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard kv.count == 2 else { continue }
            var v = kv[1]
            if v.hasPrefix("\"") && v.hasSuffix("\"") && v.count >= 2 { v = String(v.dropFirst().dropLast()) }
            out[kv[0].lowercased()] = v
        }
        return out
    }
}

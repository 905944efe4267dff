// Reads one file field of a multipart/form-data body as it streams in, with a byte limit, into
// memory or straight into a file, so a 50 MB upload never sits in memory whole.
import Foundation
import Hummingbird
import MultipartKit
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
        let collected = Collector()
        let part = try await read(request, field: field, limit: limit) { collected.data.append(contentsOf: $0.readableBytesView) }
        return Part(fileName: part.fileName, data: collected.data, size: part.size)
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

    private final class Collector: @unchecked Sendable { var data = Data() }

    private final class State: @unchecked Sendable {
        var headers: [(String, String)] = []
        var inTarget = false
        var found = false
        var done = false
        var fileName: String?
        var size = 0
        var failure: APIError?
    }

    private static func read(_ request: Request, field: String, limit: Int, sink: @escaping (ByteBuffer) -> Void) async throws -> Part {
        let parser = MultipartParser(boundary: try boundary(request))
        let state = State()
        parser.onHeader = { name, value in state.headers.append((name, value)) }
        parser.onBody = { buffer in
            if !state.inTarget && !state.found {
                let disposition = state.headers.first { $0.0.lowercased() == "content-disposition" }?.1 ?? ""
                let params = dispositionParameters(disposition)
                if params["name"] == field {
                    state.inTarget = true
                    state.fileName = params["filename"]
                }
            }
            if state.inTarget {
                state.size += buffer.readableBytes
                sink(buffer)
            }
        }
        parser.onPartComplete = {
            if !state.inTarget && !state.found {
                let params = dispositionParameters(state.headers.first { $0.0.lowercased() == "content-disposition" }?.1 ?? "")
                if params["name"] == field { state.found = true; state.fileName = params["filename"] }
            }
            if state.inTarget { state.found = true; state.inTarget = false }
            state.headers = []
        }
        var total = 0
        for try await chunk in request.body {
            total += chunk.readableBytes
            if total > limit {
                throw APIError(413, "BODY_TOO_LARGE", "the upload is larger than \(limit / 1024 / 1024 > 0 ? "\(limit / 1024 / 1024) MB" : "\(limit / 1024) KB")")
            }
            do { try parser.execute(chunk) } catch {
                throw APIError.badRequest("INVALID_MULTIPART", "the multipart body is malformed")
            }
        }
        guard state.found else { throw APIError.badRequest("MISSING_FILE", "the form has no '\(field)' file field") }
        return Part(fileName: state.fileName, data: Data(), size: state.size)
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

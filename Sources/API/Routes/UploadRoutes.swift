// POST /api/v1/uploads: a user's own audio file (multipart field `file`), size-limited, checked to
// be decodable audio, stored under the user's upload folder; its id can be a `source` in their jobs.
import Foundation
import Hummingbird
import MediaIO
import Pipeline

/// The upload route.
public struct UploadRoutes: Sendable {
    /// Shared services.
    public let services: APIServices

    /// Creates the route.
    public init(services: APIServices) { self.services = services }

    struct UploadView: Encodable {
        struct Source: Encodable { var kind = "source"; var upload: String }
        var upload_id: String
        var file_name: String
        var size: Int64
        var duration: Double
        var format: String
        var created_at: Date
        var source: Source
    }

    /// Registers the route.
    public func register(in table: RouteTable<AppRequestContext>) {
        let s = services
        table.on(.post, "/api/v1/uploads") { request, _ in
            let user = try await s.user(request)
            let tmpDir = s.paths.temporaryDirectory
            try FileManager.default.createDirectory(atPath: tmpDir, withIntermediateDirectories: true)
            let id = UUID()
            let tmp = "\(tmpDir)/upload-\(id.uuidString.lowercased()).tmp"
            defer { try? FileManager.default.removeItem(atPath: tmp) }
            let part = try await MultipartBody.file(request, field: "file", limit: s.config.maxUploadBytes + 16 * 1024, to: tmp)
            guard part.size > 0 else { throw APIError.badRequest("EMPTY_FILE", "the file is empty") }
            guard part.size <= s.config.maxUploadBytes else {
                throw APIError(413, "BODY_TOO_LARGE", "the file is larger than \(s.config.maxUploadBytes / 1024 / 1024) MB")
            }
            try await UserQuota(services: s).check(user.id, adding: Int64(part.size))
            // Decodable audio: the container opens, it has an audio stream, and its first second decodes.
            let info: AudioFileInfo
            do {
                info = try await Blocking.run { () throws -> AudioFileInfo in
                    let info = try MediaProbe.probe(path: tmp)
                    let decoder = try AudioDecoder(path: tmp)
                    let samples = try decoder.read(maxFrames: 44_100)
                    guard !samples.isEmpty else { throw APIError.unprocessable("NOT_AUDIO", "the file has no decodable audio") }
                    return info
                }
            } catch let e as APIError { throw e } catch {
                throw APIError.unprocessable("NOT_AUDIO", "the file is not audio that can be decoded")
            }
            let ext = Self.fileExtension(info.formatName, clientName: part.fileName)
            let directory = s.paths.uploadDirectory(user.id)
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let relative = "uploads/\(user.id.uuidString.lowercased())/\(id.uuidString.lowercased()).\(ext)"
            guard rename(tmp, "\(s.paths.root)/\(relative)") == 0 else { throw APIError.internalError }
            let name = String((part.fileName ?? "upload.\(ext)").split(separator: "/").last ?? "upload").prefix(200)
            let record = UploadRecord(id: id, userId: user.id, fileName: String(name), storedPath: relative, size: Int64(part.size),
                                      duration: info.durationSeconds ?? 0, format: info.formatName)
            do { try await s.storeCall { try await s.store.insertUpload(record) } } catch {
                try? FileManager.default.removeItem(atPath: "\(s.paths.root)/\(relative)")
                throw error
            }
            let idText = id.uuidString.lowercased()
            return APIResponse.json(UploadView(upload_id: idText, file_name: record.fileName, size: record.size, duration: record.duration,
                                               format: record.format, created_at: record.createdAt, source: .init(upload: idText)), status: .created)
        }
    }

    /// A file extension for the stored copy, from the probed container (never from the client's name alone).
    static func fileExtension(_ format: String, clientName: String?) -> String {
        let first = format.split(separator: ",").first.map(String.init) ?? format
        switch first {
        case "mp3", "wav", "flac", "ogg": return first
        case "mov": return "m4a"
        case "matroska": return "webm"
        default:
            let ext = clientName.map { URL(fileURLWithPath: $0).pathExtension.lowercased() } ?? ""
            return ext.count <= 5 && !ext.isEmpty && ext.allSatisfy({ $0.isLetter || $0.isNumber }) ? ext : "audio"
        }
    }
}

// The user's uploads library. POST /api/v1/uploads: an audio file (multipart field `file`), size-limited, checked to
// be decodable audio, stored under the user's upload folder; its id can be a `source` in their jobs. GET lists them
// (newest first, each with a signed audio URL for players), DELETE removes one, `/peaks` draws its waveform, and
// `/uploads/:id/audio` plays it (bearer token or signed URL, with Range).
import DSP
import Foundation
import HTTPTypes
import Hummingbird
import MediaIO
import NIOCore
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
        var url: String
        var url_expires_at: Date
        var peaks_url: String

        init(_ record: UploadRecord, signer: FileURLSigner, lifetime: Int, now: Date = Date()) {
            let id = record.id.uuidString.lowercased()
            upload_id = id
            file_name = record.fileName
            size = record.size
            duration = record.duration
            format = record.format
            created_at = record.createdAt
            source = Source(upload: id)
            url_expires_at = now.addingTimeInterval(TimeInterval(lifetime))
            url = signer.signUpload(userId: record.userId, uploadId: record.id, expiresAt: url_expires_at)
            peaks_url = "/api/v1/uploads/\(id)/peaks"
        }
    }

    struct UploadPage: Encodable {
        var items: [UploadView]
        var total: Int
        var page: Int
        var limit: Int
    }

    struct PeaksView: Encodable {
        var upload_id: String
        var duration: Double
        var points: Int
        var peaks: [Float]
    }

    /// Peaks kept per second of audio in the sidecar file (`<upload>.peaks`, little-endian Float32).
    static let peaksPerSecond = 100

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
            return APIResponse.json(UploadView(record, signer: s.signer, lifetime: s.config.signedURLSeconds), status: .created)
        }

        table.on(.get, "/api/v1/uploads") { request, _ in
            let user = try await s.user(request)
            let paging = try PageQuery(request, defaultLimit: 50)
            let (items, total) = try await s.storeCall { try await s.store.uploads(userId: user.id, offset: paging.offset, limit: paging.limit) }
            let now = Date()
            return APIResponse.json(UploadPage(items: items.map { UploadView($0, signer: s.signer, lifetime: s.config.signedURLSeconds, now: now) },
                                               total: total, page: paging.page, limit: paging.limit))
        }

        table.on(.delete, "/api/v1/uploads/:id") { request, context in
            let user = try await s.user(request)
            guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)),
                  let record = try await s.storeCall({ try await s.store.deleteUpload(id: id, userId: user.id) }) else {
                throw APIError.notFound("upload")
            }
            let path = "\(s.paths.root)/\(record.storedPath)"
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: path + ".peaks")
            return Response(status: .noContent)
        }

        table.on(.get, "/api/v1/uploads/:id/peaks") { request, context in
            let user = try await s.user(request)
            let raw = request.uri.queryParameters["points"].map(String.init) ?? ""
            let points = raw.isEmpty ? 800 : Int(raw) ?? -1
            guard (16...4000).contains(points) else { throw APIError.badRequest("INVALID_QUERY", "points must be a whole number from 16 to 4000") }
            guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)),
                  let record = try await s.storeCall({ try await s.store.upload(id: id, userId: user.id) }) else {
                throw APIError.notFound("upload")
            }
            let path = "\(s.paths.root)/\(record.storedPath)"
            let peaks = try await Blocking.run { try Self.peaks(of: path) }
            return APIResponse.json(PeaksView(upload_id: id.uuidString.lowercased(), duration: record.duration, points: points,
                                              peaks: PeakEnvelope.resample(peaks, points: points)))
        }

        let fileIO = FileIO()
        for method in [HTTPRequest.Method.get, .head] {
            table.on(method, "/uploads/:id/audio") { request, context in
                let id = context.parameters.get("id").flatMap(UUID.init(uuidString:))
                let invalid = APIError.unauthorized("FILE_URL_INVALID", "the file link is invalid or has expired")
                var userId = try await s.signedUser(request, jobId: id, name: FileURLSigner.uploadSignatureName, invalid: invalid)
                if userId == nil { userId = try await s.user(request).id }
                guard let id, let userId, let record = try await s.storeCall({ try await s.store.upload(id: id, userId: userId) }) else {
                    throw APIError.notFound("upload")
                }
                let path = "\(s.paths.root)/\(record.storedPath)"
                guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber else {
                    throw APIError.notFound("upload")
                }
                let name = URL(fileURLWithPath: record.storedPath).lastPathComponent
                let response = try await FileRoutes.serve(path: path, size: size.intValue, name: name, request: request, context: context, fileIO: fileIO)
                return request.method == .head ? Response(status: response.status, headers: response.headers) : response
            }
        }
    }

    /// The upload's peaks at `peaksPerSecond`, read from its sidecar file, or decoded once (mono, 8 kHz is enough for
    /// the envelope's resolution) and stored next to it with temp-file-then-rename.
    static func peaks(of path: String) throws -> [Float] {
        let sidecar = path + ".peaks"
        if let data = FileManager.default.contents(atPath: sidecar), data.count % 4 == 0 {
            return data.withUnsafeBytes { raw in (0..<(data.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) } }
        }
        let rate = 8_000
        let decoder = try AudioDecoder(path: path, output: AudioLayout(sampleRate: rate, channels: 1))
        var envelope = PeakEnvelope(blockFrames: rate / peaksPerSecond)
        while true {
            let chunk = try decoder.read(maxFrames: 65_536)
            if chunk.isEmpty { break }
            envelope.add(chunk, channels: 1)
        }
        envelope.finish()
        var data = Data(capacity: envelope.peaks.count * 4)
        for p in envelope.peaks { withUnsafeBytes(of: p.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        let tmp = sidecar + ".\(UUID().uuidString).tmp"
        if FileManager.default.createFile(atPath: tmp, contents: data), rename(tmp, sidecar) != 0 { try? FileManager.default.removeItem(atPath: tmp) }
        return envelope.peaks
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

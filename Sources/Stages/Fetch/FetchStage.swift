// `fetch`: media from YouTube and other yt-dlp sites, direct HTTP URLs, a search, or local files.
// Cached by the normalised URL (or query) and format selection, so re-renders never refetch.
import Foundation
import Mashup
import MediaIO
import Pipeline

/// Downloads (or copies) one media item into the cache.
public struct FetchStage: StageImplementation {
    let fetcher: (any MediaFetcher)?
    let limits: MediaLimits?

    /// Creates the stage; without a fetcher only local files work. A file past `limits` fails with
    /// `JOB_TOO_LARGE` as soon as it is probed, before anything decodes it.
    public init(fetcher: (any MediaFetcher)? = nil, limits: MediaLimits? = nil) {
        self.fetcher = fetcher
        self.limits = limits
    }

    /// The `fetch` kind's declaration.
    public var spec: StageSpec {
        StageSpec(
            kind: "fetch", doc: "Media from a URL (YouTube and other yt-dlp sites, or a direct http(s) media link), a search, or a local file.",
            fields: [
                FieldSpec("url", .string, doc: "a page or media URL, or a local path relative to the manifest"),
                FieldSpec("search", .string, doc: "\"title artist\": pick the best search result (the chosen URL is recorded)"),
                FieldSpec("media", .choice(["audio", "video"]), default: .string("audio"), doc: "audio, or video (best video + best audio in MP4)"),
                FieldSpec("audio_format", .choice(["original", "mp3", "m4a", "opus"]), default: .string("original"), doc: "keep the original audio stream, or convert"),
                FieldSpec("audio_quality", .bitrate, default: .int(192_000), doc: "bit rate when converting audio"),
                FieldSpec("max_height", .integer(min: 144, max: 4320), default: .int(1080), doc: "video: the tallest resolution to fetch (720, 1080, 2160...)"),
                FieldSpec("publish", .bool, default: .bool(false), doc: "also copy the downloaded file to the output folder"),
                FieldSpec("refresh", .bool, default: .bool(false), doc: "download again on every render"),
            ],
            outputs: ["media"],
            check: { context in
                let s = context.settings
                var problems: [FieldProblem] = []
                if (s["url"] == nil) == (s["search"] == nil) {
                    problems.append(FieldProblem(field: "url", message: "give exactly one of url or search"))
                }
                if let url = s["url"]?.string {
                    if url.hasPrefix("-") { problems.append(FieldProblem(field: "url", message: "must not start with '-'")) }
                    if url.count > 2048 { problems.append(FieldProblem(field: "url", message: "must be at most 2048 characters")) }
                    if let scheme = URLComponents(string: url)?.scheme?.lowercased(), scheme.count > 1, !["http", "https", "file"].contains(scheme) {
                        problems.append(FieldProblem(field: "url", message: "scheme '\(scheme)' is not supported; use http, https or a local path"))
                    }
                    if FileURL.isFileURL(url) {
                        do { _ = try FileURL.localPath(url) } catch let e as MashupError { problems.append(FieldProblem(field: "url", message: e.message)) } catch {}
                    }
                }
                if let q = s["search"]?.string, q.trimmingCharacters(in: .whitespaces).isEmpty || q.hasPrefix("-") || q.count > 300 {
                    problems.append(FieldProblem(field: "search", message: "must be 1 to 300 characters and not start with '-'"))
                }
                return problems
            })
    }

    /// Version 1.
    public var version: Int { 1 }

    /// A local file's digest, or the normalised URL; a search is keyed by its query.
    public func externalIngredients(_ context: StageKeyContext) async throws -> [Ingredient] {
        if let url = context.stage.settings["url"]?.string {
            if URLNormalizer.isRemote(url) { return [Ingredient("url", URLNormalizer.normalize(url))] }
            let path = try Self.localPath(url, stage: context.stage.id, in: context.manifestDirectory)
            guard FileManager.default.fileExists(atPath: path) else {
                throw StageFailure(code: .fileNotFound, message: "stage \(context.stage.id): file '\(url)' not found (looked at \(path))")
            }
            let digests = context.fileDigests
            let (d, _) = try await Blocking.run { try digests.digest(of: path) }
            return [Ingredient("file.digest", d.hex)]
        }
        return []
    }

    /// Downloads or copies the media and probes it.
    public func run(_ context: StageContext) async throws -> StageResult {
        let id = context.stage.id
        let mode: FetchMode = context.string("media") == "video"
            ? .video(maxHeight: context.int("max_height") ?? 1080)
            : .audio(format: context.string("audio_format") ?? "original", bitrate: context.int("audio_quality"))
        var metadata: [String: Value] = [:]
        var file: String
        if let url = context.string("url"), !URLNormalizer.isRemote(url) {
            let local = try Self.localPath(url, stage: id, in: context.manifestDirectory)
            file = context.workPath("local" + (URL(fileURLWithPath: local).pathExtension.isEmpty ? "" : ".\(URL(fileURLWithPath: local).pathExtension)"))
            try FileManager.default.copyItem(atPath: local, toPath: file)
            metadata["file"] = .string(url)
        } else {
            guard !context.offline else {
                throw StageFailure(code: .offline, message: "stage \(id) needs the network, but the render is --offline and its result is not in the cache")
            }
            guard let fetcher else { throw StageFailure(code: .internal, message: "stage \(id): no media fetcher is configured") }
            var url = context.string("url")
            if url == nil, let query = context.string("search") {
                let candidates = try await mapped(id) { try await fetcher.search(query, limit: 8) }
                let song = Self.songRequest(query)
                guard let best = SearchScorer().best(candidates, for: song) else {
                    throw StageFailure(code: StageFailure.Code(rawValue: "NO_SEARCH_RESULT"), message: "stage \(id): no usable search result for '\(query)'")
                }
                url = best.candidate.link
                metadata["search"] = .string(query)
                metadata["search_score"] = .double(best.score.total)
            }
            guard let url else { throw StageFailure(code: .invalidSettings, message: "stage \(id): give url or search") }
            metadata["url"] = .string(url)
            let progress = context.progress
            if URLNormalizer.isDirectMedia(url) {
                file = context.workPath("download." + (URL(string: url)?.pathExtension ?? "bin"))
                try await mapped(id) { try await fetcher.downloadDirect(url: url, to: file, progress: progress) }
            } else {
                let fetched = try await mapped(id) { try await fetcher.download(url: url, mode: mode, into: context.workDirectory, progress: progress) }
                file = fetched.path
                if let t = fetched.title { metadata["title"] = .string(t) }
                if let a = fetched.artist { metadata["artist"] = .string(a) }
                if let w = fetched.webpageURL { metadata["webpage_url"] = .string(w) }
            }
        }
        let probePath = file
        let origin = metadata["url"]?.string ?? metadata["file"]?.string
        let info = try await Blocking.run { () throws -> AudioFileInfo in
            do { return try MediaProbe.probe(path: probePath) } catch {
                throw FailureMapping.failure(error, stage: id, file: origin, readable: [probePath: "the download"])
            }
        }
        if let problem = limits?.problem(info, subject: "stage \(id): the download") {
            throw StageFailure(code: StageFailure.Code(rawValue: "JOB_TOO_LARGE"), message: problem)
        }
        if let d = info.durationSeconds { metadata["duration"] = .double(d) }
        metadata["codec"] = .string(info.codecName)
        metadata["format"] = .string(info.formatName)
        for tag in ["title", "artist"] where metadata[tag] == nil { if let v = info.tags[tag], !v.isEmpty { metadata[tag] = .string(v) } }
        let ext = URL(fileURLWithPath: file).pathExtension
        var publish: PublishRequest?
        if context.bool("publish") == true {
            publish = PublishRequest(output: "media", fileName: EncodeStage.sanitized(context.publishBaseName) + (ext.isEmpty ? "" : ".\(ext)"))
        }
        metadata["extension"] = .string(ext)
        context.progress(1)
        return StageResult(outputs: ["media": ProducedFile(path: file, kind: .media)], metadata: metadata, publish: publish)
    }

    /// The file a local `url` names: a `file:` URL in any RFC 8089 form (see `FileURL`), else a path
    /// relative to the manifest's folder (or absolute).
    static func localPath(_ url: String, stage: String, in directory: String) throws -> String {
        guard FileURL.isFileURL(url) else { return SourceStage.resolve(url, in: directory) }
        do { return try FileURL.localPath(url) } catch let e as MashupError {
            throw StageFailure(code: .invalidSettings, message: "stage \(stage): \(e.message)")
        }
    }

    /// "Title Artist" or "Title - Artist" as a song request for scoring.
    static func songRequest(_ query: String) -> SongRequest {
        let parts = query.components(separatedBy: " - ")
        if parts.count == 2 { return SongRequest(title: parts[0].trimmingCharacters(in: .whitespaces), artist: parts[1].trimmingCharacters(in: .whitespaces)) }
        return SongRequest(title: query, artist: nil)
    }

    /// Runs a fetcher call, turning its errors into stage failures with their stable codes.
    func mapped<T>(_ id: String, _ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let f as StageFailure { throw f } catch let e as any CodedError {
            throw StageFailure(code: StageFailure.Code(rawValue: e.code), message: "stage \(id): \(e.message)")
        }
    }
}

/// An error with a stable code and a safe message (the Services errors conform).
public protocol CodedError: Error {
    /// The stable code, such as `VIDEO_UNAVAILABLE`.
    var code: String { get }
    /// A message safe to show to people.
    var message: String { get }
}

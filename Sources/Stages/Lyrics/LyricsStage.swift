// `lyrics`: timed lyric lines for a track, from a local LRC file, inline text, or a lyrics
// database, aligned to a transcription when only plain lyrics exist. Knows no HTTP.
import Foundation
import Mashup
import Pipeline

/// Produces timed lyrics (a JSON artifact) for one track.
public struct LyricsStage: StageImplementation {
    let provider: (any LyricsProvider)?

    /// Creates the stage; without a provider only local and inline lyrics work.
    public init(provider: (any LyricsProvider)? = nil) { self.provider = provider }

    /// The `lyrics` kind's declaration.
    public var spec: StageSpec {
        StageSpec(
            kind: "lyrics", doc: "Timed lyric lines for a track: from an .lrc file, inline text, or LRCLIB; plain lyrics are aligned to a transcript when one is given.",
            fields: [
                FieldSpec("input", .reference, doc: "the track, for its duration and tags"),
                FieldSpec("title", .string, doc: "track title (for the lookup)"),
                FieldSpec("artist", .string, doc: "track artist (for the lookup)"),
                FieldSpec("album", .string, doc: "album (improves the lookup)"),
                FieldSpec("lrc", .string, doc: "a local .lrc or .txt file, relative to the manifest"),
                FieldSpec("text", .string, doc: "lyrics written inline (LRC with time tags, or plain lines)"),
                FieldSpec("transcript", .reference, doc: "a transcribe stage's `transcript` output, to align plain lyrics to"),
                FieldSpec("lookup", .bool, default: .bool(true), doc: "look the track up in LRCLIB when no lrc or text is given"),
                FieldSpec("max_lines", .integer(min: 1, max: 1000), default: .int(120), doc: "cap on lines kept (AI_TIMESTAMPED_LYRICS_MAX_LINES_PER_TRACK)"),
                FieldSpec("retry_miss_after", .number(min: 0, max: 31_536_000), default: .double(LyricsStage.defaultRetryMissAfter),
                          doc: "seconds a lookup that found no lyrics is trusted; a later render asks again after that (0: every render)"),
            ],
            outputs: ["lyrics"],
            check: { context in
                var problems: [FieldProblem] = []
                let s = context.settings
                if s["lrc"] != nil && s["text"] != nil {
                    problems.append(FieldProblem(field: "text", message: "give either lrc or text, not both"))
                }
                if s["lrc"] == nil && s["text"] == nil && s["lookup"]?.bool == true && s["title"] == nil {
                    problems.append(FieldProblem(field: "title", message: "a lookup needs a title (or give lrc or text)"))
                }
                return problems
            })
    }

    /// Version 2 (line ends capped by their text).
    public var version: Int { 2 }

    /// How long an LRCLIB miss is trusted before a render asks again: 86 400 s (one day).
    public static let defaultRetryMissAfter = 86_400.0

    /// A local lyrics file's digest is part of the key.
    public func externalIngredients(_ context: StageKeyContext) async throws -> [Ingredient] {
        guard let rel = context.stage.settings["lrc"]?.string else { return [] }
        let path = SourceStage.resolve(rel, in: context.manifestDirectory)
        guard FileManager.default.fileExists(atPath: path) else {
            throw StageFailure(code: .fileNotFound, message: "stage \(context.stage.id): lyrics file '\(rel)' not found (looked at \(path))")
        }
        let digests = context.fileDigests
        let (d, _) = try await Blocking.run { try digests.digest(of: path) }
        return [Ingredient("lrc.digest", d.hex)]
    }

    /// Reads, looks up or aligns the lyrics.
    public func run(_ context: StageContext) async throws -> StageResult {
        let id = context.stage.id
        let track = context.inputs("input").first
        let duration = track?.metadata["duration"]?.number
        let maxLines = context.int("max_lines") ?? TimedLyrics.defaultMaxLines
        let parser = LRCParser(maxLines: maxLines)
        var lyrics: TimedLyrics
        var origin: String
        var warnings: [String] = []
        var validFor: Double?
        do {
            if let rel = context.string("lrc") {
                let path = SourceStage.resolve(rel, in: context.manifestDirectory)
                guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                    throw StageFailure(code: .fileNotFound, message: "stage \(id): cannot read lyrics file '\(rel)' as UTF-8 text")
                }
                lyrics = try parser.lyrics(fromText: text, duration: duration, source: .file)
                origin = "file"
            } else if let text = context.string("text") {
                lyrics = try parser.lyrics(fromText: text, duration: duration, source: .inline)
                origin = "inline"
            } else if context.bool("lookup") ?? true {
                guard !context.offline else {
                    throw StageFailure(code: .offline, message: "stage \(id) needs the network (LRCLIB), but the render is --offline and its result is not in the cache")
                }
                guard let provider else {
                    throw StageFailure(code: .internal, message: "stage \(id): no lyrics service is configured")
                }
                let title = context.string("title") ?? track?.metadata["title"]?.string ?? ""
                let artist = context.string("artist") ?? track?.metadata["artist"]?.string ?? ""
                let found = try await provider.lookup(title: title, artist: artist, album: context.string("album"), duration: duration)
                if let found, found.instrumental {
                    lyrics = TimedLyrics(lines: [], source: .syncedLRC, instrumental: true)
                } else if let synced = found?.synced, !synced.isEmpty {
                    lyrics = try parser.parse(synced, duration: duration, source: .syncedLRC).lyrics
                } else if let plain = found?.plain, !plain.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    lyrics = try parser.lyrics(fromText: plain, duration: duration, source: .plainSpread)
                } else {
                    lyrics = TimedLyrics(lines: [], source: .plainSpread)
                }
                origin = "lrclib"
                if !lyrics.instrumental && lyrics.lines.isEmpty {
                    // A miss may be filled in later: trust it for `retry_miss_after` only, and say so.
                    origin = "not_found"
                    let retry = max(0, context.double("retry_miss_after") ?? Self.defaultRetryMissAfter)
                    validFor = retry
                    let who = artist.isEmpty ? "'\(title)'" : "'\(title)' by \(artist)"
                    warnings.append("no lyrics found on LRCLIB for \(who); going on without lyrics. "
                                    + (retry > 0 ? "A render after \(Self.span(retry)) asks again (or use --refresh \(context.stage.declarationId))"
                                                 : "Every render asks again"))
                }
            } else {
                lyrics = TimedLyrics(lines: [], source: .plainSpread)
                origin = "none"
            }
            // Plain lyrics spread evenly are guesses: align them to a transcript when there is one.
            if lyrics.source == .plainSpread || lyrics.lines.allSatisfy({ $0.confidence < 0.5 }), !lyrics.lines.isEmpty,
               let t = context.inputs("transcript").first {
                let transcript = try JSONDecoder().decode(Transcript.self, from: Data(contentsOf: URL(fileURLWithPath: t.path)))
                let words = transcript.words.isEmpty ? TimedWord.words(fromSegments: transcript.segments) : transcript.words
                lyrics = try LyricAligner().align(lines: lyrics.lines.map(\.text), to: words, duration: duration)
                origin += "+aligned"
            }
        } catch let f as StageFailure {
            throw f
        } catch let e as MashupError {
            throw StageFailure(code: .invalidSettings, message: "stage \(id): \(e.message)")
        }
        lyrics = lyrics.capped(to: maxLines)
        let output = context.workPath("lyrics.json")
        try lyrics.jsonData().write(to: URL(fileURLWithPath: output))
        var metadata: [String: Value] = ["lines": .int(lyrics.lines.count), "origin": .string(origin), "source": .string(lyrics.source.rawValue)]
        if let d = duration { metadata["duration"] = .double(d) }
        if let t = context.string("title") ?? track?.metadata["title"]?.string { metadata["title"] = .string(t) }
        if let a = context.string("artist") ?? track?.metadata["artist"]?.string { metadata["artist"] = .string(a) }
        if origin == "not_found" { metadata["found"] = .bool(false) }
        return StageResult(outputs: ["lyrics": ProducedFile(path: output, kind: .json)], metadata: metadata,
                           warnings: warnings, validFor: validFor)
    }

    /// A span for people: "1 day", "3 hours", "90 s".
    static func span(_ seconds: Double) -> String {
        func unit(_ n: Double, _ name: String) -> String {
            let text = NumberText.number(n)
            return "\(text) \(name)\(text == "1" ? "" : "s")"
        }
        if seconds >= 86_400 { return unit(seconds / 86_400, "day") }
        if seconds >= 3600 { return unit(seconds / 3600, "hour") }
        if seconds >= 60 { return unit(seconds / 60, "minute") }
        return NumberText.seconds(seconds)
    }
}

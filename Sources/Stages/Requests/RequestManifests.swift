// Turns the original product's request kinds (AI mashup, clip mix, download) into manifests.
// The CLI and the HTTP API both use this; it writes YAML and never renders or fetches.
import Foundation
import Mashup
import Pipeline
import Yams

/// Builds manifests for the request kinds users submit.
public enum RequestManifests {
    /// Output encoding shared by the request kinds.
    public struct Output: Sendable {
        /// mp3, aac, opus, flac or wav.
        public var format: String
        /// Bit rate for lossy formats.
        public var bitrate: Int?
        /// Integrated loudness target in LUFS, or nil for no loudness stage.
        public var loudness: Double?

        /// Creates output settings (default MP3 at -14 LUFS; bit rate 128k for opus, else 192k).
        public init(format: String = "mp3", bitrate: Int? = nil, loudness: Double? = -14) {
            self.format = format
            self.bitrate = bitrate ?? (format == "opus" ? 128_000 : 192_000)
            self.loudness = loudness
        }
    }

    /// A clip mix: each clip fetched, cut and joined with crossfades (the original's process-array / process-csv).
    public static func clipMix(name: String, clips: [ClipRequest], crossfade: Double = 3, output: Output = Output()) throws -> String {
        let items = clips.map { c in
            YAMLComposer.flowMap([("url", YAMLComposer.str(c.url)), ("start", YAMLComposer.num(c.start)), ("end", YAMLComposer.num(c.end))])
        }
        var stages: [Node] = [
            YAMLComposer.map([("id", YAMLComposer.str("clip_source")), ("kind", YAMLComposer.str("fetch")),
                              ("foreach", YAMLComposer.seq(items)), ("url", YAMLComposer.str("${item.url}"))]),
            YAMLComposer.map([("id", YAMLComposer.str("clip")), ("kind", YAMLComposer.str("cut")), ("foreach", YAMLComposer.str("clip_source")),
                              ("start", YAMLComposer.str("${item.start}")), ("end", YAMLComposer.str("${item.end}")), ("clamp", YAMLComposer.bool(true))]),
            YAMLComposer.map([("id", YAMLComposer.str("mix")), ("kind", YAMLComposer.str("crossfade")),
                              ("inputs", YAMLComposer.seq([YAMLComposer.str("clip")], flow: true)),
                              ("duration", YAMLComposer.str("${params.crossfade}"))]),
        ]
        stages += tail(after: "mix", name: name, title: name, output: output)
        let doc = YAMLComposer.map([
            ("version", YAMLComposer.int(1)), ("name", YAMLComposer.str(name)),
            ("params", YAMLComposer.map([("crossfade", YAMLComposer.num(crossfade))])),
            ("stages", YAMLComposer.seq(stages)),
        ])
        return try YAMLComposer.document(doc, comment: "Clip mix: \(clips.count) clips joined with \(NumberText.seconds(crossfade)) crossfades.\nRe-render with `intellimix render`; change a clip and only that clip is fetched and cut again.")
    }

    /// A download: one URL's audio (original stream or converted) or video (MP4, height-capped), published as is.
    public static func download(name: String, url: String, mode: FetchMode) throws -> String {
        var fetch: [(String, Node?)] = [("id", YAMLComposer.str("download")), ("kind", YAMLComposer.str("fetch")), ("url", YAMLComposer.str(url))]
        switch mode {
        case .audio(let format, let bitrate):
            fetch += [("media", YAMLComposer.str("audio")), ("audio_format", YAMLComposer.str(format))]
            if let bitrate, format != "original" { fetch.append(("audio_quality", YAMLComposer.int(bitrate))) }
        case .video(let maxHeight):
            fetch += [("media", YAMLComposer.str("video")), ("max_height", YAMLComposer.int(maxHeight))]
        }
        fetch.append(("publish", YAMLComposer.bool(true)))
        let doc = YAMLComposer.map([("version", YAMLComposer.int(1)), ("name", YAMLComposer.str(name)),
                                    ("stages", YAMLComposer.seq([YAMLComposer.map(fetch)]))])
        return try YAMLComposer.document(doc, comment: "Download of \(url).")
    }

    /// An AI mashup: each song searched and fetched, its lyrics found, a plan made, the plan's segments joined.
    /// The resolved song list is written in, so re-rendering never asks for songs again. `targetSeconds` nil
    /// means the length the prompt asks for ("a 3-minute mashup"), else 120 s; see `targetSeconds(prompt:given:)`.
    public static func mashup(name: String, prompt: String, songs: [SongRequest], provider: String = "heuristic",
                              targetSeconds: Double? = nil, output: Output = Output()) throws -> String {
        let targetSeconds = Self.targetSeconds(prompt: prompt, given: targetSeconds)
        let items = songs.map { s in
            YAMLComposer.flowMap([("title", YAMLComposer.str(s.title)), ("artist", YAMLComposer.str(s.artist ?? "")),
                                  ("query", YAMLComposer.str(s.artist.map { "\(s.title) - \($0)" } ?? s.title))])
        }
        var stages: [Node] = [
            YAMLComposer.map([("id", YAMLComposer.str("song")), ("kind", YAMLComposer.str("fetch")),
                              ("foreach", YAMLComposer.seq(items)), ("search", YAMLComposer.str("${item.query}"))]),
            YAMLComposer.map([("id", YAMLComposer.str("words")), ("kind", YAMLComposer.str("lyrics")), ("foreach", YAMLComposer.str("song")),
                              ("title", YAMLComposer.str("${item.title}")), ("artist", YAMLComposer.str("${item.artist}"))]),
            YAMLComposer.map([("id", YAMLComposer.str("beats")), ("kind", YAMLComposer.str("analyze")), ("foreach", YAMLComposer.str("song")),
                              ("lyrics", YAMLComposer.str("words[${index}]"))]),
            YAMLComposer.map([("id", YAMLComposer.str("plan")), ("kind", YAMLComposer.str("plan")),
                              ("tracks", YAMLComposer.seq([YAMLComposer.str("song")], flow: true)),
                              ("lyrics", YAMLComposer.seq([YAMLComposer.str("words")], flow: true)),
                              ("analysis", YAMLComposer.seq([YAMLComposer.str("beats")], flow: true)),
                              ("provider", YAMLComposer.str(provider)), ("prompt", YAMLComposer.str("${params.prompt}")),
                              ("target_seconds", YAMLComposer.str("${params.target_seconds}"))]),
            YAMLComposer.map([("id", YAMLComposer.str("mix")), ("kind", YAMLComposer.str("crossfade")), ("plan", YAMLComposer.str("plan")),
                              ("tracks", YAMLComposer.seq([YAMLComposer.str("song")], flow: true)),
                              ("analysis", YAMLComposer.seq([YAMLComposer.str("beats")], flow: true))]),
        ]
        stages += tail(after: "mix", name: name, title: name, output: output)
        let doc = YAMLComposer.map([
            ("version", YAMLComposer.int(1)), ("name", YAMLComposer.str(name)), ("description", YAMLComposer.str(prompt)),
            ("params", YAMLComposer.map([("prompt", YAMLComposer.str(prompt)), ("target_seconds", YAMLComposer.num(targetSeconds))])),
            ("stages", YAMLComposer.seq(stages)),
        ])
        return try YAMLComposer.document(doc, comment: "AI mashup of \(songs.count) songs (planner: \(provider)), analysed and beat-matched.\nThe songs are resolved; re-rendering reuses every cached fetch, lyric, analysis and plan.")
    }

    /// The mashup length: `given` when there is one (`--target`, the API's `target_seconds`), else the length the
    /// prompt asks for (`PromptLength`), else 120 s.
    public static func targetSeconds(prompt: String, given: Double?) -> Double {
        given ?? PromptLength.seconds(in: prompt) ?? 120
    }

    /// The loudness and encode stages after `input`.
    static func tail(after input: String, name: String, title: String, output: Output) -> [Node] {
        var nodes: [Node] = []
        var last = input
        if let lufs = output.loudness {
            nodes.append(YAMLComposer.map([("id", YAMLComposer.str("loud")), ("kind", YAMLComposer.str("loudness")),
                                           ("input", YAMLComposer.str(input)), ("target", YAMLComposer.num(lufs))]))
            last = "loud"
        }
        var encode: [(String, Node?)] = [("id", YAMLComposer.str("out")), ("kind", YAMLComposer.str("encode")), ("input", YAMLComposer.str(last)),
                                         ("format", YAMLComposer.str(output.format))]
        if let b = output.bitrate, ["mp3", "aac", "opus"].contains(output.format) { encode.append(("bitrate", YAMLComposer.int(b))) }
        encode.append(("title", YAMLComposer.str(title)))
        encode.append(("artist", YAMLComposer.str("IntelliMix")))
        nodes.append(YAMLComposer.map(encode))
        return nodes
    }

    /// A file-name-safe manifest name from free text, with a short digest of the whole text for uniqueness.
    /// Text that starts with a URL (a clip list, a download) is named after that URL's title or host instead:
    /// `mix-song-a-1f2e3d` for `file:///tmp/song%20a.wav ...`, `audio-youtube-com-9a8b7c` for a YouTube link.
    public static func name(_ prefix: String, from text: String) -> String {
        let first = text.split(whereSeparator: \.isWhitespace).first.map(String.init) ?? ""
        let readable = label(ofURL: first) ?? text
        let words = readable.lowercased().split { !$0.isLetter && !$0.isNumber }.prefix(5).joined(separator: "-")
        let base = words.isEmpty ? prefix : "\(prefix)-\(words)"
        return "\(base.prefix(60))-\(Digest.of(text).short.prefix(6))"
    }

    /// A readable label for a URL: a media file's name without extension (local files, direct links), else the
    /// host without `www.`; nil when `text` is not an http, https or file URL.
    static func label(ofURL text: String) -> String? {
        if FileURL.isFileURL(text) {
            guard let path = try? FileURL.localPath(text) else { return nil }
            let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            return stem.isEmpty ? nil : stem
        }
        guard URLNormalizer.isRemote(text), let url = URL(string: text), let host = url.host?.lowercased() else { return nil }
        if URLNormalizer.isDirectMedia(text) {
            let stem = url.deletingPathExtension().lastPathComponent
            if !stem.isEmpty, stem != "/" { return stem.removingPercentEncoding ?? stem }
        }
        for lead in ["www.", "m.", "music."] where host.hasPrefix(lead) { return String(host.dropFirst(lead.count)) }
        return host
    }
}

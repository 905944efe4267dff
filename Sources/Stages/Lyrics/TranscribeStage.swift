// `transcribe`: timed lines (and words) for a track from an OpenAI-compatible transcription server,
// in the same shape as the lyrics stage so the planner can use either. Knows no HTTP.
import Foundation
import Mashup
import Pipeline

/// Transcribes a track.
public struct TranscribeStage: StageImplementation {
    let provider: (any TranscriptionProvider)?

    /// Creates the stage with the configured transcription service.
    public init(provider: (any TranscriptionProvider)? = nil) { self.provider = provider }

    /// The `transcribe` kind's declaration.
    public var spec: StageSpec {
        StageSpec(
            kind: "transcribe", doc: "Transcribes a track with timestamps (OpenAI-compatible /audio/transcriptions: OpenAI, whisper.cpp server, faster-whisper-server).",
            fields: [
                FieldSpec("input", .reference, required: true, doc: "the track to transcribe"),
                FieldSpec("max_lines", .integer(min: 1, max: 1000), default: .int(120), doc: "cap on lines kept"),
            ],
            outputs: ["lyrics", "transcript"],
            needsNetwork: true)
    }

    /// Version 1.
    public var version: Int { 1 }

    /// The model decides the transcript.
    public func externalIngredients(_ context: StageKeyContext) async throws -> [Ingredient] {
        [Ingredient("model", provider?.model ?? "unconfigured")]
    }

    /// Sends the audio and writes the timed lines and the raw transcript.
    public func run(_ context: StageContext) async throws -> StageResult {
        let id = context.stage.id
        guard let provider else {
            throw StageFailure(code: StageFailure.Code(rawValue: "AI_KEY_MISSING"), message: "stage \(id): no transcription service is configured (set TRANSCRIBE_BASE_URL or OPENAI_API_KEY)")
        }
        let input = try context.input("input")
        // The blob has no extension; servers pick the decoder from the file name, so link one in.
        let ext = input.metadata["extension"]?.string ?? Self.extensionFor(codec: input.metadata["codec"]?.string)
        let named = context.workPath("audio.\(ext)")
        try FileManager.default.linkItem(atPath: input.path, toPath: named)
        let transcript: Transcript
        do { transcript = try await provider.transcribe(file: URL(fileURLWithPath: named)) } catch let e as any CodedError {
            throw StageFailure(code: StageFailure.Code(rawValue: e.code), message: "stage \(id): \(e.message)")
        }
        let maxLines = context.int("max_lines") ?? TimedLyrics.defaultMaxLines
        let lyrics = TimedLyrics(lines: transcript.segments, source: .transcription, language: transcript.language).capped(to: maxLines)
        let lyricsPath = context.workPath("lyrics.json")
        let transcriptPath = context.workPath("transcript.json")
        try lyrics.jsonData().write(to: URL(fileURLWithPath: lyricsPath))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(transcript).write(to: URL(fileURLWithPath: transcriptPath))
        var metadata: [String: Value] = ["lines": .int(lyrics.lines.count), "words": .int(transcript.words.count)]
        if let l = transcript.language { metadata["language"] = .string(l) }
        if let d = input.metadata["duration"] { metadata["duration"] = d }
        for tag in ["title", "artist"] { if let v = input.metadata[tag] { metadata[tag] = v } }
        return StageResult(outputs: ["lyrics": ProducedFile(path: lyricsPath, kind: .json), "transcript": ProducedFile(path: transcriptPath, kind: .json)],
                           metadata: metadata)
    }

    static func extensionFor(codec: String?) -> String {
        switch codec {
        case "mp3": return "mp3"
        case "aac": return "m4a"
        case "opus", "vorbis": return "ogg"
        case "flac": return "flac"
        default: return "wav"
        }
    }
}

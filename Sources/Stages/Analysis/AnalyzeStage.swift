// `analyze`: the musical facts of one track (tempo, beats, bars, key, phrases, sections, vocal spans) as JSON.
// Cached per track like any stage; knows nothing about how plans or transitions use the facts.
import Foundation
import Mashup
import Pipeline

/// Analyses a track's tempo, beats, downbeats, key, phrases and sections.
public struct AnalyzeStage: StageImplementation {
    /// Creates the stage.
    public init() {}

    /// The `analyze` kind's declaration.
    public var spec: StageSpec {
        StageSpec(
            kind: "analyze",
            doc: "Finds a track's tempo, beats, downbeats and meter, key (with Camelot code), 8-bar phrases, energy sections and per-bar loudness; with lyrics, also where the vocals are.",
            fields: [
                FieldSpec("input", .reference, required: true, doc: "the track (a fetch or source stage, or any audio); a foreach over the tracks pairs automatically"),
                FieldSpec("lyrics", .reference, doc: "the track's lyrics stage: line starts phase the phrases and give the vocal spans"),
            ],
            outputs: ["analysis"])
    }

    /// Version 1.
    public var version: Int { 1 }

    /// Decodes the track, analyses it and writes the JSON artifact.
    public func run(_ context: StageContext) async throws -> StageResult {
        let id = context.stage.id
        let track = try context.input("input")
        let lyricsInput = context.inputs("lyrics").first
        let output = context.workPath("analysis.json")
        let cancellation = context.cancellation
        let analysis = try await Blocking.run { () throws -> TrackAnalysis in
            var lyrics: TimedLyrics?
            if let l = lyricsInput {
                do {
                    lyrics = try TimedLyrics.decode(from: Data(contentsOf: URL(fileURLWithPath: l.path)))
                } catch {
                    throw StageFailure(code: .invalidSettings, message: "stage \(id): \(l.binding.stage) is not a lyrics stage (its output is not timed lyrics)")
                }
            }
            do {
                return try TrackAnalyzer.analyze(path: track.path, lyrics: lyrics) { try cancellation.check() }
            } catch let error as TrackAnalyzer.TooLong {
                throw StageFailure(code: .invalidSettings, message: "stage \(id) (\(track.sourceName)): \(error.description)")
            } catch {
                throw FailureMapping.failure(error, stage: id, file: track.sourceName, readable: [track.path: track.binding.stage])
            }
        }
        try analysis.jsonData().write(to: URL(fileURLWithPath: output))
        context.progress(1)
        return StageResult(outputs: ["analysis": ProducedFile(path: output, kind: .json)], metadata: [
            "bpm": .double(analysis.bpm), "key": .string(analysis.key), "camelot": .string(analysis.camelot),
            "meter": .string(analysis.meter), "beats": .int(analysis.beats.count), "bars": .int(analysis.downbeats.count),
            "phrases": .int(analysis.phrases.count), "duration": .double(analysis.duration),
        ])
    }
}

// `intellimix analyze FILE`: tempo, beats, bars, key, phrases and sections of one audio file, for people or as JSON.
// Reads the file directly (no manifest, no cache); the `analyze` stage gives the same artifact inside a render.
import ArgumentParser
import Foundation
import Mashup
import Stages

struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Analyse an audio file: tempo, beats, downbeats, key (Camelot), phrases, energy sections.",
        discussion: "With --json, prints exactly the artifact the `analyze` stage stores.")

    @Argument(help: "The audio file (any format FFmpeg decodes).")
    var file: String

    @Option(help: "An .lrc or plain-text lyrics file: line starts phase the phrases and give the vocal spans.")
    var lyrics: String?

    @Flag(help: "Print the analysis artifact as JSON on standard output.")
    var json = false

    func run() async throws {
        guard FileManager.default.isReadableFile(atPath: file) else {
            Terminal.error("error: \(file): no such readable file")
            throw ExitCode(2)
        }
        var timed: TimedLyrics?
        if let lyrics {
            do {
                let text = try String(contentsOfFile: lyrics, encoding: .utf8)
                timed = try LRCParser().lyrics(fromText: text, duration: nil, source: .file)
            } catch {
                Terminal.error("error: \(lyrics): \(error)")
                throw ExitCode(2)
            }
        }
        let started = Date()
        let cpuStart = clock()
        let analysis: TrackAnalysis
        do {
            analysis = try TrackAnalyzer.analyze(path: file, lyrics: timed)
        } catch {
            Terminal.error("error: \(file): cannot analyse: \(error)")
            throw ExitCode(1)
        }
        let wall = Date().timeIntervalSince(started)
        let cpu = Double(clock() - cpuStart) / Double(CLOCKS_PER_SEC)
        if json {
            FileHandle.standardOutput.write(try analysis.jsonData())
            FileHandle.standardOutput.write(Data("\n".utf8))
        } else {
            FileHandle.standardOutput.write(Data((Self.summary(analysis, file: file) + "\n").utf8))
        }
        let speed = analysis.duration > 0 && cpu > 0 ? String(format: ", %.0f× realtime", analysis.duration / cpu) : ""
        Terminal.error(String(format: "analysed %.1f s of audio in %.2f s (%.2f s CPU%@)", analysis.duration, wall, cpu, speed))
    }

    /// A few lines for people.
    static func summary(_ a: TrackAnalysis, file: String) -> String {
        func time(_ t: Double) -> String { String(format: "%d:%05.2f", Int(t) / 60, t.truncatingRemainder(dividingBy: 60)) }
        var lines: [String] = []
        if a.hasBeats {
            lines.append(String(format: "%@: %.2f BPM, %@, %@ (%@, key strength %.2f)", file, a.bpm, a.meter, a.key, a.camelot, a.keyStrength))
            lines.append("  \(a.beats.count) beats, \(a.downbeats.count) bars from \(time(a.downbeats[0])), \(a.phrases.count) phrases of \(a.phraseBars) bars")
        } else {
            lines.append(String(format: "%@: no steady beat found, %@ (%@, key strength %.2f)", file, a.key, a.camelot, a.keyStrength))
        }
        for s in a.sections {
            lines.append(String(format: "  %@–%@  energy %d  %.1f LUFS", time(s.start), time(s.end), s.energy, s.loudness))
        }
        if !a.vocalSpans.isEmpty { lines.append("  vocals in \(a.vocalSpans.count) spans") }
        return lines.joined(separator: "\n")
    }
}

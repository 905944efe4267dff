// `intellimix mix`: trim clips (from a CSV or --clip URL@START-END) and merge them with crossfades.
import ArgumentParser
import Foundation
import Mashup
import Stages

struct MixCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mix", abstract: "Trim clips given by URL (or local file) and merge them with crossfades.")

    @Option(help: ArgumentHelp("A CSV file with the header Url,Start,End.", valueName: "file"))
    var csv: String?

    @Option(name: .customLong("clip"), help: ArgumentHelp("A clip as URL@START-END, such as https://youtu.be/x@1:05-1:35 (repeatable).", valueName: "clip"))
    var clips: [String] = []

    @Option(help: "Seconds of each crossfade.")
    var crossfade: Double = 3

    @Option(help: "mp3, aac, opus, flac or wav.")
    var format: String = "mp3"

    @OptionGroup var request: RequestOptions

    func validate() throws {
        try request.render.check()
        guard (csv == nil) != clips.isEmpty else { throw ValidationError("give --csv FILE or one or more --clip URL@START-END") }
        guard (0...30).contains(crossfade) else { throw ValidationError("--crossfade must be between 0 and 30 seconds") }
        guard ["mp3", "aac", "opus", "flac", "wav"].contains(format) else { throw ValidationError("--format must be mp3, aac, opus, flac or wav") }
    }

    func run() async throws {
        var limits = ClipLimits()
        limits.allowedSchemes = ["http", "https", "file"]
        let requests: [ClipRequest]
        do {
            if let csv {
                guard let data = FileManager.default.contents(atPath: csv), let text = String(data: data, encoding: .utf8) else {
                    Terminal.error("cannot read \(csv) as UTF-8 text")
                    throw ExitCode(2)
                }
                requests = try ClipCSVParser(limits: limits).parse(text)
            } else {
                requests = try clips.map { try ClipRequest.parse(spec: $0, limits: limits) }
            }
        } catch let e as MashupError {
            Terminal.error("\(csv ?? "--clip"): \(e.description)")
            throw ExitCode(2)
        }
        let mixName = request.name ?? RequestManifests.name("mix", from: requests.map(\.url).joined(separator: " "))
        let yaml = try RequestManifests.clipMix(name: mixName, clips: requests, crossfade: crossfade,
                                                output: RequestManifests.Output(format: format))
        try await request.emitOrRender(yaml: yaml, name: mixName)
    }
}

// `intellimix mashup`: an AI mashup from a prompt; songs from the prompt, --songs, or the LLM.
import ArgumentParser
import Foundation
import Mashup
import Pipeline
import Stages

struct MashupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mashup", abstract: "Make an AI mashup from a prompt: find the songs, their lyrics, plan segments, mix.")

    @Option(help: "What to make, for example \"a 2-minute mix of Title - Artist, Title - Artist\".")
    var prompt: String

    @Option(help: ArgumentHelp("Songs as \"Title - Artist; Title - Artist\" (default: from the prompt, else proposed by the LLM).", valueName: "list"))
    var songs: String?

    @Option(help: "Planner: heuristic (offline), gemini or openai.")
    var provider: String = "heuristic"

    @Option(help: "Target length in seconds (default: the length the prompt asks for, such as \"a 3-minute mashup\", else 120).")
    var target: Double?

    @Option(help: "mp3, aac, opus, flac or wav.")
    var format: String = "mp3"

    @OptionGroup var request: RequestOptions

    func validate() throws {
        try request.render.check()
        guard !prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, prompt.count <= 2000 else {
            throw ValidationError("--prompt must be 1 to 2000 characters")
        }
        guard ["heuristic", "gemini", "openai"].contains(provider) else { throw ValidationError("--provider must be heuristic, gemini or openai") }
        if let target, !(10...7200).contains(target) { throw ValidationError("--target must be between 10 and 7200 seconds") }
    }

    func run() async throws {
        let providers = Providers.providers()
        let resolved: [SongRequest]
        do {
            if let songs {
                resolved = SongListParser().parse(songs.replacingOccurrences(of: ";", with: ","))
                guard !resolved.isEmpty else { throw ValidationError("--songs: no \"Title - Artist\" entries found") }
            } else {
                let llm = provider == "heuristic" ? providers.llms["gemini"] ?? providers.llms["openai"] : providers.llms[provider]
                resolved = try await SongResolver(llm: llm).resolve(prompt: prompt)
            }
        } catch let f as StageFailure {
            Terminal.error("error: \(f.code): \(f.message)")
            throw ExitCode(1)
        }
        let mashupName = request.name ?? RequestManifests.name("mashup", from: prompt)
        let yaml = try RequestManifests.mashup(name: mashupName, prompt: prompt, songs: resolved, provider: provider, targetSeconds: target,
                                               output: RequestManifests.Output(format: format))
        try await request.emitOrRender(yaml: yaml, name: mashupName)
    }
}

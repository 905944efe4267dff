// `intellimix explain`: for each stage, cached or would run, and exactly which ingredients changed.
import ArgumentParser
import Foundation
import Pipeline
import Stages

struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain", abstract: "Say, stage by stage, whether a render would use the cache or run, and why.")

    @OptionGroup var options: ManifestOptions

    @Flag(help: "Print JSON.")
    var json = false

    @Option(help: ArgumentHelp("Treat this stage as refreshed (repeatable).", valueName: "stage"))
    var refresh: [String] = []

    func run() async throws {
        let manifest = try options.load()
        let cache = try options.cache.open()
        let runner = PipelineRunner(registry: Providers.registry(), cache: cache, logger: Terminal.logger(verbose: false))
        let plan = await runner.plan(manifest, options: RenderOptions(refresh: Set(refresh)))
        print(json ? try Terminal.json(plan) : PlanPrinter.text(plan))
    }
}

// `intellimix render`: runs a manifest, with live progress, a JSON summary, or a dry-run plan.
import ArgumentParser
import Foundation
import Pipeline
import Stages

struct RenderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render", abstract: "Render a manifest; stages whose inputs did not change come from the cache.")

    @OptionGroup var options: ManifestOptions
    @OptionGroup var render: RenderFlags

    func validate() throws { try render.check() }

    func run() async throws {
        try await render.run(options.load(), manifestPath: options.manifest, cache: options.cache)
    }
}

/// The options every rendering command shares.
struct RenderFlags: ParsableArguments {
    @Option(name: [.short, .long], help: "Where published outputs are written.")
    var out: String = "out"

    @Option(name: [.short, .long], help: "Stages run at once (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Run every branch that does not depend on a failed stage.")
    var keepGoing = false

    @Flag(help: "Print the plan (what would run and why) without running anything.")
    var dryRun = false

    @Flag(help: "Print a machine-readable JSON summary on standard output.")
    var json = false

    @Flag(help: "Refuse any stage that would need the network; prove the render is reproducible from the cache.")
    var offline = false

    @Option(help: ArgumentHelp("Run this stage again even if it is cached (repeatable).", valueName: "stage"))
    var refresh: [String] = []

    @Flag(name: .shortAndLong, help: "Log debug details to standard error.")
    var verbose = false

    func check() throws {
        guard jobs >= 1 && jobs <= 256 else { throw ValidationError("--jobs must be between 1 and 256") }
    }

    /// Renders (or plans) a loaded manifest with live progress; exits 1 when a stage fails.
    func run(_ manifest: Manifest, manifestPath: String, cache cacheOptions: CacheOptions) async throws {
        for r in refresh where manifest.graph[r] == nil && !manifest.graph.stages.contains(where: { $0.declarationId == r }) {
            Terminal.error("--refresh \(r): no such stage in \(manifestPath)")
            throw ExitCode(2)
        }
        let cache = try cacheOptions.open()
        let runner = PipelineRunner(registry: Providers.registry(), cache: cache, logger: Terminal.logger(verbose: verbose))
        let renderOptions = RenderOptions(jobs: jobs, keepGoing: keepGoing, outputDirectory: out, offline: offline, refresh: Set(refresh))
        if dryRun {
            let plan = await runner.plan(manifest, options: renderOptions)
            print(json ? try Terminal.json(plan) : PlanPrinter.text(plan))
            return
        }
        let display = ProgressDisplay(interactive: !json && Terminal.isTTY(STDERR_FILENO), quiet: json)
        let report = await runner.render(manifest, options: renderOptions) { display.handle($0) }
        display.finish(report)
        if json {
            print(try Terminal.json(JSONSummary(report)))
        } else {
            for path in report.outputs { print(path) }
        }
        if !report.succeeded { throw ExitCode(1) }
    }
}

/// The `--json` summary: per stage id, status, seconds, warnings (when any); and the output paths.
struct JSONSummary: Encodable {
    struct Stage: Encodable {
        var id: String
        var kind: String
        var status: String
        var seconds: Double
        var key: String?
        var output: String?
        var error: String?
        var errorCode: String?
        var warnings: [String]?
        var metadata: [String: Value]
    }

    var manifest: String
    var succeeded: Bool
    var seconds: Double
    var stages: [Stage]
    var outputs: [String]

    init(_ r: RenderReport) {
        manifest = r.manifest
        succeeded = r.succeeded
        seconds = r.seconds
        outputs = r.outputs
        stages = r.stages.map {
            Stage(id: $0.id, kind: $0.kind, status: $0.status.rawValue, seconds: $0.seconds, key: $0.key, output: $0.published,
                  error: $0.error, errorCode: $0.errorCode, warnings: $0.warnings, metadata: $0.metadata)
        }
    }
}

/// Text output of a plan.
enum PlanPrinter {
    static func text(_ plan: [StagePlan]) -> String {
        let width = min(40, plan.map(\.id.count).max() ?? 0)
        var lines: [String] = []
        for p in plan {
            let name = p.id.padding(toLength: max(width, p.id.count), withPad: " ", startingAt: 0)
            let kind = p.kind.padding(toLength: 10, withPad: " ", startingAt: 0)
            switch p.decision {
            case .cached: lines.append("\(name)  \(kind)  cached")
            case .run:
                lines.append("\(name)  \(kind)  would run")
                for r in p.reasons { lines.append("    - \(r)") }
            }
        }
        let running = plan.filter { $0.decision == .run }.count
        lines.append("\(plan.count - running) cached, \(running) would run")
        return lines.joined(separator: "\n")
    }
}

// The `intellimix` command: parses arguments and maps failures to exit codes
// (0 success, 1 a stage failed, 2 invalid manifest or arguments).
import ArgumentParser
import Foundation

/// The IntelliMix command-line tool.
struct IntelliMix: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intellimix",
        abstract: "Render music mashups and clip mixes from YAML manifests, with a content-addressed stage cache.",
        version: IntelliMixVersion.string,
        subcommands: [RenderCommand.self, ValidateCommand.self, ExplainCommand.self, GraphCommand.self, CacheCommand.self,
                      MixCommand.self, DownloadCommand.self, MashupCommand.self, AnalyzeCommand.self, SchemaCommand.self,
                      ServeCommand.self, WorkerCommand.self, MigrateCommand.self, QueueBenchCommand.self, FloorBenchCommand.self])
}

/// The tool's version.
enum IntelliMixVersion {
    static let string = "0.1.0"
}

@main
enum Main {
    static func main() async {
        do {
            var command = try IntelliMix.parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            let code = IntelliMix.exitCode(for: error)
            if code == .success {
                IntelliMix.exit(withError: error)
            }
            // Usage errors are exit code 2, like an invalid manifest.
            FileHandle.standardError.write(Data((IntelliMix.fullMessage(for: error) + "\n").utf8))
            Foundation.exit(code == .failure ? 1 : 2)
        }
    }
}

// `intellimix validate`: checks a manifest and reports every problem with file:line:column.
import ArgumentParser
import Pipeline

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "validate", abstract: "Check a manifest; print every error with file:line:column.")

    @OptionGroup var options: ManifestOptions

    func run() async throws {
        let manifest = try options.load()
        let kinds = Dictionary(grouping: manifest.graph.stages, by: \.kind).map { "\($0.value.count) \($0.key)" }.sorted()
        print("\(options.manifest): valid (\(manifest.graph.stages.count) stages: \(kinds.joined(separator: ", ")))")
    }
}

// `intellimix schema`: prints the manifest JSON Schema generated from the stage declarations.
import ArgumentParser
import Pipeline
import Stages

struct SchemaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema", abstract: "Print the manifest JSON Schema (for yaml-language-server and other editors).")

    func run() async throws {
        print(ManifestSchema.json(registry: StageCatalog.standard()), terminator: "")
    }
}

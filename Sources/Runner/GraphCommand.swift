// `intellimix graph`: prints the expanded stage DAG as Graphviz DOT or Mermaid.
import ArgumentParser
import Pipeline

struct GraphCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "graph", abstract: "Print the stage graph as DOT (default) or Mermaid.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case dot, mermaid
    }

    @OptionGroup var options: ManifestOptions

    @Option(help: "dot or mermaid.")
    var format: Format = .dot

    func run() async throws {
        let manifest = try options.load()
        print(format == .dot ? manifest.graph.dot(name: manifest.name) : manifest.graph.mermaid(), terminator: "")
    }
}

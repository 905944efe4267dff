// Reads a manifest, validates everything at once, expands `foreach`, substitutes params, binds
// references and orders the graph. Knows stage kinds only through their StageSpecs.
import Foundation

/// Loads and validates manifests against a stage registry.
public struct ManifestLoader: Sendable {
    /// The known stage kinds.
    public var registry: StageRegistry
    /// `--set key=value` overrides of `params`, as text (parsed like YAML scalars).
    public var overrides: [String: String]
    /// Bounds on expansion and validation work (default `ManifestLimits()`: 2,000 instances, no deadline).
    public var limits: ManifestLimits

    /// Creates a loader.
    public init(registry: StageRegistry, overrides: [String: String] = [:], limits: ManifestLimits = ManifestLimits()) {
        self.registry = registry
        self.overrides = overrides
        self.limits = limits
    }

    /// Loads a manifest file; every problem is reported at once.
    public func load(path: String) throws(ManifestError) -> Manifest {
        let url = URL(fileURLWithPath: path)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ManifestError(issues: [ManifestIssue(location: SourceLocation(file: path, line: 1, column: 1), field: "",
                                                       message: "cannot read the manifest file (missing or unreadable)")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ManifestError(issues: [ManifestIssue(location: SourceLocation(file: path, line: 1, column: 1), field: "",
                                                       message: "the manifest is not UTF-8 text")])
        }
        return try load(yaml: text, file: path, directory: url.deletingLastPathComponent().standardizedFileURL.path)
    }

    /// Loads a manifest from text; `file` names it in errors, `directory` anchors relative paths.
    public func load(yaml: String, file: String, directory: String) throws(ManifestError) -> Manifest {
        // A manifest far past the instance cap is refused from the event stream, before the slower tree is built.
        if NestingScanner.firstTooDeep(yaml) == nil,
           let over = ExpansionPrecheck.firstOverCap(yaml, kinds: Set(registry.kinds), cap: limits.maxStageInstances) {
            throw ManifestError(issues: [ManifestIssue(location: SourceLocation(file: file, line: over.line, column: over.column),
                                                       field: "stages.\(over.stage).foreach",
                                                       message: ManifestBuilder.capMessage(limits.maxStageInstances, total: over.total, stage: over.stage))],
                                code: .tooComplex)
        }
        let root = try ManifestNode.parse(yaml: yaml, file: file)
        let builder = ManifestBuilder(registry: registry, overrides: overrides, file: file, limits: limits)
        let result = builder.build(root)
        if let halt = builder.tooComplex { throw ManifestError(issues: [halt], code: .tooComplex) }
        if !builder.issues.isEmpty { throw ManifestError(issues: builder.issues) }
        guard let result else {
            throw ManifestError(issues: [ManifestIssue(location: root.location, field: "", message: "invalid manifest")])
        }
        return Manifest(path: file, directory: directory, version: result.version, name: result.name,
                        description: result.description, params: result.params, audio: result.audio,
                        graph: result.graph, text: yaml)
    }
}

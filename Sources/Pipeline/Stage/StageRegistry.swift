// The set of stage kinds a runner knows, looked up by kind name.
// Knows only the StageImplementation protocol, never a concrete stage.

/// Stage kinds by name.
public struct StageRegistry: Sendable {
    private var implementations: [String: any StageImplementation] = [:]

    /// Creates a registry from implementations.
    public init(_ stages: [any StageImplementation]) {
        for s in stages { implementations[s.spec.kind] = s }
    }

    /// The implementation of a kind.
    public func implementation(_ kind: String) -> (any StageImplementation)? { implementations[kind] }

    /// The spec of a kind.
    public func spec(_ kind: String) -> StageSpec? { implementations[kind]?.spec }

    /// All kind names, sorted.
    public var kinds: [String] { implementations.keys.sorted() }
}

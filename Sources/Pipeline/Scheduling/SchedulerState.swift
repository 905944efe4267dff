// The scheduling state machine: which stages may start, given what finished or failed.
// A value type with no I/O and no clocks; methods return actions for the runner to carry out.

/// Tracks every stage from waiting to a terminal state and decides what to start next.
public struct SchedulerState: Sendable {
    /// A stage's scheduling state.
    public enum StageState: Sendable, Equatable {
        /// Waiting for this many dependencies.
        case waiting(Int)
        /// All dependencies done; may start.
        case ready
        /// Started.
        case running
        /// Finished (ran or came from the cache).
        case succeeded
        /// Failed.
        case failed
        /// Not run because a dependency failed, or the render stopped.
        case skipped(because: String)

        /// Whether the state is final.
        public var isTerminal: Bool {
            switch self {
            case .succeeded, .failed, .skipped: return true
            default: return false
            }
        }
    }

    /// What the runner should do next.
    public enum Action: Sendable, Equatable {
        /// Start this stage.
        case start(String)
        /// Report this stage as skipped.
        case skip(String, because: String)
        /// Every stage is terminal.
        case finished
    }

    /// Stage ids in topological order.
    public let order: [String]
    /// Current state per stage.
    public private(set) var states: [String: StageState]
    private let dependents: [String: [String]]
    private let maxParallel: Int
    private let keepGoing: Bool
    private var stopping = false
    private var running = 0

    /// Creates the machine for a graph; `maxParallel` bounds running stages, `keepGoing` runs unaffected branches after a failure.
    public init(graph: StageGraph, maxParallel: Int, keepGoing: Bool) {
        order = graph.stages.map(\.id)
        dependents = graph.dependents
        self.maxParallel = max(1, maxParallel)
        self.keepGoing = keepGoing
        var s: [String: StageState] = [:]
        for stage in graph.stages {
            let n = stage.dependencies.count
            s[stage.id] = n == 0 ? .ready : .waiting(n)
        }
        states = s
    }

    /// The first actions: start up to `maxParallel` ready stages.
    public mutating func start() -> [Action] { schedule() }

    /// A stage finished successfully.
    public mutating func succeeded(_ id: String) -> [Action] {
        precondition(states[id] == .running, "\(id) was not running")
        states[id] = .succeeded
        running -= 1
        for d in dependents[id] ?? [] {
            if case .waiting(let n) = states[d] { states[d] = n == 1 ? .ready : .waiting(n - 1) }
        }
        return schedule()
    }

    /// A stage failed: its dependents are skipped; without keep-going nothing new starts.
    public mutating func failed(_ id: String) -> [Action] {
        precondition(states[id] == .running, "\(id) was not running")
        states[id] = .failed
        running -= 1
        var actions: [Action] = []
        var stack = dependents[id] ?? []
        while let d = stack.popLast() {
            guard let s = states[d], !s.isTerminal, s != .running else { continue }
            let reason = "depends on failed stage \(id)"
            states[d] = .skipped(because: reason)
            actions.append(.skip(d, because: reason))
            stack += dependents[d] ?? []
        }
        if !keepGoing { stopping = true }
        return actions.sorted { a, b in index(of: a) < index(of: b) } + schedule()
    }

    private func index(of action: Action) -> Int {
        if case .skip(let id, _) = action { return order.firstIndex(of: id) ?? 0 }
        return 0
    }

    private mutating func schedule() -> [Action] {
        var actions: [Action] = []
        if stopping {
            for id in order {
                switch states[id]! {
                case .ready, .waiting:
                    states[id] = .skipped(because: "render stopped after a failure (use --keep-going to run independent stages)")
                    actions.append(.skip(id, because: "render stopped after a failure"))
                default: break
                }
            }
        } else {
            for id in order where running < maxParallel && states[id] == .ready {
                states[id] = .running
                running += 1
                actions.append(.start(id))
            }
        }
        if running == 0 && states.values.allSatisfy(\.isTerminal) { actions.append(.finished) }
        return actions
    }
}

// The flag a running stage checks between chunks: set when the render's task is cancelled (a job
// cancelled, a worker shutting down). Knows nothing of jobs or of what the stage computes.
import Synchronization

/// A cancellation flag shared by the runner and one running stage, readable from any thread (stages do their chunk loops
/// on `Blocking` threads, outside Swift's task tree, so `Task.isCancelled` cannot reach them).
public final class StageCancellation: Sendable {
    private let flag = Atomic<Bool>(false)

    /// A flag that is not set.
    public init() {}

    /// Whether the stage was asked to stop.
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }

    /// Asks the stage to stop at its next check.
    public func cancel() { flag.store(true, ordering: .relaxed) }

    /// Throws `StageFailure` with code `CANCELLED` when the stage was asked to stop; call it between chunks.
    public func check() throws(StageFailure) {
        if isCancelled { throw StageFailure(code: .cancelled, message: "the stage was cancelled") }
    }
}

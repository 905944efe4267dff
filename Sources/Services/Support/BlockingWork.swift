// BlockingWork: runs a blocking call (getaddrinfo, a pipe read) on its own thread. On Linux, Dispatch's global
// queues and Swift's cooperative pool share a small, CPU-sized set of threads, so blocking them stalls every task.
import Foundation

/// Runs blocking calls off the shared thread pools.
enum BlockingWork {
    /// Starts `body` on a new thread and returns at once.
    static func detach(name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread { body() }
        thread.name = name
        thread.start()
    }

    /// Runs `body` on a new thread and awaits its result.
    static func run<T: Sendable>(name: String, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            detach(name: name) { continuation.resume(with: Result { try body() }) }
        }
    }
}

// TimeLimit: waits for an operation at most a given time, even when the operation cannot be cancelled
// (a blocking getaddrinfo). Knows nothing about what the operation does.
import NIOConcurrencyHelpers

/// Runs work with a time limit.
enum TimeLimit {
    /// The operation's result, or `timeoutError()` after `limit`, or CancellationError when the caller is
    /// cancelled; a late operation is cancelled and its result ignored.
    static func run<T: Sendable>(
        _ limit: Duration,
        timeoutError: @escaping @Sendable () -> any Error,
        operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let race = Race<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                let work = Task {
                    do { race.finish(.success(try await operation())) } catch { race.finish(.failure(error)) }
                }
                let timer = Task {
                    guard (try? await Task.sleep(for: limit)) != nil else { return }
                    race.finish(.failure(timeoutError()))
                }
                race.start(continuation, tasks: [work, timer])
            }
        } onCancel: {
            race.finish(.failure(CancellationError()))
        }
    }

    /// The first result to arrive wins; the others are dropped.
    private final class Race<T: Sendable>: Sendable {
        private struct State {
            var continuation: CheckedContinuation<T, any Error>?
            var pending: Result<T, any Error>?
            var done = false
            var tasks: [Task<Void, Never>] = []
        }

        private let state = NIOLockedValueBox(State())

        func start(_ continuation: CheckedContinuation<T, any Error>, tasks: [Task<Void, Never>]) {
            let ready: Result<T, any Error>? = state.withLockedValue { value in
                value.tasks = tasks
                if let pending = value.pending {
                    value.pending = nil
                    return pending
                }
                value.continuation = continuation
                return nil
            }
            if let ready {
                continuation.resume(with: ready)
                for task in tasks { task.cancel() }
            }
        }

        func finish(_ result: Result<T, any Error>) {
            let action: (CheckedContinuation<T, any Error>?, [Task<Void, Never>])? = state.withLockedValue { value in
                if value.done { return nil }
                value.done = true
                if let continuation = value.continuation {
                    value.continuation = nil
                    return (continuation, value.tasks)
                }
                value.pending = result
                return (nil, value.tasks)
            }
            guard let (continuation, tasks) = action else { return }
            continuation?.resume(with: result)
            for task in tasks { task.cancel() }
        }
    }
}

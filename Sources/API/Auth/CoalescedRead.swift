// Runs a CoalescedReadState over an async read: concurrent callers share reads, and each one gets a value read after
// it asked.
import Synchronization

/// A value read on demand, shared by the callers that ask while a read is pending.
final class CoalescedRead<Value: Sendable>: Sendable {
    private typealias Waiter = UnsafeContinuation<Value, any Error>
    private let state = Mutex(CoalescedReadState<Waiter>())
    private let read: @Sendable () async throws -> Value
    private let count = Atomic<Int>(0)

    /// Creates the reader over `read`.
    init(_ read: @escaping @Sendable () async throws -> Value) { self.read = read }

    /// A value from a read that started after this call began (or the error of that read).
    func value() async throws -> Value {
        try await withUnsafeThrowingContinuation { (waiter: Waiter) in
            if state.withLock({ $0.arrive(waiter) }) { Task { await self.drain() } }
        }
    }

    /// How many reads ran so far.
    var reads: Int { count.load(ordering: .relaxed) }

    private func drain() async {
        while let batch = state.withLock({ $0.nextBatch() }) {
            count.add(1, ordering: .relaxed)
            let result: Result<Value, any Error>
            do { result = .success(try await read()) } catch { result = .failure(error) }
            for waiter in batch { waiter.resume(with: result) }
        }
    }
}

// Runs blocking work (FFmpeg calls, file hashing) on its own thread, off the cooperative pool,
// so two long decodes never starve progress reporting. Knows nothing of what the work is.
import Foundation

/// Bridges blocking work into async code.
public enum Blocking {
    /// Runs `body` on a dedicated thread and resumes with its result.
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}

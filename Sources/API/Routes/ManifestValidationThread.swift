// Runs a manifest's validation on a thread of its own, off the event loops and the cooperative pool,
// so a costly manifest cannot stall other requests. Knows nothing of HTTP; the deadline is the loader's.
import Foundation
import Pipeline

/// Loads manifests on dedicated threads.
enum ManifestValidationThread {
    /// Stack size of the validation thread: deep enough for any nesting the loader admits.
    static let stackSize = 16 << 20

    /// Runs `loader` on a new thread and returns its result; the loader's `limits.deadline` bounds the work.
    static func load(_ loader: ManifestLoader, yaml: String, file: String, directory: String) async -> Result<Manifest, ManifestError> {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                let result: Result<Manifest, ManifestError>
                do throws(ManifestError) {
                    result = .success(try loader.load(yaml: yaml, file: file, directory: directory))
                } catch {
                    result = .failure(error)
                }
                continuation.resume(returning: result)
            }
            thread.name = "manifest-validation"
            thread.stackSize = stackSize
            thread.start()
        }
    }
}

// RecordingSleeper: an injected Sleeper that records each back-off pause and returns at once.
// Test support only.
import NIOConcurrencyHelpers
@testable import Services

/// A Sleeper that records each requested pause and returns at once.
final class RecordingSleeper: Sendable {
    private let pauses = NIOLockedValueBox<[Duration]>([])

    /// The pauses asked for, in order.
    var recorded: [Duration] { pauses.withLockedValue { $0 } }

    /// The sleeper to inject.
    var sleeper: Sleeper {
        Sleeper { [pauses] duration in pauses.withLockedValue { $0.append(duration) } }
    }
}

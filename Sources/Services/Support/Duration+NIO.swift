// Conversions between Swift's Duration and NIO's TimeAmount, and seconds as Double.
// Pure arithmetic.
import NIOCore

extension Duration {
    /// The duration as NIO's `TimeAmount` (nanosecond precision).
    var timeAmount: TimeAmount {
        let parts = components
        return .nanoseconds(parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000)
    }

    /// The duration in seconds.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// A duration from seconds (negative and non-finite values become zero).
    static func seconds(double value: Double) -> Duration {
        guard value.isFinite, value > 0 else { return .zero }
        return .nanoseconds(Int64(min(value, 1e9) * 1e9))
    }
}

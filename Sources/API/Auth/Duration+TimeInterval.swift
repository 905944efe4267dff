// Duration as Foundation seconds, for token lifetimes, rate-limit windows and URL lifetimes. Pure arithmetic.
import Foundation

extension Duration {
    /// The duration in seconds, as a `TimeInterval`.
    var timeInterval: TimeInterval {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

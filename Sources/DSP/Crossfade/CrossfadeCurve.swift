// CrossfadeCurve: the gain shapes used where two inputs overlap in a join.
// Knows nothing about files or streaming; it maps a position in a transition to two gains.

import Foundation

/// Shape of the gains where two inputs overlap.
public enum CrossfadeCurve: String, Codable, Sendable, CaseIterable {
    /// Quarter-period sine/cosine gains (constant power for uncorrelated inputs), as ffmpeg `acrossfade c1=qsin:c2=qsin`.
    case equalPower = "equal-power"
    /// Straight-line gains (constant amplitude for correlated inputs), as ffmpeg `acrossfade c1=tri:c2=tri`.
    case linear
    /// A butt splice at the middle of the overlap, de-clicked with ~5 ms raised-cosine ramps on both sides.
    case none

    /// Milliseconds of the de-click ramps on each side of a `none` splice.
    public static let declickMilliseconds: Double = 5

    /// Gains (outgoing, incoming) at frame `index` of a transition of `length` frames.
    ///
    /// Matches ffmpeg's `acrossfade`: the incoming gain uses `index/length`, the outgoing gain
    /// `(length-1-index)/length`. For `.none` the gains switch from A to B at `length/2`.
    public func gains(at index: Int, length: Int) -> (outgoing: Float, incoming: Float) {
        let t = Double(index) / Double(length)
        let u = Double(length - 1 - index) / Double(length)
        switch self {
        case .equalPower:
            return (Float(sin(u * Double.pi / 2)), Float(sin(t * Double.pi / 2)))
        case .linear:
            return (Float(u), Float(t))
        case .none:
            return index < length / 2 ? (1, 0) : (0, 1)
        }
    }
}

// A point of the piecewise-linear time map that a stretch follows, from input frames to output frames.
// Pure data: it knows nothing of Rubber Band or of how the audio is processed.

/// A point of a stretch map: input frame `source` lands at output frame `target`.
public struct StretchAnchor: Sendable, Hashable {
    /// The frame of the input, counted from 0.
    public var source: Int
    /// The frame of the output where `source` lands, counted from 0.
    public var target: Int

    /// Creates an anchor that maps input frame `source` to output frame `target`.
    public init(source: Int, target: Int) {
        self.source = source
        self.target = target
    }
}

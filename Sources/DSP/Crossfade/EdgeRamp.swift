// EdgeRamp: raised-cosine fade-in at the start and fade-out at the end of a stream of known length.
// Knows nothing about files; it only tracks its position in the stream it is fed, chunk by chunk.

import Foundation

/// Applies a raised-cosine fade-in over the first frames and a fade-out over the last frames of a stream.
///
/// Give it the stream's total frame count up front, then feed every chunk in order; chunks of any
/// size work. Where the two ramps overlap (a very short stream) their gains multiply.
public struct EdgeRamp: Sendable {
    /// Total frames in the stream.
    public let totalFrames: Int
    /// Frames of fade-in at the start (clamped to totalFrames).
    public let fadeInFrames: Int
    /// Frames of fade-out at the end (clamped to totalFrames).
    public let fadeOutFrames: Int
    /// Interleaved channels per frame.
    public let channels: Int
    /// Frames processed so far.
    public private(set) var position: Int = 0

    /// Creates a ramp for a stream of `totalFrames` frames with the given fade lengths.
    public init(totalFrames: Int, fadeInFrames: Int, fadeOutFrames: Int, channels: Int) {
        self.totalFrames = max(0, totalFrames)
        self.fadeInFrames = max(0, min(fadeInFrames, self.totalFrames))
        self.fadeOutFrames = max(0, min(fadeOutFrames, self.totalFrames))
        self.channels = max(1, channels)
    }

    /// Creates a ramp whose fades last `milliseconds` (default 5 ms) at the format's sample rate.
    public init(totalFrames: Int, format: PCMFormat, milliseconds: Double = 5) {
        let frames = EdgeRamp.frames(milliseconds: milliseconds, sampleRate: format.sampleRate)
        self.init(totalFrames: totalFrames, fadeInFrames: frames, fadeOutFrames: frames, channels: format.channels)
    }

    /// Frames in `milliseconds` at `sampleRate`, rounded.
    public static func frames(milliseconds: Double, sampleRate: Int) -> Int {
        max(0, Int((milliseconds * Double(sampleRate) / 1000).rounded()))
    }

    /// Gain of a rising raised-cosine ramp of `length` frames at frame `index` (0 at index 0, 1 from index `length` on).
    public static func riseGain(_ index: Int, length: Int) -> Float {
        if index >= length { return 1 }
        if index <= 0 { return 0 }
        return Float(0.5 - 0.5 * cos(Double.pi * Double(index) / Double(length)))
    }

    /// Applies the ramps to the next interleaved chunk of the stream, in place.
    public mutating func apply(_ samples: UnsafeMutableBufferPointer<Float>) {
        let frames = samples.count / channels
        let start = position
        position += frames
        let fadeOutStart = totalFrames - fadeOutFrames
        // Only frames inside one of the ramps change.
        if start < fadeInFrames || start + frames > fadeOutStart {
            for f in 0..<frames {
                let n = start + f
                var gain: Float = 1
                if n < fadeInFrames { gain *= EdgeRamp.riseGain(n, length: fadeInFrames) }
                if n >= fadeOutStart { gain *= EdgeRamp.riseGain(totalFrames - 1 - n, length: fadeOutFrames) }
                if gain == 1 { continue }
                for c in 0..<channels { samples[f * channels + c] *= gain }
            }
        }
    }

    /// Applies the ramps to the next interleaved chunk of the stream, in place.
    public mutating func apply(_ samples: inout [Float]) {
        samples.withUnsafeMutableBufferPointer { apply($0) }
    }
}

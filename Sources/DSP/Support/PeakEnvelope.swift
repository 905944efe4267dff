// PeakEnvelope: the largest absolute sample of each block of frames, gathered while audio streams through, and
// resampled to any number of points for drawing a waveform. Pure arithmetic; knows nothing of files.

/// Per-block peaks of streamed interleaved audio.
public struct PeakEnvelope: Sendable, Equatable {
    /// Frames per block.
    public let blockFrames: Int
    /// One peak (0...1 for full-scale audio) per complete or final partial block.
    public private(set) var peaks: [Float] = []
    private var current: Float = 0
    private var framesInBlock = 0

    /// An envelope with `blockFrames` frames per peak (at least 1).
    public init(blockFrames: Int) { self.blockFrames = max(1, blockFrames) }

    /// Adds interleaved frames of `channels` channels.
    public mutating func add(_ samples: [Float], channels: Int) {
        let channels = max(1, channels)
        var i = 0
        while i + channels <= samples.count {
            for c in 0..<channels { current = max(current, abs(samples[i + c])) }
            i += channels
            framesInBlock += 1
            if framesInBlock == blockFrames { flush() }
        }
    }

    /// Closes the final partial block.
    public mutating func finish() { if framesInBlock > 0 { flush() } }

    private mutating func flush() {
        peaks.append(min(current, 1))
        current = 0
        framesInBlock = 0
    }

    /// `points` values, each the largest peak of its share of `peaks` (every block counted once); empty for no peaks.
    public static func resample(_ peaks: [Float], points: Int) -> [Float] {
        guard !peaks.isEmpty, points > 0 else { return [] }
        return (0..<points).map { p in
            let lo = p * peaks.count / points
            let hi = max(lo + 1, (p + 1) * peaks.count / points)
            return peaks[min(lo, peaks.count - 1)..<min(hi, peaks.count)].max() ?? 0
        }
    }
}

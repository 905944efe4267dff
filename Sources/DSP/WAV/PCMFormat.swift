// PCMFormat: the sample rate and channel count of interleaved PCM audio.
// Knows nothing about files, sample encodings or channel layouts beyond the count.

/// Sample rate and channel count of interleaved PCM audio.
public struct PCMFormat: Equatable, Hashable, Codable, Sendable, CustomStringConvertible {
    /// Frames per second, for example 48000.
    public var sampleRate: Int
    /// Interleaved channels per frame, for example 2.
    public var channels: Int

    /// Creates a format; both values must be positive to be useful for I/O.
    public init(sampleRate: Int, channels: Int) {
        self.sampleRate = sampleRate
        self.channels = channels
    }

    /// Number of frames closest to `seconds` at this sample rate.
    public func frames(forSeconds seconds: Double) -> Int {
        Int((seconds * Double(sampleRate)).rounded())
    }

    /// Human-readable form, for example "48000 Hz, 2 ch".
    public var description: String { "\(sampleRate) Hz, \(channels) ch" }
}

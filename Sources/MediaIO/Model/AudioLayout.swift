// The working PCM format that flows between stages: sample rate and channel count of float interleaved audio.
// Pure data; knows nothing about files, codecs or FFmpeg.

/// Sample rate and channel count of 32-bit float interleaved PCM.
public struct AudioLayout: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Frames per second (default 44100).
    public var sampleRate: Int
    /// Interleaved channels per frame (default 2).
    public var channels: Int

    /// Creates a layout; defaults are 44100 Hz stereo.
    public init(sampleRate: Int = 44_100, channels: Int = 2) {
        self.sampleRate = sampleRate
        self.channels = channels
    }

    /// IntelliMix's default working format: 44100 Hz, 2 channels.
    public static let working = AudioLayout()

    /// For example "44100 Hz, 2 ch".
    public var description: String { "\(sampleRate) Hz, \(channels) ch" }

    /// Whether the values are usable (rate 1 Hz to 768 kHz, 1 to 64 channels).
    var isValid: Bool { (1...768_000).contains(sampleRate) && (1...64).contains(channels) }
}

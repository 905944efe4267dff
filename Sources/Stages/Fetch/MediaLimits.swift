// MediaLimits: what one fetched media file may be (length, sample rate, channels), checked from its probed header
// right after the download and before anything decodes it. The API's workers set them from MAX_JOB_INPUT_SECONDS,
// MAX_SAMPLE_RATE and MAX_CHANNELS; the CLI sets none.
import Foundation
import MediaIO
import Pipeline

/// Limits on one fetched media file; nil fields are unlimited.
public struct MediaLimits: Sendable, Equatable {
    /// The longest file, in seconds.
    public var maxSeconds: Double?
    /// The highest sample rate, in Hz.
    public var maxSampleRate: Int?
    /// The most channels.
    public var maxChannels: Int?

    /// Creates limits.
    public init(maxSeconds: Double? = nil, maxSampleRate: Int? = nil, maxChannels: Int? = nil) {
        self.maxSeconds = maxSeconds
        self.maxSampleRate = maxSampleRate
        self.maxChannels = maxChannels
    }

    /// The first limit `info` passes, worded with the limit and its setting about `subject` ("source s1", "stage s1:
    /// the download"); nil when it fits.
    public func problem(_ info: AudioFileInfo, subject: String) -> String? {
        if let max = maxSampleRate, info.sampleRate > max {
            return "\(subject) is \(info.sampleRate) Hz, over the limit of \(max) Hz (MAX_SAMPLE_RATE)"
        }
        if let max = maxChannels, info.channels > max {
            return "\(subject) has \(info.channels) channels, over the limit of \(max) (MAX_CHANNELS)"
        }
        if let max = maxSeconds, let d = info.durationSeconds, d > max {
            return "\(subject) lasts \(TimeValue.format(d)), over the limit of \(TimeValue.format(max)) (MAX_JOB_INPUT_SECONDS)"
        }
        return nil
    }
}

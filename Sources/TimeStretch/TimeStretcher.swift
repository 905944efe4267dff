// Offline time-stretching and pitch-shifting of whole clips to an exact output length: arguments and layout.
// It knows nothing of files, tempo or beats; callers bring samples and the time map they want.

import Foundation

/// Stretches and pitch-shifts whole clips with Rubber Band's R3 engine, offline, to an exact length.
///
/// A value holds only the format; each call creates, uses and frees its own Rubber Band state,
/// so one stretcher may be shared across tasks and called concurrently. A call blocks its thread
/// (8 s of stereo took about 0.5 s here); run long clips off the cooperative thread pool.
public struct TimeStretcher: Sendable {
    /// Frames per second of the audio this stretcher takes.
    public let sampleRate: Int
    /// Channels of the audio this stretcher takes.
    public let channels: Int

    /// Creates a stretcher for audio of `sampleRate` frames per second and `channels` channels; both are checked by `process`.
    public init(sampleRate: Int, channels: Int) {
        self.sampleRate = sampleRate
        self.channels = channels
    }

    /// The greatest pitch shift accepted, in semitones either way.
    public static let maxSemitones = 36.0

    /// Stretches planar audio (one [Float] per channel, equal lengths) so that it lasts exactly `outputFrames`,
    /// with the piecewise-linear time map through `anchors` (sorted, strictly increasing in both source and target;
    /// implicit (0,0) and (inputFrames, outputFrames)), and shifts pitch by `semitones` (0 = none).
    ///
    /// When the map is the identity (`outputFrames` equals the input length, every anchor has
    /// `source == target`) and `semitones` is 0, the input is returned unchanged without calling Rubber Band.
    public func process(
        _ planar: [[Float]], outputFrames: Int, anchors: [StretchAnchor] = [], semitones: Double = 0
    ) throws -> [[Float]] {
        let inputFrames = try validate(planar, outputFrames: outputFrames, anchors: anchors, semitones: semitones)
        if outputFrames == inputFrames, semitones == 0, anchors.allSatisfy({ $0.source == $0.target }) {
            return planar
        }
        return try OfflineRubberBand.render(
            planar, sampleRate: sampleRate, outputFrames: outputFrames,
            anchors: anchors, pitchScale: Self.pitchScale(semitones: semitones)
        )
    }

    /// Interleaved convenience: the same as the planar `process`, with frames of `channels` samples each.
    public func process(
        interleaved: [Float], outputFrames: Int, anchors: [StretchAnchor] = [], semitones: Double = 0
    ) throws -> [Float] {
        guard channels >= 1 else {
            throw TimeStretchError(.invalidFormat, "channels must be at least 1, got \(channels)")
        }
        guard interleaved.count % channels == 0 else {
            throw TimeStretchError(
                .channelMismatch,
                "\(interleaved.count) interleaved samples are not a whole number of \(channels)-channel frames")
        }
        let frames = interleaved.count / channels
        var planar = [[Float]](repeating: [Float](repeating: 0, count: frames), count: channels)
        for c in 0..<channels {
            planar[c].withUnsafeMutableBufferPointer { out in
                interleaved.withUnsafeBufferPointer { src in
                    for i in 0..<frames { out[i] = src[i * channels + c] }
                }
            }
        }
        let stretched = try process(planar, outputFrames: outputFrames, anchors: anchors, semitones: semitones)
        var result = [Float](repeating: 0, count: outputFrames * channels)
        result.withUnsafeMutableBufferPointer { out in
            for c in 0..<channels {
                stretched[c].withUnsafeBufferPointer { src in
                    for i in 0..<outputFrames { out[i * channels + c] = src[i] }
                }
            }
        }
        return result
    }

    /// Where input position `inputFrame` lands in the output under the time map of `process` (linear between anchors).
    public static func outputPosition(
        ofInput inputFrame: Double, inputFrames: Int, outputFrames: Int, anchors: [StretchAnchor] = []
    ) -> Double {
        var previous = (source: 0.0, target: 0.0)
        let points = anchors.map { (source: Double($0.source), target: Double($0.target)) }
            + [(source: Double(inputFrames), target: Double(outputFrames))]
        for point in points {
            if inputFrame <= point.source || point.source == Double(inputFrames) {
                let slope = (point.target - previous.target) / (point.source - previous.source)
                return previous.target + (inputFrame - previous.source) * slope
            }
            previous = point
        }
        return Double(outputFrames)
    }

    /// The frequency factor for a shift of `semitones`: 2^(semitones/12).
    static func pitchScale(semitones: Double) -> Double {
        semitones == 0 ? 1 : pow(2, semitones / 12)
    }

    /// Checks every argument and returns the input length in frames.
    private func validate(
        _ planar: [[Float]], outputFrames: Int, anchors: [StretchAnchor], semitones: Double
    ) throws -> Int {
        let maxFrames = Int(UInt32.max)
        guard sampleRate >= 1, sampleRate <= 1_536_000 else {
            throw TimeStretchError(.invalidFormat, "sample rate must be 1...1536000 Hz, got \(sampleRate)")
        }
        guard channels >= 1 else {
            throw TimeStretchError(.invalidFormat, "channels must be at least 1, got \(channels)")
        }
        guard planar.count == channels else {
            throw TimeStretchError(.channelMismatch, "expected \(channels) channels, got \(planar.count)")
        }
        let inputFrames = planar[0].count
        for (c, channel) in planar.enumerated() where channel.count != inputFrames {
            throw TimeStretchError(
                .channelMismatch, "channel \(c) has \(channel.count) frames but channel 0 has \(inputFrames)")
        }
        guard inputFrames > 0 else {
            throw TimeStretchError(.emptyInput, "the input has no frames")
        }
        guard inputFrames <= maxFrames else {
            throw TimeStretchError(.inputTooLong, "the input has \(inputFrames) frames; at most \(maxFrames) are accepted")
        }
        guard outputFrames > 0, outputFrames <= maxFrames else {
            throw TimeStretchError(.invalidOutputLength, "outputFrames must be 1...\(maxFrames), got \(outputFrames)")
        }
        var previous = StretchAnchor(source: 0, target: 0)
        for (i, anchor) in anchors.enumerated() {
            guard anchor.source > previous.source, anchor.target > previous.target else {
                throw TimeStretchError(
                    .invalidAnchors,
                    "anchor \(i) (\(anchor.source) -> \(anchor.target)) does not come strictly after "
                        + (i == 0 ? "(0 -> 0)" : "anchor \(i - 1) (\(previous.source) -> \(previous.target))"))
            }
            guard anchor.source < inputFrames, anchor.target < outputFrames else {
                throw TimeStretchError(
                    .invalidAnchors,
                    "anchor \(i) (\(anchor.source) -> \(anchor.target)) must lie strictly inside "
                        + "the input (\(inputFrames) frames) and the output (\(outputFrames) frames)")
            }
            previous = anchor
        }
        let segments = anchors + [StretchAnchor(source: inputFrames, target: outputFrames)]
        previous = StretchAnchor(source: 0, target: 0)
        for anchor in segments {
            let ratio = Double(anchor.target - previous.target) / Double(anchor.source - previous.source)
            guard ratio >= OfflineRubberBand.ratioRange.lowerBound, ratio <= OfflineRubberBand.ratioRange.upperBound else {
                throw TimeStretchError(
                    anchors.isEmpty ? .invalidOutputLength : .invalidAnchors,
                    "the time ratio from input frame \(previous.source) to \(anchor.source) is \(ratio); "
                        + "it must lie in \(OfflineRubberBand.ratioRange)")
            }
            previous = anchor
        }
        guard semitones.isFinite, abs(semitones) <= Self.maxSemitones else {
            throw TimeStretchError(.invalidPitch, "semitones must be finite and within ±\(Self.maxSemitones), got \(semitones)")
        }
        return inputFrames
    }
}

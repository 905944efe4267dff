// LoudnessReport: what a loudness normalization measured and did, for caches, logs and manifests.
// Knows nothing about how the numbers were obtained.

/// Measurements and settings of one `LoudnessNormalizer.normalize` run; dB values are nil for digital silence.
public struct LoudnessReport: Codable, Sendable, Equatable {
    /// Requested integrated loudness, LUFS.
    public var targetLUFS: Double
    /// Requested true-peak ceiling, dBTP.
    public var truePeakCeilingDBTP: Double
    /// Integrated loudness of the input, LUFS (nil if nothing passes the gates).
    public var inputIntegratedLUFS: Double?
    /// True peak of the input, dBTP (nil for silence).
    public var inputTruePeakDBTP: Double?
    /// Gain applied before limiting, dB (0 for silent input).
    public var gainDB: Double
    /// Integrated loudness of the output, LUFS (nil if nothing passes the gates).
    public var outputIntegratedLUFS: Double?
    /// True peak of the output, dBTP (nil for silence).
    public var outputTruePeakDBTP: Double?
    /// Frames the limiter turned down.
    public var limitedFrames: Int
    /// Deepest limiter gain reduction, dB (0 when nothing was limited).
    public var maxGainReductionDB: Double
    /// Frames in the input and output.
    public var frames: Int
    /// Gain-and-limit passes run (more than 1 when limiting cost loudness and the gain was corrected).
    public var passes: Int

    /// Creates a report.
    public init(targetLUFS: Double, truePeakCeilingDBTP: Double, inputIntegratedLUFS: Double?, inputTruePeakDBTP: Double?,
                gainDB: Double, outputIntegratedLUFS: Double?, outputTruePeakDBTP: Double?, limitedFrames: Int,
                maxGainReductionDB: Double, frames: Int, passes: Int) {
        self.targetLUFS = targetLUFS
        self.truePeakCeilingDBTP = truePeakCeilingDBTP
        self.inputIntegratedLUFS = inputIntegratedLUFS
        self.inputTruePeakDBTP = inputTruePeakDBTP
        self.gainDB = gainDB
        self.outputIntegratedLUFS = outputIntegratedLUFS
        self.outputTruePeakDBTP = outputTruePeakDBTP
        self.limitedFrames = limitedFrames
        self.maxGainReductionDB = maxGainReductionDB
        self.frames = frames
        self.passes = passes
    }
}

// LoudnessMeter: streaming ITU-R BS.1770-4 / EBU R128 integrated loudness, sample peak and true peak.
// Knows nothing about files or gain; it only sees interleaved Float chunks, in order.

import Foundation

/// Measures integrated loudness (LUFS), sample peak and true peak of a stream fed in chunks.
///
/// K-weighted mean squares are kept per 100 ms step (one Double each, 36 000 per hour);
/// 400 ms gating blocks with 75 % overlap are formed from four consecutive steps, then the
/// absolute (-70 LUFS) and relative (-10 LU) gates are applied. Channel weights are 1.0, except
/// in a 6-channel (5.1) stream: 0 for the LFE (index 3) and 1.41 for the surrounds (4 and 5).
public struct LoudnessMeter: Sendable {
    /// Format of the stream being measured.
    public let format: PCMFormat
    /// Whether true peak is measured (4x oversampling costs most of the meter's time); default true.
    public let measuresTruePeak: Bool
    /// Frames processed so far.
    public private(set) var framesProcessed: Int = 0

    private var filter: KWeightingFilter
    private let weights: [Double]
    private var channelSums: [Double]
    private var framesInStep = 0
    private var stepIndex = 0
    /// Channel-weighted sum of squared K-weighted samples per completed 100 ms step.
    private var stepEnergies: [Double] = []
    private var interpolators: [TruePeakInterpolator]
    private var peak: Float = 0
    private var interPeak: Float = 0

    /// Absolute gate, LUFS.
    public static let absoluteGateLUFS = -70.0
    /// Relative gate below the absolute-gated loudness, LU.
    public static let relativeGateLU = -10.0

    /// Creates a meter for `format`.
    public init(format: PCMFormat, measuresTruePeak: Bool = true) {
        self.format = format
        self.measuresTruePeak = measuresTruePeak
        let ch = max(1, format.channels)
        filter = KWeightingFilter(sampleRate: format.sampleRate, channels: ch)
        weights = LoudnessMeter.channelWeights(channels: ch)
        channelSums = [Double](repeating: 0, count: ch)
        interpolators = measuresTruePeak ? Array(repeating: TruePeakInterpolator(), count: ch) : []
    }

    /// BS.1770 channel weights for a stream with `channels` channels (5.1 assumed for 6).
    public static func channelWeights(channels: Int) -> [Double] {
        var w = [Double](repeating: 1, count: channels)
        if channels == 6 { w[3] = 0; w[4] = 1.41; w[5] = 1.41 }
        return w
    }

    /// Measures a whole WAV file, streaming it in chunks; `progress` is called between chunks, and an error it throws (a
    /// cancelled render) stops the measurement there.
    public static func measure(path: String, measuresTruePeak: Bool = true,
                               progress: @Sendable (Double) throws -> Void = { _ in }) throws -> LoudnessMeter {
        let reader = try WAVReader(path: path)
        var meter = LoudnessMeter(format: reader.format, measuresTruePeak: measuresTruePeak)
        var buffer = [Float](repeating: 0, count: Streaming.chunkFrames * reader.format.channels)
        while true {
            let n = try buffer.withUnsafeMutableBufferPointer { try reader.read(into: $0, maxFrames: Streaming.chunkFrames) }
            if n == 0 { break }
            buffer.withUnsafeBufferPointer { meter.process(UnsafeBufferPointer(rebasing: $0[0..<(n * reader.format.channels)])) }
            if reader.frameCount > 0 { try progress(Double(reader.position) / Double(reader.frameCount)) }
        }
        try progress(1)
        return meter
    }

    /// Feeds the next interleaved chunk (a whole number of frames).
    public mutating func process(_ interleaved: UnsafeBufferPointer<Float>) {
        let ch = filter.channels
        let frames = interleaved.count / ch
        guard frames > 0, let base = interleaved.baseAddress else { return }

        peak = LoudnessMeter.largestMagnitude(base, count: frames * ch, above: peak)

        if measuresTruePeak {
            for c in 0..<ch {
                interpolators[c].load(base + c, stride: ch, frames: frames)
                interPeak = interpolators[c].maxPeak(above: interPeak)
                interpolators[c].commit()
            }
        }

        var done = 0
        var sums = channelSums
        while done < frames {
            let stepLength = stepEnd(stepIndex) - stepEnd(stepIndex - 1)
            let n = min(frames - done, stepLength - framesInStep)
            sums.withUnsafeMutableBufferPointer { filter.accumulateSquares(base + done * ch, frames: n, into: $0.baseAddress!) }
            framesInStep += n
            done += n
            if framesInStep == stepLength {
                var e = 0.0
                for c in 0..<ch { e += weights[c] * sums[c]; sums[c] = 0 }
                stepEnergies.append(e)
                stepIndex += 1
                framesInStep = 0
            }
        }
        channelSums = sums
        framesProcessed += frames
    }

    /// max(`floor`, largest |p[i]|) for i in 0..<count; NaNs are ignored, as `max(peak, abs(x))` ignores them.
    static func largestMagnitude(_ p: UnsafePointer<Float>, count: Int, above floor: Float) -> Float {
        var m = SIMD8<Float>(repeating: 0)
        let signMask = SIMD8<UInt32>(repeating: 0x7FFF_FFFF)
        var i = 0
        while i + 8 <= count {
            let v = unsafeBitCast(UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<UInt32>.self) & signMask, to: SIMD8<Float>.self)
            m = m.replacing(with: v, where: v .> m)
            i += 8
        }
        var best = floor
        for k in 0..<8 { best = max(best, m[k]) }
        while i < count { best = max(best, abs(p[i])); i += 1 }
        return best
    }

    /// Feeds the next interleaved chunk from an array.
    public mutating func process(_ interleaved: [Float]) {
        interleaved.withUnsafeBufferPointer { process($0) }
    }

    /// Frame index (exclusive) where 100 ms step `k` ends; steps tile the stream without drift.
    private func stepEnd(_ k: Int) -> Int {
        ((k + 1) * format.sampleRate + 5) / 10
    }

    /// Integrated (gated) loudness in LUFS; nil when no 400 ms block passes the absolute gate (silence, or under 400 ms).
    public var integratedLoudness: Double? {
        let count = stepEnergies.count - 3
        guard count > 0 else { return nil }
        var blocks = [Double](repeating: 0, count: count)
        for j in 0..<count {
            let e = stepEnergies[j] + stepEnergies[j + 1] + stepEnergies[j + 2] + stepEnergies[j + 3]
            blocks[j] = e / Double(stepEnd(j + 3) - stepEnd(j - 1))
        }
        let absoluteGate = LoudnessMeter.energy(lufs: LoudnessMeter.absoluteGateLUFS)
        let aboveAbsolute = blocks.filter { $0 > absoluteGate }
        guard !aboveAbsolute.isEmpty else { return nil }
        let relativeGate = aboveAbsolute.reduce(0, +) / Double(aboveAbsolute.count) * pow(10, LoudnessMeter.relativeGateLU / 10)
        let gated = aboveAbsolute.filter { $0 > relativeGate }
        guard !gated.isEmpty else { return nil }
        return LoudnessMeter.lufs(energy: gated.reduce(0, +) / Double(gated.count))
    }

    /// Largest absolute sample value seen (linear, 1.0 = full scale).
    public var samplePeak: Double { Double(peak) }

    /// Sample peak in dBFS; -infinity for digital silence.
    public var samplePeakDBFS: Double { LoudnessMeter.decibels(samplePeak) }

    /// Largest 4x-oversampled absolute value (linear), including the stream's tail; equals `samplePeak` if true peak is off.
    public var truePeak: Double {
        guard measuresTruePeak else { return samplePeak }
        var best = interPeak
        for var tail in interpolators {
            // The last `latency` intervals are still in the filter: push silence to read them.
            let zeros = [Float](repeating: 0, count: tail.latency)
            zeros.withUnsafeBufferPointer { tail.load($0.baseAddress!, stride: 1, frames: $0.count) }
            best = tail.maxPeak(above: best)
        }
        return Double(max(best, peak))
    }

    /// True peak in dBTP; -infinity for digital silence.
    public var truePeakDBTP: Double { LoudnessMeter.decibels(truePeak) }

    /// 20·log10 of a linear amplitude (-infinity for 0).
    public static func decibels(_ amplitude: Double) -> Double {
        amplitude > 0 ? 20 * log10(amplitude) : -Double.infinity
    }

    static func lufs(energy: Double) -> Double { -0.691 + 10 * log10(energy) }
    static func energy(lufs: Double) -> Double { pow(10, (lufs + 0.691) / 10) }
}

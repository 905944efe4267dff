// TruePeakLimiter: a streaming look-ahead limiter that keeps the 4x-oversampled peak under a ceiling.
// Knows nothing about loudness targets or files; it delays the stream by a fixed number of frames.

import Foundation

/// Linked (all channels share one gain) true-peak look-ahead limiter with a delay line.
///
/// Per frame, the required gain is `ceiling / truePeak` (capped at 1), where the true peak is the
/// 4x-oversampled, parabola-refined peak of the intervals on both sides of the frame (see
/// `TruePeakInterpolator.accumulateRefinedPeaks`). A sliding minimum over `lookahead` frames, a
/// smooth release, then a `lookahead`-frame moving average give the applied gain. The average of a
/// window whose every value is at most the required gain at the peak is itself at most that gain,
/// so every peak ends up at or under the ceiling while the gain never steps.
struct TruePeakLimiter {
    let channels: Int
    /// Linear ceiling for the oversampled peak.
    let ceiling: Float
    /// Look-ahead (and smoothing) length in frames.
    let lookahead: Int
    /// Frames between a frame going in and coming out.
    var latency: Int { detectorLatency + lookahead - 1 }
    /// Frames between a sample and its interval peak.
    private let detectorLatency: Int
    /// Frames whose applied gain was below 1 (by more than 0.001 dB).
    private(set) var limitedFrames = 0
    /// Lowest gain applied so far (linear).
    private(set) var minimumGain: Float = 1

    private let releaseCoefficient: Double
    private var interpolators: [TruePeakInterpolator]
    private var peaks: [Float] = []
    /// Frames received but not yet emitted, interleaved.
    private var pending: [Float] = []
    private var framesIn = 0       // real frames received
    private var peaksSeen = 0      // interval peaks produced (including `detectorLatency` pre-roll ones)
    private var framesOut = 0      // frames emitted
    private var previousPeak: Float = 0
    // Sliding minimum over the last `lookahead` required gains (monotonic queue).
    private var minIndex: [Int] = []
    private var minValue: [Float] = []
    private var minHead = 0
    private var release: Double = 1
    // Moving average over the last `lookahead` released gains.
    private var averageRing: [Double]
    private var averageSum: Double
    private var averagePos = 0
    private var gainsProduced = 0

    /// Creates a limiter; `lookaheadSeconds` sets attack and smoothing, `releaseSeconds` the recovery time constant.
    init(format: PCMFormat, ceiling: Float, lookaheadSeconds: Double = 0.003, releaseSeconds: Double = 0.1) {
        channels = format.channels
        self.ceiling = ceiling
        lookahead = max(1, Int((lookaheadSeconds * Double(format.sampleRate)).rounded()))
        releaseCoefficient = 1 - exp(-1 / (releaseSeconds * Double(format.sampleRate)))
        let detector = TruePeakInterpolator(design: .standard)
        detectorLatency = detector.latency
        interpolators = Array(repeating: detector, count: format.channels)
        averageRing = [Double](repeating: 1, count: lookahead)
        averageSum = Double(lookahead)
    }

    /// Feeds interleaved frames; appends the frames that are ready (delayed by `latency`) to `output`.
    mutating func process(_ input: UnsafeBufferPointer<Float>, output: inout [Float]) {
        framesIn += input.count / channels
        feed(input, output: &output)
    }

    /// Pushes the last `latency` frames out; call once after the last `process`.
    mutating func flush(output: inout [Float]) {
        let zeros = [Float](repeating: 0, count: latency * channels)
        zeros.withUnsafeBufferPointer { feed($0, output: &output) }
    }

    private mutating func feed(_ input: UnsafeBufferPointer<Float>, output: inout [Float]) {
        let ch = channels
        let frames = input.count / ch
        guard frames > 0, let base = input.baseAddress else { return }
        pending.append(contentsOf: input)

        if peaks.count < frames { peaks = [Float](repeating: 0, count: frames) }
        peaks.withUnsafeMutableBufferPointer { p in
            for i in 0..<frames { p[i] = 0 }
            for c in 0..<ch {
                interpolators[c].load(base + c, stride: ch, frames: frames)
                interpolators[c].accumulateRefinedPeaks(into: p.baseAddress!, skippingAtOrBelow: ceiling)
                interpolators[c].commit()
            }
        }

        var gains: [Float] = []
        gains.reserveCapacity(frames)
        for i in 0..<frames {
            let peak = peaks[i]
            let frame = peaksSeen - detectorLatency // the frame this interval starts at
            peaksSeen += 1
            defer { previousPeak = peak }
            guard frame >= 0 else { continue }
            let worst = max(peak, previousPeak)
            let required: Float = worst > ceiling ? ceiling / worst : 1
            if let g = nextGain(required: required, frame: frame) { gains.append(g) }
        }

        // Emit one pending frame per gain, but never the zero frames that flush() appended.
        let emit = min(gains.count, framesIn - framesOut)
        if emit > 0 {
            output.reserveCapacity(output.count + emit * ch)
            for f in 0..<emit {
                let g = gains[f]
                if g < 0.999_885 { limitedFrames += 1 }
                minimumGain = min(minimumGain, g)
                for c in 0..<ch { output.append(pending[f * ch + c] * g) }
            }
            framesOut += emit
        }
        pending.removeFirst(min(gains.count, pending.count / ch) * ch)
    }

    /// Advances the gain pipeline by one required gain; returns the applied gain for frame `frame - lookahead + 1` once known.
    private mutating func nextGain(required: Float, frame: Int) -> Float? {
        // Sliding minimum over frames (frame - lookahead, frame].
        while minValue.count > minHead, minValue[minValue.count - 1] >= required {
            minValue.removeLast(); minIndex.removeLast()
        }
        minValue.append(required); minIndex.append(frame)
        if minIndex[minHead] <= frame - lookahead { minHead += 1 }
        if minHead > 4096 {
            minValue.removeFirst(minHead); minIndex.removeFirst(minHead); minHead = 0
        }
        let minimum = Double(minValue[minHead])
        // Instant attack, exponential release toward the minimum.
        release = minimum < release ? minimum : release + (minimum - release) * releaseCoefficient
        // Moving average over the last `lookahead` released values.
        averageSum += release - averageRing[averagePos]
        averageRing[averagePos] = release
        averagePos = (averagePos + 1) % lookahead
        if averagePos == 0 { averageSum = averageRing.reduce(0, +) } // no drift over hours
        gainsProduced += 1
        guard gainsProduced >= lookahead else { return nil }
        return Float(min(1, averageSum / Double(lookahead)))
    }
}

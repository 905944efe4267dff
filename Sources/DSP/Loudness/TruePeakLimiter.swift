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
    // Sliding minimum over the last `lookahead` required gains (monotonic queue in a ring of `queueMask + 1` slots;
    // entries minHead ..< minTail, taken modulo the ring size).
    private var minIndex: [Int]
    private var minValue: [Float]
    private let queueMask: Int
    private var minHead = 0
    private var minTail = 0
    private var release: Double = 1
    // Moving average over the last `lookahead` released gains.
    private var averageRing: [Double]
    private var averageSum: Double
    /// The value last written to `averageRing`, and how many consecutive writes (up to the newest) had it.
    private var lastRingValue: Double = 1
    private var ringRun: Int
    private var averagePos = 0
    private var gainsProduced = 0
    /// Applied gains of the frames being emitted (scratch, reused between calls).
    private var gains: [Float] = []

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
        ringRun = lookahead
        // The queue holds at most lookahead + 1 entries (frames frame - lookahead ... frame).
        var size = 1
        while size < lookahead + 1 { size *= 2 }
        queueMask = size - 1
        minIndex = [Int](repeating: 0, count: size)
        minValue = [Float](repeating: 0, count: size)
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

        if gains.count < frames { gains = [Float](repeating: 0, count: frames) }
        let produced = computeGains(frames: frames)

        // Emit one pending frame per gain, but never the zero frames that flush() appended.
        let emit = min(produced, framesIn - framesOut)
        if emit > 0 {
            let start = output.count
            output.append(contentsOf: repeatElement(0, count: emit * ch))
            var limited = 0
            var lowest = minimumGain
            output.withUnsafeMutableBufferPointer { out in
                pending.withUnsafeBufferPointer { src in
                    gains.withUnsafeBufferPointer { gb in
                        let o = out.baseAddress! + start, p = src.baseAddress!, g = gb.baseAddress!
                        for f in 0..<emit {
                            let gain = g[f]
                            if gain < 0.999_885 { limited += 1 }
                            lowest = min(lowest, gain)
                            for c in 0..<ch { o[f * ch + c] = p[f * ch + c] * gain }
                        }
                    }
                }
            }
            limitedFrames += limited
            minimumGain = lowest
            framesOut += emit
        }
        pending.removeFirst(min(produced, pending.count / ch) * ch)
    }

    /// Turns the first `frames` interval peaks in `peaks` into applied gains in `gains`; returns how many gains came out.
    ///
    /// Per interval: the required gain `ceiling / max(peak, previous peak)` (capped at 1), a sliding
    /// minimum over `lookahead` frames, instant attack with exponential release, then a `lookahead`-frame
    /// moving average; a gain comes out once `lookahead` values have entered the average.
    private mutating func computeGains(frames: Int) -> Int {
        var produced = 0
        var previous = previousPeak
        var seen = peaksSeen
        var head = minHead, tail = minTail
        var release = self.release
        var averageSum = self.averageSum
        var lastRingValue = self.lastRingValue
        var ringRun = self.ringRun
        // The steady state's gain, for the average sum it was computed from.
        var steadySum = -1.0
        var steadyGain: Float = 1
        var averagePos = self.averagePos
        var gainsProduced = self.gainsProduced
        let mask = queueMask, lookahead = self.lookahead, latency = detectorLatency
        let ceiling = self.ceiling, coefficient = releaseCoefficient
        peaks.withUnsafeBufferPointer { pk in
            gains.withUnsafeMutableBufferPointer { out in
                minValue.withUnsafeMutableBufferPointer { qv in
                    minIndex.withUnsafeMutableBufferPointer { qi in
                        averageRing.withUnsafeMutableBufferPointer { ring in
                            for i in 0..<frames {
                                let peak = pk[i]
                                let frame = seen - latency // the frame this interval starts at
                                seen += 1
                                let worst = max(peak, previous)
                                previous = peak
                                guard frame >= 0 else { continue }
                                // Steady state: nothing to limit now or within the window (a lone 1 in the queue), a
                                // release that no longer moves in Double (at 1, or stuck a few ulps under it after
                                // limiting) and a ring holding only that value. The general steps below would then
                                // replace the queue's entry by (1, frame) and leave the release, the ring and its sum
                                // as they are (re-adding the ring when it wraps); do just that.
                                if worst <= ceiling, tail - head == 1, ringRun >= lookahead, gainsProduced >= lookahead,
                                   qv[head & mask] == 1, release + (1 - release) * coefficient == release {
                                    qi[head & mask] = frame
                                    ringRun += 1
                                    averagePos += 1
                                    if averagePos == lookahead {
                                        averagePos = 0
                                        averageSum = Self.sum(ring, count: lookahead)
                                    }
                                    gainsProduced += 1
                                    if averageSum != steadySum {
                                        steadySum = averageSum
                                        steadyGain = Float(min(1, averageSum / Double(lookahead)))
                                    }
                                    out[produced] = steadyGain
                                    produced += 1
                                    continue
                                }
                                let required: Float = worst > ceiling ? ceiling / worst : 1
                                // Sliding minimum over frames (frame - lookahead, frame].
                                while tail > head, qv[(tail - 1) & mask] >= required { tail -= 1 }
                                qv[tail & mask] = required; qi[tail & mask] = frame
                                tail += 1
                                if qi[head & mask] <= frame - lookahead { head += 1 }
                                let minimum = Double(qv[head & mask])
                                // Instant attack, exponential release toward the minimum.
                                release = minimum < release ? minimum : release + (minimum - release) * coefficient
                                // Moving average over the last `lookahead` released values.
                                averageSum += release - ring[averagePos]
                                if release == lastRingValue { ringRun += 1 } else { lastRingValue = release; ringRun = 1 }
                                ring[averagePos] = release
                                averagePos += 1
                                if averagePos == lookahead {
                                    averagePos = 0
                                    // No drift over hours: re-add the ring in order.
                                    averageSum = Self.sum(ring, count: lookahead)
                                }
                                gainsProduced += 1
                                guard gainsProduced >= lookahead else { continue }
                                out[produced] = Float(min(1, averageSum / Double(lookahead)))
                                produced += 1
                            }
                        }
                    }
                }
            }
        }
        previousPeak = previous
        peaksSeen = seen
        minHead = head; minTail = tail
        self.release = release
        self.averageSum = averageSum
        self.lastRingValue = lastRingValue
        self.ringRun = ringRun
        self.averagePos = averagePos
        self.gainsProduced = gainsProduced
        return produced
    }

    /// The first `count` values of the ring added in order (the moving average's exact sum, re-taken at each wrap).
    @inline(__always)
    private static func sum(_ ring: UnsafeMutableBufferPointer<Double>, count: Int) -> Double {
        var sum = 0.0
        for k in 0..<count { sum += ring[k] }
        return sum
    }
}

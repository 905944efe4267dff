// AnalysisSignal: a track's audio as the analyzers want it: mono, low-passed and decimated to about 22 kHz.
// Knows nothing about beats, keys or files; only how to get samples there from an array.
import Foundation

/// Mono samples at the analysis rate (the input rate divided by a whole factor, about 22 kHz).
public struct AnalysisSignal: Sendable {
    /// The samples.
    public var samples: [Float]
    /// Their rate in Hz.
    public var sampleRate: Double
    /// The channel count of the audio the mono mix came from (loudness is reported as if played on each).
    public var sourceChannels: Int

    /// The highest rate kept; higher rates are decimated by a whole factor down to at most about this.
    static let targetRate = 22_050.0

    /// Wraps mono samples at `sampleRate`, decimating them towards 22.05 kHz.
    public init(mono: [Float], sampleRate: Int, sourceChannels: Int = 1) {
        let factor = max(1, Int((Double(sampleRate) / Self.targetRate).rounded()))
        samples = Self.decimate(mono, by: factor)
        self.sampleRate = Double(sampleRate) / Double(factor)
        self.sourceChannels = sourceChannels
    }

    /// Length in seconds.
    public var duration: Double { Double(samples.count) / sampleRate }

    /// Low-passes (a windowed-sinc FIR at 0.45 of the new rate) and keeps every `factor`-th sample.
    static func decimate(_ input: [Float], by factor: Int) -> [Float] {
        guard factor > 1, !input.isEmpty else { return input }
        let taps = 8 * factor + 1
        let centre = taps / 2
        let cutoff = 0.45 / Double(factor)   // of the input rate
        var kernel = [Float](repeating: 0, count: taps)
        var sum: Float = 0
        for i in 0..<taps {
            let x = Double(i - centre)
            let sinc = x == 0 ? 2 * cutoff : sin(2 * Double.pi * cutoff * x) / (Double.pi * x)
            let window = 0.5 - 0.5 * cos(2 * Double.pi * Double(i) / Double(taps - 1))
            kernel[i] = Float(sinc * window)
            sum += kernel[i]
        }
        for i in 0..<taps { kernel[i] /= sum }
        let count = (input.count + factor - 1) / factor
        var output = [Float](repeating: 0, count: count)
        input.withUnsafeBufferPointer { x in
            kernel.withUnsafeBufferPointer { k in
                output.withUnsafeMutableBufferPointer { y in
                    let n = x.count
                    for o in 0..<count {
                        let c = o * factor
                        var acc: Float = 0
                        if c >= centre && c + centre < n {
                            for i in 0..<taps { acc += k[i] * x[c - centre + i] }
                        } else {
                            for i in 0..<taps {
                                let j = c - centre + i
                                if j >= 0 && j < n { acc += k[i] * x[j] }
                            }
                        }
                        y[o] = acc
                    }
                }
            }
        }
        return output
    }
}

// OnsetFeatures: onset-strength curves of a signal from one short-time spectrum pass (log band flux).
// Knows nothing about tempo or beats; it only says, frame by frame, how much new energy arrived.
import Foundation

/// Onset strength per frame (hop about 11.6 ms at 22.05 kHz), overall and in the bass band.
public struct OnsetFeatures: Sendable {
    /// Seconds between frames.
    public var hopSeconds: Double
    /// Onset strength of all bands: rectified log-magnitude flux, summed over log-spaced bands, local mean removed.
    public var strength: [Float]
    /// The same for bands below 200 Hz (kicks and bass notes).
    public var bass: [Float]
    /// Frame loudness in dB (mean square of the windowed frame).
    public var levelDB: [Float]

    /// The frame size in samples at the analysis rate.
    static let frameSize = 1024

    /// Computes the curves; frame `i` is centred on sample `i · hop`.
    public init(signal: AnalysisSignal) {
        let n = Self.frameSize
        let hop = n / 4
        let rate = signal.sampleRate
        hopSeconds = Double(hop) / rate
        let count = signal.samples.isEmpty ? 0 : signal.samples.count / hop + 1
        let bands = Self.bands(frameSize: n, sampleRate: rate)
        let bassBands = bands.filter { $0.upperFrequency <= 200 }.count
        let fft = RealFFT(size: n)
        let window = (0..<n).map { Float(0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(n))) }
        var frame = [Float](repeating: 0, count: n)
        var magnitude = [Float](repeating: 0, count: n / 2 + 1)
        var previous = [Float](repeating: 0, count: bands.count)
        var current = [Float](repeating: 0, count: bands.count)
        var strength = [Float](repeating: 0, count: count)
        var bass = [Float](repeating: 0, count: count)
        var level = [Float](repeating: -120, count: count)
        signal.samples.withUnsafeBufferPointer { x in
            for i in 0..<count {
                let start = i * hop - n / 2
                var energy: Float = 0
                for j in 0..<n {
                    let k = start + j
                    let v = (k >= 0 && k < x.count) ? x[k] * window[j] : 0
                    frame[j] = v
                    energy += v * v
                }
                level[i] = 10 * log10(energy / Float(n) + 1e-12)
                frame.withUnsafeBufferPointer { f in
                    magnitude.withUnsafeMutableBufferPointer { m in fft.magnitudes(f, into: m) }
                }
                var flux: Float = 0, bassFlux: Float = 0
                for (b, band) in bands.enumerated() {
                    var e: Float = 0
                    for k in band.lower..<band.upper { e += magnitude[k] * magnitude[k] }
                    let v = log1p(1000 * (e / Float(band.upper - band.lower)).squareRoot() / Float(n))
                    current[b] = v
                    let rise = max(0, v - previous[b])
                    flux += rise
                    if b < bassBands { bassFlux += rise }
                }
                swap(&previous, &current)
                strength[i] = i == 0 ? 0 : flux / Float(bands.count)
                bass[i] = i == 0 ? 0 : bassFlux / Float(max(1, bassBands))
            }
        }
        self.strength = Self.removeLocalMean(strength, frames: Int((1.0 / hopSeconds).rounded()))
        self.bass = Self.removeLocalMean(bass, frames: Int((1.0 / hopSeconds).rounded()))
        levelDB = level
    }

    /// One band of FFT bins `lower..<upper`.
    struct Band {
        var lower: Int
        var upper: Int
        var upperFrequency: Double
    }

    /// Bands a third of an octave wide from 30 Hz to 11 kHz (each at least one bin wide).
    static func bands(frameSize n: Int, sampleRate: Double) -> [Band] {
        let binHz = sampleRate / Double(n)
        let top = min(11_000, sampleRate / 2 * 0.95)
        var edges: [Int] = []
        var f = 30.0
        while f < top {
            let bin = Int((f / binHz).rounded())
            if edges.last.map({ bin > $0 }) ?? true { edges.append(max(1, bin)) }
            f *= pow(2, 1.0 / 3)
        }
        edges.append(min(n / 2, Int((top / binHz).rounded())))
        var bands: [Band] = []
        for i in 0..<(edges.count - 1) where edges[i + 1] > edges[i] {
            bands.append(Band(lower: edges[i], upper: edges[i + 1], upperFrequency: Double(edges[i + 1]) * binHz))
        }
        return bands
    }

    /// Subtracts a centred moving average of `frames` frames and clamps at 0, so slow swells don't count as onsets.
    static func removeLocalMean(_ x: [Float], frames: Int) -> [Float] {
        guard !x.isEmpty else { return x }
        let w = max(1, frames / 2)
        var prefix = [Double](repeating: 0, count: x.count + 1)
        for i in 0..<x.count { prefix[i + 1] = prefix[i] + Double(x[i]) }
        var out = [Float](repeating: 0, count: x.count)
        for i in 0..<x.count {
            let a = max(0, i - w), b = min(x.count, i + w + 1)
            let mean = (prefix[b] - prefix[a]) / Double(b - a)
            out[i] = max(0, x[i] - Float(mean))
        }
        return out
    }
}

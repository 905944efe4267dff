// ChromaFeatures: pitch-class energy over time from a long-window spectrum, corrected for the track's tuning.
// Knows nothing about keys or chords; it only folds spectral peaks onto the twelve pitch classes.
import Foundation

/// Twelve pitch-class energies per frame (hop about 0.19 s at 22.05 kHz), C first.
public struct ChromaFeatures: Sendable {
    /// Seconds between frames; frame `i` is centred at `i · hopSeconds`.
    public var hopSeconds: Double
    /// One 12-value vector per frame, each summing to 1 (or all zero in silence).
    public var frames: [[Double]]
    /// The estimated tuning offset in semitones from A = 440 Hz (−0.5 ..< 0.5).
    public var tuning: Double

    /// Frame size in samples: 8192 at 22.05 kHz gives 2.7 Hz bins, enough for bass notes.
    static let frameSize = 8192
    /// The pitch range folded, Hz.
    static let lowest = 55.0, highest = 2100.0

    /// Computes the chroma of `signal`.
    public init(signal: AnalysisSignal) {
        let n = Self.frameSize
        let hop = n / 2
        let rate = signal.sampleRate
        hopSeconds = Double(hop) / rate
        let binHz = rate / Double(n)
        let firstBin = max(1, Int((Self.lowest / binHz).rounded(.down)))
        let lastBin = min(n / 2 - 1, Int((Self.highest / binHz).rounded(.up)))
        let count = signal.samples.isEmpty ? 0 : signal.samples.count / hop + 1
        let fft = RealFFT(size: n)
        let window = (0..<n).map { Float(0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(n))) }
        var frame = [Float](repeating: 0, count: n)
        var magnitude = [Float](repeating: 0, count: n / 2 + 1)
        // Spectral peaks per frame: (fractional MIDI pitch, magnitude).
        var peaks: [[(pitch: Double, weight: Double)]] = []
        peaks.reserveCapacity(count)
        var tuningX = 0.0, tuningY = 0.0
        signal.samples.withUnsafeBufferPointer { x in
            for i in 0..<count {
                let start = i * hop - n / 2
                for j in 0..<n {
                    let k = start + j
                    frame[j] = (k >= 0 && k < x.count) ? x[k] * window[j] : 0
                }
                frame.withUnsafeBufferPointer { f in magnitude.withUnsafeMutableBufferPointer { m in fft.magnitudes(f, into: m) } }
                var top: Float = 0
                for k in firstBin...lastBin where magnitude[k] > top { top = magnitude[k] }
                var found: [(pitch: Double, weight: Double)] = []
                if top > 1e-6 {
                    for k in firstBin...lastBin where magnitude[k] > 0.05 * top && magnitude[k] > magnitude[k - 1] && magnitude[k] >= magnitude[k + 1] {
                        let a = log(Double(magnitude[k - 1]) + 1e-12), b = log(Double(magnitude[k]) + 1e-12), c = log(Double(magnitude[k + 1]) + 1e-12)
                        let d = a - 2 * b + c
                        let offset = d < 0 ? max(-0.5, min(0.5, 0.5 * (a - c) / d)) : 0
                        let frequency = (Double(k) + offset) * binHz
                        let pitch = 69 + 12 * log2(frequency / 440)
                        let weight = Double(magnitude[k])
                        found.append((pitch, weight))
                        let deviation = pitch - pitch.rounded()
                        tuningX += weight * cos(2 * Double.pi * deviation)
                        tuningY += weight * sin(2 * Double.pi * deviation)
                    }
                }
                peaks.append(found)
            }
        }
        let tuning = (tuningX == 0 && tuningY == 0) ? 0 : atan2(tuningY, tuningX) / (2 * Double.pi)
        self.tuning = tuning
        frames = peaks.map { found in
            var chroma = [Double](repeating: 0, count: 12)
            for p in found {
                let pitch = p.pitch - tuning
                let nearest = pitch.rounded()
                let distance = abs(pitch - nearest)
                // Peaks far from any note (beyond a third of a semitone) are noise or inharmonic partials.
                guard distance < 0.35 else { continue }
                let pc = ((Int(nearest) % 12) + 12) % 12
                chroma[pc] += p.weight.squareRoot() * cos(Double.pi * distance)
            }
            let total = chroma.reduce(0, +)
            return total > 0 ? chroma.map { $0 / total } : chroma
        }
    }

    /// The mean chroma of the frames centred in `start..<end` seconds (all frames when the span is empty).
    public func mean(from start: Double = 0, to end: Double = .infinity) -> [Double] {
        var sum = [Double](repeating: 0, count: 12)
        for (i, f) in frames.enumerated() {
            let t = Double(i) * hopSeconds
            guard t >= start, t < end else { continue }
            for k in 0..<12 { sum[k] += f[k] }
        }
        let total = sum.reduce(0, +)
        return total > 0 ? sum.map { $0 / total } : sum
    }

    /// 1 − cosine similarity of two chroma vectors (0 when either is silent).
    public static func distance(_ a: [Double], _ b: [Double]) -> Double {
        var dot = 0.0, na = 0.0, nb = 0.0
        for k in 0..<12 { dot += a[k] * b[k]; na += a[k] * a[k]; nb += b[k] * b[k] }
        guard na > 0, nb > 0 else { return 0 }
        return 1 - dot / (na * nb).squareRoot()
    }
}

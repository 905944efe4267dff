// ZeroPhaseLowPass: a second-order Butterworth low-pass run forwards and then backwards over a whole buffer.
// Knows nothing about what the band is for; it adds no delay, and its response is |H|² (−6 dB at the cutoff).
import Foundation

/// Zero-phase low-pass filtering of whole interleaved buffers.
enum ZeroPhaseLowPass {
    /// `input` (interleaved, `channels` channels) low-passed at `cutoff` Hz with no delay: the remainder
    /// `input − output` is then a zero-phase high-pass, and the two bands sum back to the input exactly.
    static func filter(_ input: [Float], channels: Int = 1, cutoff: Double, sampleRate: Double) -> [Float] {
        let w = tan(Double.pi * min(cutoff, sampleRate * 0.45) / sampleRate)
        let norm = 1 / (1 + 2.0.squareRoot() * w + w * w)
        let b0 = w * w * norm, b1 = 2 * b0, b2 = b0
        let a1 = 2 * (w * w - 1) * norm, a2 = (1 - 2.0.squareRoot() * w + w * w) * norm
        let ch = max(1, channels)
        var y = input
        let frames = y.count / ch
        y.withUnsafeMutableBufferPointer { p in
            for c in 0..<ch {
                for backwards in [false, true] {
                    var x1 = 0.0, x2 = 0.0, y1 = 0.0, y2 = 0.0
                    for n in 0..<frames {
                        let i = (backwards ? frames - 1 - n : n) * ch + c
                        let v = Double(p[i])
                        let o = b0 * v + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2
                        x2 = x1; x1 = v; y2 = y1; y1 = o
                        p[i] = Float(o)
                    }
                }
            }
        }
        return y
    }
}

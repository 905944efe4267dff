// KWeightingFilter: the BS.1770 K-weighting (high-shelf "pre" filter then RLB high-pass) for any sample rate.
// Knows nothing about blocks, gating or channels beyond keeping one filter state per channel.

import Foundation

/// Two cascaded biquads per channel, in Double, designed for the stream's sample rate.
///
/// Coefficients come from the analog-prototype parameters used by libebur128 and ffmpeg's
/// `ebur128` (shelf f0 = 1681.97 Hz, G = +4.0 dB, Q = 0.7072; high-pass f0 = 38.135 Hz,
/// Q = 0.5003); at 48 kHz they reproduce the coefficients tabulated in BS.1770-4.
struct KWeightingFilter: Sendable {
    /// Biquad coefficients, a0 normalised to 1.
    struct Coefficients: Sendable, Equatable {
        var b0, b1, b2, a1, a2: Double
    }

    let shelf: Coefficients
    let highPass: Coefficients
    /// Per channel: shelf x1 x2 y1 y2, then high-pass x1 x2 y1 y2 (direct form I).
    private var state: [Double]
    let channels: Int

    init(sampleRate: Int, channels: Int) {
        (shelf, highPass) = KWeightingFilter.coefficients(sampleRate: sampleRate)
        self.channels = channels
        state = [Double](repeating: 0, count: channels * 8)
    }

    /// The shelf and high-pass coefficients for `sampleRate`.
    static func coefficients(sampleRate: Int) -> (shelf: Coefficients, highPass: Coefficients) {
        let fs = Double(sampleRate)
        var f0 = 1681.974450955533
        let gainDB = 3.999843853973347
        var q = 0.7071752369554196
        var k = tan(Double.pi * f0 / fs)
        let vh = pow(10, gainDB / 20)
        let vb = pow(vh, 0.4996667741545416)
        let a0 = 1 + k / q + k * k
        let shelf = Coefficients(
            b0: (vh + vb * k / q + k * k) / a0,
            b1: 2 * (k * k - vh) / a0,
            b2: (vh - vb * k / q + k * k) / a0,
            a1: 2 * (k * k - 1) / a0,
            a2: (1 - k / q + k * k) / a0
        )
        f0 = 38.13547087602444
        q = 0.5003270373238773
        k = tan(Double.pi * f0 / fs)
        let d = 1 + k / q + k * k
        let highPass = Coefficients(b0: 1, b1: -2, b2: 1, a1: 2 * (k * k - 1) / d, a2: (1 - k / q + k * k) / d)
        return (shelf, highPass)
    }

    /// Filters `frames` interleaved frames and adds each channel's sum of squared outputs to `sums`.
    mutating func accumulateSquares(_ input: UnsafePointer<Float>, frames: Int, into sums: UnsafeMutablePointer<Double>) {
        let ch = channels
        let s = shelf, h = highPass
        state.withUnsafeMutableBufferPointer { st in
            for c in 0..<ch {
                let base = c * 8
                var sx1 = st[base], sx2 = st[base + 1], sy1 = st[base + 2], sy2 = st[base + 3]
                var hx1 = st[base + 4], hx2 = st[base + 5], hy1 = st[base + 6], hy2 = st[base + 7]
                var acc = 0.0
                var p = input + c
                for _ in 0..<frames {
                    let x = Double(p.pointee)
                    p += ch
                    let y = s.b0 * x + s.b1 * sx1 + s.b2 * sx2 - s.a1 * sy1 - s.a2 * sy2
                    sx2 = sx1; sx1 = x; sy2 = sy1; sy1 = y
                    let z = h.b0 * y + h.b1 * hx1 + h.b2 * hx2 - h.a1 * hy1 - h.a2 * hy2
                    hx2 = hx1; hx1 = y; hy2 = hy1; hy1 = z
                    acc += z * z
                }
                sums[c] += acc
                st[base] = sx1; st[base + 1] = sx2; st[base + 2] = sy1; st[base + 3] = sy2
                st[base + 4] = hx1; st[base + 5] = hx2; st[base + 6] = hy1; st[base + 7] = hy2
            }
        }
    }
}

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
    ///
    /// Channels are filtered two at a time as the lanes of a `SIMD2<Double>`; each lane does exactly
    /// the operations, in the same order, of the one-channel loop, so results do not depend on the pairing.
    mutating func accumulateSquares(_ input: UnsafePointer<Float>, frames: Int, into sums: UnsafeMutablePointer<Double>) {
        let ch = channels
        let s = shelf, h = highPass
        state.withUnsafeMutableBufferPointer { st in
            var c = 0
            while c + 1 < ch {
                KWeightingFilter.filterPair(input + c, stride: ch, frames: frames, shelf: s, highPass: h,
                                            state: st.baseAddress! + c * 8, sums: sums + c)
                c += 2
            }
            if c < ch {
                KWeightingFilter.filterOne(input + c, stride: ch, frames: frames, shelf: s, highPass: h,
                                           state: st.baseAddress! + c * 8, sums: sums + c)
            }
        }
    }

    /// One channel; `state` holds its eight values (shelf x1 x2 y1 y2, high-pass x1 x2 y1 y2).
    @inline(__always)
    private static func filterOne(_ input: UnsafePointer<Float>, stride ch: Int, frames: Int, shelf s: Coefficients,
                                  highPass h: Coefficients, state st: UnsafeMutablePointer<Double>, sums: UnsafeMutablePointer<Double>) {
        var sx1 = st[0], sx2 = st[1], sy1 = st[2], sy2 = st[3]
        var hx1 = st[4], hx2 = st[5], hy1 = st[6], hy2 = st[7]
        var acc = 0.0
        var p = input
        for _ in 0..<frames {
            let x = Double(p.pointee)
            p += ch
            let y = s.b0 * x + s.b1 * sx1 + s.b2 * sx2 - s.a1 * sy1 - s.a2 * sy2
            sx2 = sx1; sx1 = x; sy2 = sy1; sy1 = y
            let z = h.b0 * y + h.b1 * hx1 + h.b2 * hx2 - h.a1 * hy1 - h.a2 * hy2
            hx2 = hx1; hx1 = y; hy2 = hy1; hy1 = z
            acc += z * z
        }
        sums[0] += acc
        st[0] = sx1; st[1] = sx2; st[2] = sy1; st[3] = sy2
        st[4] = hx1; st[5] = hx2; st[6] = hy1; st[7] = hy2
    }

    /// Two adjacent channels as SIMD lanes; `state` holds both channels' eight values, one channel after the other.
    @inline(__always)
    private static func filterPair(_ input: UnsafePointer<Float>, stride ch: Int, frames: Int, shelf s: Coefficients,
                                   highPass h: Coefficients, state st: UnsafeMutablePointer<Double>, sums: UnsafeMutablePointer<Double>) {
        typealias V = SIMD2<Double>
        var sx1 = V(st[0], st[8]), sx2 = V(st[1], st[9]), sy1 = V(st[2], st[10]), sy2 = V(st[3], st[11])
        var hx1 = V(st[4], st[12]), hx2 = V(st[5], st[13]), hy1 = V(st[6], st[14]), hy2 = V(st[7], st[15])
        let sb0 = V(repeating: s.b0), sb1 = V(repeating: s.b1), sb2 = V(repeating: s.b2)
        let sa1 = V(repeating: s.a1), sa2 = V(repeating: s.a2)
        let hb0 = V(repeating: h.b0), hb1 = V(repeating: h.b1), hb2 = V(repeating: h.b2)
        let ha1 = V(repeating: h.a1), ha2 = V(repeating: h.a2)
        var acc = V(repeating: 0)
        var p = input
        for _ in 0..<frames {
            let x = V(Double(p[0]), Double(p[1]))
            p += ch
            let y = sb0 * x + sb1 * sx1 + sb2 * sx2 - sa1 * sy1 - sa2 * sy2
            sx2 = sx1; sx1 = x; sy2 = sy1; sy1 = y
            let z = hb0 * y + hb1 * hx1 + hb2 * hx2 - ha1 * hy1 - ha2 * hy2
            hx2 = hx1; hx1 = y; hy2 = hy1; hy1 = z
            acc += z * z
        }
        sums[0] += acc[0]
        sums[1] += acc[1]
        st[0] = sx1[0]; st[1] = sx2[0]; st[2] = sy1[0]; st[3] = sy2[0]
        st[4] = hx1[0]; st[5] = hx2[0]; st[6] = hy1[0]; st[7] = hy2[0]
        st[8] = sx1[1]; st[9] = sx2[1]; st[10] = sy1[1]; st[11] = sy2[1]
        st[12] = hx1[1]; st[13] = hx2[1]; st[14] = hy1[1]; st[15] = hy2[1]
    }
}

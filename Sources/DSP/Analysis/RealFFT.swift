// RealFFT: a radix-2 FFT of real frames (power-of-two sizes), returning magnitudes of bins 0...n/2.
// Pure Swift with precomputed tables; knows nothing about windows, hops or what the spectrum is for.
import Foundation

/// Magnitude spectra of real frames of one power-of-two size.
///
/// An n-point real transform runs as an n/2-point complex FFT of the even/odd-packed samples, then one
/// split step; the tables are built once per size, so one instance serves every frame of a track.
public final class RealFFT: @unchecked Sendable {
    /// The frame size (a power of two, at least 4).
    public let size: Int
    private let half: Int
    private let bitReverse: [Int32]
    private let cosTable: [Float]   // e^{-2πik/half} for the complex stages
    private let sinTable: [Float]
    private let splitCos: [Float]   // e^{-2πik/n} for the split step
    private let splitSin: [Float]
    private var re: [Float]
    private var im: [Float]

    /// Creates the tables for frames of `size` samples; `size` must be a power of two ≥ 4.
    public init(size: Int) {
        precondition(size >= 4 && size & (size - 1) == 0, "RealFFT size must be a power of two ≥ 4")
        self.size = size
        half = size / 2
        var bits = 0
        while (1 << bits) < half { bits += 1 }
        bitReverse = (0..<half).map { i in
            var r = 0, x = i
            for _ in 0..<bits { r = (r << 1) | (x & 1); x >>= 1 }
            return Int32(r)
        }
        let h = size / 2
        cosTable = (0..<(h / 2)).map { Float(cos(-2 * Double.pi * Double($0) / Double(h))) }
        sinTable = (0..<(h / 2)).map { Float(sin(-2 * Double.pi * Double($0) / Double(h))) }
        splitCos = (0...h).map { Float(cos(-2 * Double.pi * Double($0) / Double(size))) }
        splitSin = (0...h).map { Float(sin(-2 * Double.pi * Double($0) / Double(size))) }
        re = [Float](repeating: 0, count: h)
        im = [Float](repeating: 0, count: h)
    }

    /// Writes |X[k]| for k = 0...size/2 of `input` (exactly `size` samples) into `magnitudes` (size/2 + 1 values).
    public func magnitudes(_ input: UnsafeBufferPointer<Float>, into magnitudes: UnsafeMutableBufferPointer<Float>) {
        precondition(input.count >= size && magnitudes.count >= half + 1)
        let h = half
        re.withUnsafeMutableBufferPointer { re in
            im.withUnsafeMutableBufferPointer { im in
                bitReverse.withUnsafeBufferPointer { rev in
                    for i in 0..<h {
                        let j = Int(rev[i])
                        re[j] = input[2 * i]
                        im[j] = input[2 * i + 1]
                    }
                }
                cosTable.withUnsafeBufferPointer { ct in
                    sinTable.withUnsafeBufferPointer { st in
                        var length = 2
                        while length <= h {
                            let halfLength = length / 2
                            let step = h / length
                            var start = 0
                            while start < h {
                                var k = 0
                                for j in start..<(start + halfLength) {
                                    let wr = ct[k], wi = st[k]
                                    let l = j + halfLength
                                    let tr = re[l] * wr - im[l] * wi
                                    let ti = re[l] * wi + im[l] * wr
                                    re[l] = re[j] - tr
                                    im[l] = im[j] - ti
                                    re[j] += tr
                                    im[j] += ti
                                    k += step
                                }
                                start += length
                            }
                            length <<= 1
                        }
                    }
                }
                splitCos.withUnsafeBufferPointer { sc in
                    splitSin.withUnsafeBufferPointer { ss in
                        // X[k] = (Z[k] + conj Z[h-k]) / 2 - i·W^k (Z[k] - conj Z[h-k]) / 2, W = e^{-2πi/n}.
                        for k in 0...h {
                            let a = k % h, b = (h - k) % h
                            let zr = re[a], zi = im[a], cr = re[b], ci = -im[b]
                            let er = (zr + cr) * 0.5, ei = (zi + ci) * 0.5
                            let dr = (zr - cr) * 0.5, di = (zi - ci) * 0.5
                            // -i·W·d = -i (wr + i wi)(dr + i di)
                            let wr = sc[k], wi = ss[k]
                            let pr = wr * dr - wi * di, pi = wr * di + wi * dr
                            let xr = er + pi, xi = ei - pr
                            magnitudes[k] = (xr * xr + xi * xi).squareRoot()
                        }
                    }
                }
            }
        }
    }
}

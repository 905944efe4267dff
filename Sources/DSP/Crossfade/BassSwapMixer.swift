// BassSwapMixer: mixes the overlap of a DJ transition: equal-power highs across it, and the bass handed over at its middle.
// Works on interleaved float buffers of one overlap; knows nothing about beats, files or stretching.
import Foundation

/// Mixes two equally long overlaps so that two bass lines never play at full level together.
///
/// Each input is split by a second-order Butterworth low-pass into a low band and the rest (the input minus
/// the low band, so the bands always sum back to the input exactly). The highs cross with equal-power gains
/// over the whole overlap. The outgoing lows stay at full level until the handover, then fall with a
/// raised-cosine ramp of `rampFrames` centred at the middle, while the incoming lows rise with the
/// complementary ramp. At the overlap's start the mix is exactly the outgoing input, at its end exactly the
/// incoming one.
public struct BassSwapMixer: Sendable {
    /// The crossover frequency, Hz.
    public var crossoverHz: Double
    /// The sample rate, Hz.
    public var sampleRate: Int
    /// The channel count of the interleaved buffers.
    public var channels: Int

    /// Creates a mixer.
    public init(sampleRate: Int, channels: Int, crossoverHz: Double = 180) {
        self.sampleRate = sampleRate
        self.channels = channels
        self.crossoverHz = crossoverHz
    }

    /// The mixed overlap; `outgoing` and `incoming` must have the same length; `rampFrames` is the bass handover length.
    public func mix(outgoing: [Float], incoming: [Float], rampFrames: Int, bassSwap: Bool = true) -> [Float] {
        precondition(outgoing.count == incoming.count)
        let ch = channels
        let frames = outgoing.count / max(1, ch)
        guard frames > 0 else { return [] }
        let lowA = bassSwap ? lowPass(outgoing) : [Float](repeating: 0, count: outgoing.count)
        let lowB = bassSwap ? lowPass(incoming) : [Float](repeating: 0, count: incoming.count)
        let ramp = max(1, min(rampFrames, frames))
        let middle = frames / 2
        let rampStart = middle - ramp / 2
        var out = [Float](repeating: 0, count: outgoing.count)
        for f in 0..<frames {
            let (gOut, gIn) = CrossfadeCurve.equalPower.gains(at: f, length: frames)
            // Bass: 1 → 0 for the outgoing track across the ramp (raised cosine), the complement for the incoming.
            let r = min(1, max(0, Double(f - rampStart) / Double(ramp)))
            let bassIn = Float(0.5 - 0.5 * cos(Double.pi * r))
            let bassOut = 1 - bassIn
            for c in 0..<ch {
                let i = f * ch + c
                let highA = outgoing[i] - lowA[i], highB = incoming[i] - lowB[i]
                out[i] = highA * gOut + highB * gIn + lowA[i] * bassOut + lowB[i] * bassIn
            }
        }
        return out
    }

    /// The low band of an interleaved buffer (second-order Butterworth, run forwards from silence).
    func lowPass(_ x: [Float]) -> [Float] {
        let w = tan(Double.pi * crossoverHz / Double(sampleRate))
        let norm = 1 / (1 + 2.0.squareRoot() * w + w * w)
        let b0 = w * w * norm, b1 = 2 * b0, b2 = b0
        let a1 = 2 * (w * w - 1) * norm, a2 = (1 - 2.0.squareRoot() * w + w * w) * norm
        let ch = channels
        var y = [Float](repeating: 0, count: x.count)
        for c in 0..<ch {
            var x1 = 0.0, x2 = 0.0, y1 = 0.0, y2 = 0.0
            var i = c
            while i < x.count {
                let v = Double(x[i])
                let o = b0 * v + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2
                x2 = x1; x1 = v; y2 = y1; y1 = o
                y[i] = Float(o)
                i += ch
            }
        }
        return y
    }
}

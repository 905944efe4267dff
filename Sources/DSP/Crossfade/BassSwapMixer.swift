// BassSwapMixer: mixes the overlap of a DJ transition: equal-power highs across it, and the bass handed over at its middle.
// Works on interleaved float buffers of one overlap; knows nothing about beats, files or stretching.
import Foundation

/// Mixes two equally long overlaps so that two bass lines never play at full level together.
///
/// Each input is split by a zero-phase low-pass (a second-order Butterworth run forwards and backwards, −6 dB
/// at the crossover) into a low band and the rest (the input minus the low band: a true high-pass, and the bands
/// always sum back to the input exactly). The highs cross with equal-power gains
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

    /// The low band of an interleaved buffer: a zero-phase low-pass (second-order Butterworth run both ways), so the
    /// remainder is a true high-pass (at 60 Hz it keeps 2 % of a 180 Hz crossover's input) and the bands sum back exactly.
    func lowPass(_ x: [Float]) -> [Float] {
        ZeroPhaseLowPass.filter(x, channels: channels, cutoff: crossoverHz, sampleRate: Double(sampleRate))
    }
}

// BassSwapMixerTests: the overlap of a beat-matched transition: exact ends, a Butterworth low band passed once, equal-power
// highs, and the bass handed over mid-way, measured with single-bin DFTs. Knows nothing about beats, files or stretching.
import Foundation
import Testing
@testable import DSP

@Suite("Bass-swap mixer")
struct BassSwapMixerTests {
    static let rate = 44100
    static let crossover = 180.0

    /// The amplitude of the `frequency` component of `x[start..<start+count]` (mono), by one DFT bin: 2|X|/count.
    static func amplitude(_ x: [Float], frequency: Double, start: Int, count: Int) -> Double {
        var re = 0.0, im = 0.0
        let w = 2 * Double.pi * frequency / Double(rate)
        for n in 0..<count {
            let v = Double(x[start + n])
            re += v * cos(w * Double(n))
            im -= v * sin(w * Double(n))
        }
        return 2 * (re * re + im * im).squareRoot() / Double(count)
    }

    /// The second-order Butterworth low-pass (bilinear, prewarped at the crossover) at `frequency`, as (re, im):
    /// 1 / (1 − Ω² + j√2 Ω) with Ω = tan(π f / fs) / tan(π fc / fs).
    static func butterworth(_ frequency: Double) -> (re: Double, im: Double) {
        let o = tan(Double.pi * frequency / Double(rate)) / tan(Double.pi * crossover / Double(rate))
        let dr = 1 - o * o, di = 2.0.squareRoot() * o
        let d = dr * dr + di * di
        return (dr / d, -di / d)
    }

    /// The zero-phase low band's gain: the Butterworth run forwards and backwards, |H|² (real, no phase shift).
    static func lowBand(_ frequency: Double) -> Double {
        let h = butterworth(frequency)
        return h.re * h.re + h.im * h.im
    }

    /// L + g (1 − L) with L = |H|²: the gain of a sine of `frequency` whose low band is passed at 1 and the rest at `g`.
    static func splitGain(_ frequency: Double, rest g: Double) -> Double {
        let l = lowBand(frequency)
        return l + g * (1 - l)
    }

    static func sine(_ frequency: Double, frames: Int, amplitude: Double = 1) -> [Float] {
        (0..<frames).map { Float(amplitude * sin(2 * Double.pi * frequency * Double($0) / Double(rate))) }
    }

    let mono = BassSwapMixer(sampleRate: rate, channels: 1, crossoverHz: crossover)

    @Test("the first frame is the outgoing input and the last the incoming one, for any ramp, with or without the swap")
    func exactEnds() {
        let frames = 22050
        let a = TestSignals.noise(frames: frames, channels: 2, amplitude: 0.8, seed: 11)
        let b = TestSignals.noise(frames: frames, channels: 2, amplitude: 0.8, seed: 12)
        let mixer = BassSwapMixer(sampleRate: Self.rate, channels: 2)
        for ramp in [0, 1, 441, frames / 4, frames, frames * 10] {
            for swap in [true, false] {
                let out = mixer.mix(outgoing: a, incoming: b, rampFrames: ramp, bassSwap: swap)
                #expect(out.count == a.count)
                for c in 0..<2 {
                    #expect(abs(out[c] - a[c]) <= 1e-5, "ramp \(ramp), swap \(swap), channel \(c): first frame")
                    let last = (frames - 1) * 2 + c
                    #expect(abs(out[last] - b[last]) <= 1e-5, "ramp \(ramp), swap \(swap), channel \(c): last frame")
                }
            }
        }
        #expect(mixer.mix(outgoing: [], incoming: [], rampFrames: 10).isEmpty)
    }

    @Test("the low band is a second-order Butterworth run both ways: |H|², −6 dB at 180 Hz, −48 dB per octave far above",
          arguments: [30.0, 60.0, 180.0, 400.0, 1000.0, 3000.0])
    func lowBandResponse(_ frequency: Double) {
        let x = Self.sine(frequency, frames: Self.rate * 2)
        let low = mono.lowPass(x)
        // One second of steady state (a whole number of cycles) after half a second, clear of both ends.
        let measured = Self.amplitude(low, frequency: frequency, start: Self.rate / 2, count: Self.rate)
        let expected = Self.lowBand(frequency)
        #expect(abs(measured - expected) <= 0.01 * expected + 1e-5, "\(frequency) Hz: \(measured) vs \(expected)")
        if frequency == 180 { #expect(abs(measured - 0.5) < 0.005) }
        // No delay: the low band of a low tone is in phase with it.
        if frequency <= 60 {
            let lag = (0..<x.count).filter { $0 > Self.rate / 2 && $0 < Self.rate }.max { abs(low[$0] - x[$0]) < abs(low[$1] - x[$1]) }!
            #expect(abs(low[lag] - x[lag]) < 0.03, "largest difference from the input \(abs(low[lag] - x[lag]))")
        }
    }

    @Test("channels are filtered separately: a silent channel stays silent, the other matches the mono filter")
    func channelsSeparate() {
        let x = TestSignals.noise(frames: 4096, channels: 1, amplitude: 0.5, seed: 3)
        var stereo = [Float](repeating: 0, count: 8192)
        for i in 0..<4096 { stereo[2 * i] = x[i] }
        let low = BassSwapMixer(sampleRate: Self.rate, channels: 2, crossoverHz: Self.crossover).lowPass(stereo)
        let reference = mono.lowPass(x)
        for i in 0..<4096 {
            #expect(low[2 * i] == reference[i])
            #expect(low[2 * i + 1] == 0)
        }
    }

    /// Identical inputs: the bass gains always sum to 1, so the low band passes once; the equal-power gains sum to
    /// cos + sin of the position (√2 at the middle), so the rest is boosted there. The mix is the input only at the ends.
    @Test("identical inputs: the low band passes once, the rest by the equal-power sum (1 at the ends, √2 mid-way)",
          arguments: [60.0, 2000.0])
    func identicalInputs(_ frequency: Double) {
        let frames = 88200
        let x = Self.sine(frequency, frames: frames, amplitude: 0.5)
        let window = 4410   // 0.1 s: whole cycles of 60 Hz and 2 kHz
        for swap in [true, false] {
            let out = mono.mix(outgoing: x, incoming: x, rampFrames: frames / 8, bassSwap: swap)
            for position in [0.1, 0.5, 0.9] {
                let centre = Int(position * Double(frames))
                let measured = Self.amplitude(out, frequency: frequency, start: centre - window / 2, count: window) / 0.5
                let g = cos(Double.pi * position / 2) + sin(Double.pi * position / 2)
                // Without the swap the whole input is "the rest".
                let expected = swap ? Self.splitGain(frequency, rest: g) : g
                #expect(abs(measured - expected) <= 0.01 * expected, "\(frequency) Hz at \(position), swap \(swap): \(measured) vs \(expected)")
            }
        }
    }

    @Test("two in-phase 60 Hz kicks never add to full level together: at most about 1.005 with the swap, √2 without")
    func kicksNotDoubled() {
        let frames = 88200
        let x = Self.sine(60, frames: frames)
        let window = 2940
        func loudest(_ out: [Float]) -> Double {
            stride(from: 2205, to: frames - window - 2205, by: 735).map { Self.amplitude(out, frequency: 60, start: $0, count: window) }.max() ?? 0
        }
        let swapped = loudest(mono.mix(outgoing: x, incoming: x, rampFrames: frames / 8))
        let plain = loudest(mono.mix(outgoing: x, incoming: x, rampFrames: frames / 8, bassSwap: false))
        let bound = Self.splitGain(60, rest: 2.0.squareRoot())   // ≈ 1.005
        #expect(swapped <= bound * 1.01, "\(swapped)")
        #expect(abs(plain - 2.0.squareRoot()) < 0.01, "\(plain)")
    }

    @Test("60 Hz handed over: after the handover the outgoing bass keeps only the high band's share, 1 − |H(60 Hz)|² ≈ 0.012 of a plain fade; the incoming likewise before it")
    func bassHandedOver() {
        let frames = 88200
        let x = Self.sine(60, frames: frames)
        let silence = [Float](repeating: 0, count: frames)
        let ramp = frames / 8   // the handover is frames 0.4375 N … 0.5625 N
        let quarter = 735 * 28  // 20580 frames: whole cycles, inside a quarter (22050), clear of the buffer's ends
        let lastQuarter = frames - quarter - 735, firstQuarter = frames / 4 - quarter
        let leak = 1 - Self.lowBand(60)
        #expect(abs(leak - 0.0122) < 0.0005, "the high band's share of 60 Hz, by hand: 1 − 1/(1 + (1/3)⁴)")

        // The outgoing track alone (the mixer is linear, so this is its share of any mix).
        let outSwap = mono.mix(outgoing: x, incoming: silence, rampFrames: ramp)
        let outPlain = mono.mix(outgoing: x, incoming: silence, rampFrames: ramp, bassSwap: false)
        let outLate = Self.amplitude(outSwap, frequency: 60, start: lastQuarter, count: quarter)
        let outLatePlain = Self.amplitude(outPlain, frequency: 60, start: lastQuarter, count: quarter)
        #expect(abs(outLate / outLatePlain - leak) < 0.01, "outgoing 60 Hz in the last quarter: \(outLate) vs plain \(outLatePlain)")
        #expect(outLate < 0.02, "outgoing 60 Hz in the last quarter \(outLate) (about −40 dB)")
        // Before the handover the outgoing bass is held (at least as loud as in a plain fade).
        let outEarly = Self.amplitude(outSwap, frequency: 60, start: firstQuarter, count: quarter)
        let outEarlyPlain = Self.amplitude(outPlain, frequency: 60, start: firstQuarter, count: quarter)
        #expect(outEarly >= outEarlyPlain && outEarly > 0.97, "\(outEarly) vs plain \(outEarlyPlain)")

        // The incoming track alone, mirrored.
        let inSwap = mono.mix(outgoing: silence, incoming: x, rampFrames: ramp)
        let inPlain = mono.mix(outgoing: silence, incoming: x, rampFrames: ramp, bassSwap: false)
        let inEarly = Self.amplitude(inSwap, frequency: 60, start: firstQuarter, count: quarter)
        let inEarlyPlain = Self.amplitude(inPlain, frequency: 60, start: firstQuarter, count: quarter)
        #expect(abs(inEarly / inEarlyPlain - leak) < 0.01, "incoming 60 Hz in the first quarter: \(inEarly) vs plain \(inEarlyPlain)")
        #expect(inEarly < 0.02)
        let inLate = Self.amplitude(inSwap, frequency: 60, start: lastQuarter, count: quarter)
        #expect(inLate > 0.97, "the incoming bass is full after the handover: \(inLate)")
    }

    @Test("high frequencies are not handed over: a 3 kHz tone crosses with the plain equal-power gains")
    func highsEqualPower() {
        let frames = 88200
        let x = Self.sine(3000, frames: frames)
        let silence = [Float](repeating: 0, count: frames)
        let swap = mono.mix(outgoing: x, incoming: silence, rampFrames: frames / 8)
        let plain = mono.mix(outgoing: x, incoming: silence, rampFrames: frames / 8, bassSwap: false)
        for position in [0.25, 0.5, 0.75] {
            let start = Int(position * Double(frames)) - 2205
            let a = Self.amplitude(swap, frequency: 3000, start: start, count: 4410)
            let b = Self.amplitude(plain, frequency: 3000, start: start, count: 4410)
            #expect(abs(a - b) < 0.01 * b, "at \(position): \(a) vs \(b)")
        }
    }
}

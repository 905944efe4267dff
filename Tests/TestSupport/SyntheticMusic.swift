// SyntheticMusic: generated drum and click tracks (and, in +Cadence, chord cadences) whose beats, bars and keys are known.
// Deterministic for a seed; knows nothing about the analyzer or the metrics that judge it.
import Foundation

/// Test music with known truth: mono Float samples at a given rate, peak at −1 dBFS.
public enum SyntheticMusic {
    /// What each beat sounds like.
    public enum Style: Sendable, Hashable {
        /// A ~15 ms exponentially decaying sine burst at the given frequency (Hz).
        case click(Double)
        /// Kick on beats 1 and 3, snare on 2 and 4, closed hi-hats on beats and (quieter) off-beat eighths.
        case drums
    }

    /// The peak level every generator normalises to: −1 dBFS.
    public static let peak = pow(10.0, -1.0 / 20)

    /// A drum or click track of `duration` seconds with its true beats and downbeats (seconds).
    ///
    /// The first beat (a downbeat) falls `startOffset` seconds in (default 0.25). With `tempoRamp` r the tempo changes
    /// linearly in time from `bpm` at the first beat to `bpm`·(1+r) at the end (default 0: steady). Each beat's hit is
    /// moved by a uniform random offset within ±`jitterMilliseconds` (default 0), and the truth lists hold those
    /// actual, jittered hit times (not the unjittered grid). `noiseSNR` (dB, default nil: none) adds white Gaussian
    /// noise that much below the track's RMS. Accented downbeats (default) are +6 dB and brighter clicks, or a louder
    /// kick plus a crash tail. For meters other than 4 the drums put the kick on beat 1 and snares on the rest.
    public static func drumTrack(bpm: Double, duration: Double, sampleRate: Int, beatsPerBar: Int = 4, style: Style,
                                 accentDownbeats: Bool = true, jitterMilliseconds: Double = 0, noiseSNR: Double? = nil,
                                 tempoRamp: Double = 0, startOffset: Double = 0.25,
                                 seed: UInt64 = 1) -> (samples: [Float], beats: [Double], downbeats: [Double]) {
        let rate = Double(sampleRate)
        var out = [Double](repeating: 0, count: Int((duration * rate).rounded()))
        var rng = SplitMix64(seed: seed)
        let grid = beatGrid(bpm: bpm, start: startOffset, duration: duration, ramp: tempoRamp)
        var beats: [Double] = [], downbeats: [Double] = []
        for n in 0..<(grid.count - 1) {
            let time = max(0, grid[n] + rng.nextSigned() * jitterMilliseconds / 1000)
            let position = n % beatsPerBar
            let accented = accentDownbeats && position == 0
            beats.append(time)
            if position == 0 { downbeats.append(time) }
            switch style {
            case .click(let frequency):
                addClick(&out, at: time, frequency: frequency, accented: accented, rate: rate)
            case .drums:
                let kick = beatsPerBar == 4 ? position % 2 == 0 : position == 0
                if kick { addKick(&out, at: time, gain: accented ? 1.6 : 1, rate: rate) } else { addSnare(&out, at: time, rate: rate, rng: &rng) }
                addHat(&out, at: time, gain: 1, rate: rate, rng: &rng)
                let offbeat = max(0, (grid[n] + grid[n + 1]) / 2 + rng.nextSigned() * jitterMilliseconds / 1000)
                addHat(&out, at: offbeat, gain: 0.5, rate: rate, rng: &rng)
                if accented { addCrash(&out, at: time, rate: rate, rng: &rng) }
            }
        }
        if let snr = noiseSNR {
            let rms = (out.reduce(0) { $0 + $1 * $1 } / Double(max(out.count, 1))).squareRoot()
            let sigma = rms / pow(10, snr / 20)
            for i in out.indices { out[i] += sigma * rng.nextGaussian() }
        }
        return (normalized(out), beats, downbeats)
    }

    /// Unjittered beat times from `start` until 0.1 s before `duration`, plus one more (for off-beat positions).
    /// The tempo f(τ) = f0·(1 + r·τ/L) beats per second, τ seconds after `start`, L = duration − start; beat n falls
    /// where the integrated phase f0·(τ + r·τ²/2L) equals n.
    static func beatGrid(bpm: Double, start: Double, duration: Double, ramp: Double) -> [Double] {
        let f0 = bpm / 60, span = duration - start
        var times: [Double] = []
        var n = 0.0
        while true {
            let tau = 2 * n / (f0 + (f0 * f0 + 2 * ramp * f0 * n / span).squareRoot())
            times.append(start + tau)
            if start + tau >= duration - 0.1 { break }
            n += 1
        }
        return times
    }

    /// Adds `wave(t, i)` (t seconds since `onset`, i the sample index since the first sample) for `length` seconds
    /// from `onset`, at sub-sample precision, with a half-cosine taper over the last `taper` seconds.
    static func add(_ out: inout [Double], onset: Double, length: Double, rate: Double, taper: Double = 0.005,
                    _ wave: (Double, Int) -> Double) {
        let first = Int((onset * rate).rounded(.up))
        let last = min(out.count, Int(((onset + length) * rate).rounded(.down)))
        guard first < last else { return }
        for s in first..<last {
            let t = Double(s) / rate - onset
            let remaining = length - t
            let gain = remaining < taper ? 0.5 - 0.5 * cos(Double.pi * remaining / taper) : 1
            out[s] += gain * wave(t, s - first)
        }
    }

    /// `count` samples of white noise passed `passes` times through a one-pole high-pass at `cutoff` Hz.
    static func highPassedNoise(count: Int, cutoff: Double, passes: Int, rate: Double, rng: inout SplitMix64) -> [Double] {
        var x = (0..<count).map { _ in rng.nextSigned() }
        let rc = 1 / (2 * Double.pi * cutoff), a = rc / (rc + 1 / rate)
        for _ in 0..<passes {
            var previousIn = 0.0, previousOut = 0.0
            for i in x.indices {
                let y = a * (previousOut + x[i] - previousIn)
                previousIn = x[i]
                previousOut = y
                x[i] = y
            }
        }
        return x
    }

    /// A 15 ms decaying sine burst; accented: twice the amplitude plus the 2nd and 3rd harmonics.
    static func addClick(_ out: inout [Double], at time: Double, frequency: Double, accented: Bool, rate: Double) {
        let w = 2 * Double.pi * frequency
        add(&out, onset: time, length: 0.015, rate: rate, taper: 0.003) { t, _ in
            let env = exp(-t / 0.004)
            let tone = accented ? 2 * sin(w * t) + 0.8 * sin(2 * w * t) + 0.5 * sin(3 * w * t) : sin(w * t)
            return 0.3 * env * tone
        }
    }

    /// A 150 ms kick: a sine gliding from 55 to 45 Hz with a decaying level, plus a 1.5 kHz click.
    static func addKick(_ out: inout [Double], at time: Double, gain: Double, rate: Double) {
        add(&out, onset: time, length: 0.15, rate: rate, taper: 0.02) { t, _ in
            let phase = 2 * Double.pi * (45 * t + 10 * 0.03 * (1 - exp(-t / 0.03)))
            let body = 0.8 * exp(-t / 0.06) * sin(phase)
            let click = 0.3 * exp(-t / 0.002) * sin(2 * Double.pi * 1500 * t)
            return gain * (body + click)
        }
    }

    /// A 120 ms snare: a noise burst plus a 190 Hz tone.
    static func addSnare(_ out: inout [Double], at time: Double, rate: Double, rng: inout SplitMix64) {
        let noise = highPassedNoise(count: Int(0.12 * rate) + 2, cutoff: 800, passes: 1, rate: rate, rng: &rng)
        add(&out, onset: time, length: 0.12, rate: rate, taper: 0.01) { t, i in
            0.35 * exp(-t / 0.035) * noise[i] + 0.3 * exp(-t / 0.03) * sin(2 * Double.pi * 190 * t)
        }
    }

    /// A 50 ms closed hi-hat: high-passed noise (7 kHz), scaled by `gain`.
    static func addHat(_ out: inout [Double], at time: Double, gain: Double, rate: Double, rng: inout SplitMix64) {
        let noise = highPassedNoise(count: Int(0.05 * rate) + 2, cutoff: 7000, passes: 2, rate: rate, rng: &rng)
        add(&out, onset: time, length: 0.05, rate: rate, taper: 0.01) { t, i in 0.25 * gain * exp(-t / 0.012) * noise[i] }
    }

    /// A 1.2 s crash-like tail: high-passed noise (4 kHz) with a slow decay.
    static func addCrash(_ out: inout [Double], at time: Double, rate: Double, rng: inout SplitMix64) {
        let noise = highPassedNoise(count: Int(1.2 * rate) + 2, cutoff: 4000, passes: 2, rate: rate, rng: &rng)
        add(&out, onset: time, length: 1.2, rate: rate, taper: 0.1) { t, i in 0.3 * exp(-t / 0.35) * noise[i] }
    }

    /// The samples scaled so that their peak is `peak` (−1 dBFS), as Float.
    static func normalized(_ samples: [Double]) -> [Float] {
        let maximum = samples.reduce(0) { max($0, abs($1)) }
        let scale = maximum > 0 ? peak / maximum : 1
        return samples.map { Float($0 * scale) }
    }
}

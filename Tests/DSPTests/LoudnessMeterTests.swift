// LoudnessMeterTests: our BS.1770 meter against ffmpeg's ebur128 filter and EBU Tech 3341 reference values.
// Knows nothing about the normalizer.

import DSP
import Foundation
import Testing

@Suite("LoudnessMeter")
struct LoudnessMeterTests {
    /// One measured signal: what we read and what ffmpeg reads.
    struct Comparison: CustomStringConvertible {
        var name: String
        var ours: Double
        var ffmpeg: Double
        var oursPeak: Double
        var ffmpegPeak: Double
        var description: String {
            String(format: "%@: ours %.3f LUFS, ffmpeg %.1f LUFS; true peak ours %.2f dBTP, ffmpeg %.1f dBTP",
                   name, ours, ffmpeg, oursPeak, ffmpegPeak)
        }
    }

    static func compare(_ name: String, _ path: String) throws -> Comparison {
        let meter = try LoudnessMeter.measure(path: path)
        let reference = try FFmpegCLI.ebur128(path)
        let c = Comparison(name: name, ours: meter.integratedLoudness ?? -.infinity, ffmpeg: reference.integrated,
                           oursPeak: meter.truePeakDBTP, ffmpegPeak: reference.truePeak)
        print("[loudness] \(c)")
        return c
    }

    /// EBU Tech 3341 test 1: a 997 Hz sine at -23 dBFS in both stereo channels reads -23.0 LUFS;
    /// the same sine at -20 dBFS in one mono channel also reads -23.0 LUFS (3 dB less power).
    @Test("997 Hz reference sines read -23.0 LUFS (EBU Tech 3341)",
          arguments: [(44100, 2, -23.0), (48000, 2, -23.0), (44100, 1, -20.0), (48000, 1, -20.0)])
    func referenceSine(sampleRate: Int, channels: Int, dBFS: Double) throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("sine.wav")
        let format = PCMFormat(sampleRate: sampleRate, channels: channels)
        let amplitude = pow(10, dBFS / 20)
        try TestSignals.write(TestSignals.sine(frames: sampleRate * 10, channels: channels, sampleRate: sampleRate,
                                               frequency: 997, amplitude: amplitude),
                              format: format, to: path)
        let c = try Self.compare("sine997 \(channels)ch \(dBFS) dBFS @\(sampleRate)", path)
        #expect(abs(c.ours - -23.0) < 0.05)
        #expect(abs(c.ours - c.ffmpeg) <= 0.2)
        #expect(abs(c.oursPeak - dBFS) < 0.05)
        #expect(abs(c.oursPeak - c.ffmpegPeak) <= 0.2)
    }

    @Test("seeded white noise agrees with ffmpeg", arguments: [44100, 48000])
    func whiteNoise(sampleRate: Int) throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("noise.wav")
        try TestSignals.write(TestSignals.noise(frames: sampleRate * 8, channels: 2, amplitude: 0.5, seed: 7),
                              format: PCMFormat(sampleRate: sampleRate, channels: 2), to: path)
        let c = try Self.compare("white@\(sampleRate)", path)
        #expect(abs(c.ours - c.ffmpeg) <= 0.2)
        // Full-band noise has energy right up to Nyquist, where ffmpeg's resampler (cutoff below
        // Nyquist) reads lower than our Nyquist-cutoff interpolator: ours must be the conservative one.
        #expect(c.oursPeak >= c.ffmpegPeak - 0.1)
        #expect(c.oursPeak <= c.ffmpegPeak + 0.6)
    }

    @Test("gated pink noise and tones (ffmpeg lavfi) agree with ffmpeg", arguments: [44100, 48000])
    func gatedSignals(sampleRate: Int) throws {
        let dir = try TemporaryDirectory()
        // Loud and quiet passages plus silence exercise both gates.
        let sources = [
            ("pink", "anoisesrc=c=pink:a=0.3:seed=3:r=\(sampleRate):d=12"),
            ("bursts", "aevalsrc=exprs='0.6*sin(2*PI*440*t)*gt(mod(t\\,3)\\,1.5)+0.02*sin(2*PI*3000*t)|0.4*sin(2*PI*660*t)*gt(mod(t\\,3)\\,1.5)':s=\(sampleRate):d=12"),
            ("chirp", "aevalsrc=exprs='0.5*sin(2*PI*(50+t*t*150)*t)':s=\(sampleRate):d=10"),
        ]
        for (name, lavfi) in sources {
            let path = dir.file("\(name).wav")
            try FFmpegCLI.generate(lavfi, to: path)
            let c = try Self.compare("\(name)@\(sampleRate)", path)
            #expect(abs(c.ours - c.ffmpeg) <= 0.2, "\(c)")
            #expect(abs(c.oursPeak - c.ffmpegPeak) <= 0.3, "\(c)")
        }
    }

    @Test("5.1 weights: LFE ignored, surrounds weighted 1.41, agreeing with ffmpeg")
    func surround() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("surround.wav")
        var samples = TestSignals.noise(frames: 48000 * 6, channels: 6, amplitude: 0.3, seed: 11)
        for f in 0..<(48000 * 6) { samples[f * 6 + 3] *= 3 } // loud LFE must not count
        try TestSignals.write(samples, format: PCMFormat(sampleRate: 48000, channels: 6), to: path)
        let c = try Self.compare("5.1 noise", path)
        #expect(abs(c.ours - c.ffmpeg) <= 0.2)
        var unweighted = LoudnessMeter(format: PCMFormat(sampleRate: 48000, channels: 5))
        unweighted.process((0..<(48000 * 6)).flatMap { f in [0, 1, 2, 4, 5].map { samples[f * 6 + $0] } })
        // Surrounds at 1.41 make the 5.1 reading louder than the same five channels at weight 1.
        #expect(c.ours > unweighted.integratedLoudness! + 0.5)
    }

    @Test("silence has no integrated loudness and -inf peaks; short input has none either")
    func silence() {
        var meter = LoudnessMeter(format: PCMFormat(sampleRate: 48000, channels: 2))
        meter.process([Float](repeating: 0, count: 48000 * 2 * 2))
        #expect(meter.integratedLoudness == nil)
        #expect(meter.truePeakDBTP == -.infinity)
        #expect(meter.samplePeakDBFS == -.infinity)

        var short = LoudnessMeter(format: PCMFormat(sampleRate: 48000, channels: 1))
        short.process(TestSignals.sine(frames: 48000 * 3 / 10, channels: 1, sampleRate: 48000, frequency: 1000, amplitude: 0.5))
        #expect(short.integratedLoudness == nil) // under one 400 ms block
    }

    @Test("chunk size does not change the result")
    func chunking() {
        let format = PCMFormat(sampleRate: 44100, channels: 2)
        let samples = TestSignals.noise(frames: 44100 * 3, channels: 2, amplitude: 0.4, seed: 5)
        var whole = LoudnessMeter(format: format)
        whole.process(samples)
        var pieces = LoudnessMeter(format: format)
        var i = 0
        var size = 1
        while i < samples.count / 2 {
            let n = min(size, samples.count / 2 - i)
            pieces.process(Array(samples[(i * 2)..<((i + n) * 2)]))
            i += n
            size = size * 3 % 9973 + 1
        }
        #expect(whole.integratedLoudness! == pieces.integratedLoudness!)
        #expect(whole.truePeak == pieces.truePeak)
        #expect(whole.samplePeak == pieces.samplePeak)
    }

    @Test("true peak sees inter-sample overs that sample peak misses")
    func interSamplePeak() {
        // fs/4 sine with a 45° phase: samples land at ±0.707 of the true amplitude.
        let format = PCMFormat(sampleRate: 48000, channels: 1)
        var meter = LoudnessMeter(format: format)
        let samples = (0..<48000).map { Float(0.9 * sin(Double.pi / 2 * Double($0) + Double.pi / 4)) }
        meter.process(samples)
        #expect(abs(meter.samplePeakDBFS - LoudnessMeter.decibels(0.9 * 0.5.squareRoot())) < 0.01)
        #expect(abs(meter.truePeakDBTP - LoudnessMeter.decibels(0.9)) < 0.1)
    }
}

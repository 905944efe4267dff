// LoudnessNormalizerTests: normalized outputs measured by ffmpeg's ebur128 hit the target and stay under the true-peak ceiling.
// Knows nothing about the meter's internals; ffmpeg is the referee.

import DSP
import Foundation
import Testing

@Suite("LoudnessNormalizer")
struct LoudnessNormalizerTests {
    /// A drum-like, high-crest signal: sharp full-band clicks near 0 dBFS every 250 ms over a noise-and-bass bed
    /// about 25 dB lower, so reaching -14 LUFS needs well over 10 dB of true-peak limiting on the clicks.
    static func transients(seconds: Int, sampleRate: Int) -> [Float] {
        var rng = SeededGenerator(seed: 42)
        let frames = seconds * sampleRate
        var out = [Float](repeating: 0, count: frames * 2)
        let period = sampleRate / 4
        for f in 0..<frames {
            let t = Double(f % period) / Double(sampleRate)
            let hit = exp(-t / 0.002) * 0.98
            let bass = sin(2 * Double.pi * 82.4 * Double(f) / Double(sampleRate)) * 0.05
            for c in 0..<2 {
                let bed = Double(Float.random(in: -1...1, using: &rng)) * 0.06 + bass
                let click = Double(Float.random(in: -1...1, using: &rng)) * hit
                out[f * 2 + c] = Float(max(-1, min(1, click + bed)))
            }
        }
        return out
    }

    /// Hard-clipped, over-driven tones and noise: near full scale everywhere, inter-sample overs at the clip edges.
    static func clipped(seconds: Int, sampleRate: Int) -> [Float] {
        var rng = SeededGenerator(seed: 43)
        let frames = seconds * sampleRate
        var out = [Float](repeating: 0, count: frames * 2)
        for f in 0..<frames {
            let t = Double(f) / Double(sampleRate)
            let tone = 3 * sin(2 * Double.pi * 110 * t) + 2 * sin(2 * Double.pi * 3520 * t)
            for c in 0..<2 {
                let v = tone + Double(Float.random(in: -1...1, using: &rng))
                out[f * 2 + c] = Float(max(-1, min(1, v)))
            }
        }
        return out
    }

    static func check(_ name: String, input: String, target: Double, in dir: TemporaryDirectory,
                      expectLimiting: Bool? = nil) throws -> LoudnessReport {
        let output = dir.file("\(name)-\(Int(-target)).wav")
        let recorder = ProgressRecorder()
        let report = try LoudnessNormalizer.normalize(input: input, output: output, targetLUFS: target) { recorder.record($0) }
        #expect(recorder.isMonotoneToOne)
        let measured = try FFmpegCLI.ebur128(output)
        print(String(format: "[normalize] %@ → %.0f: input %.2f LUFS / %.2f dBTP, gain %+.2f dB, %d passes, %d limited frames (max %.1f dB); "
                     + "output ours %.2f LUFS / %.2f dBTP, ffmpeg %.1f LUFS / %.1f dBTP",
                     name, target, report.inputIntegratedLUFS ?? -.infinity, report.inputTruePeakDBTP ?? -.infinity,
                     report.gainDB, report.passes, report.limitedFrames, report.maxGainReductionDB,
                     report.outputIntegratedLUFS ?? -.infinity, report.outputTruePeakDBTP ?? -.infinity,
                     measured.integrated, measured.truePeak))
        #expect(abs(measured.integrated - target) <= 0.5, "\(name): ffmpeg reads \(measured.integrated) LUFS")
        #expect(measured.truePeak <= -1.0, "\(name): ffmpeg true peak \(measured.truePeak) dBTP")
        #expect((report.outputTruePeakDBTP ?? -.infinity) <= -1.0)
        if let ours = report.outputIntegratedLUFS { #expect(abs(ours - measured.integrated) <= 0.2) }
        if let expectLimiting { #expect((report.limitedFrames > 0) == expectLimiting, "\(name)") }
        #expect(try WAVReader(path: output).frameCount == WAVReader(path: input).frameCount)
        return report
    }

    @Test("pink noise reaches -14 and -23 LUFS without limiting", arguments: [44100, 48000])
    func pinkNoise(sampleRate: Int) throws {
        let dir = try TemporaryDirectory()
        let input = dir.file("pink.wav")
        try FFmpegCLI.generate("anoisesrc=c=pink:a=0.05:seed=9:r=\(sampleRate):d=6", to: input, extra: ["-ac", "2"])
        for target in [-14.0, -23.0] {
            let report = try Self.check("pink@\(sampleRate)", input: input, target: target, in: dir, expectLimiting: false)
            #expect(report.passes == 1)
            #expect(abs(report.gainDB - (target - report.inputIntegratedLUFS!)) < 1e-9)
        }
        #expect(try dir.contents().allSatisfy { !$0.hasPrefix(".") }) // no temp files left
    }

    @Test("a high-crest transient signal is limited to the ceiling and still reaches the target", arguments: [44100, 48000])
    func transients(sampleRate: Int) throws {
        let dir = try TemporaryDirectory()
        let input = dir.file("drums.wav")
        try TestSignals.write(Self.transients(seconds: 5, sampleRate: sampleRate), format: PCMFormat(sampleRate: sampleRate, channels: 2), to: input)
        for target in [-14.0, -23.0] {
            let report = try Self.check("transients@\(sampleRate)", input: input, target: target, in: dir, expectLimiting: true)
            if target == -14 {
                #expect(report.maxGainReductionDB > 10)
                #expect(report.passes > 1) // limiting cost loudness, so the gain was corrected
                #expect(report.gainDB > target - report.inputIntegratedLUFS!)
            }
        }
    }

    @Test("a heavily clipped loud signal with inter-sample overs ends up under the ceiling")
    func clippedInput() throws {
        let dir = try TemporaryDirectory()
        let input = dir.file("clipped.wav")
        try TestSignals.write(Self.clipped(seconds: 5, sampleRate: 44100), format: PCMFormat(sampleRate: 44100, channels: 2), to: input)
        let before = try FFmpegCLI.ebur128(input)
        #expect(before.truePeak > 0) // the input really has inter-sample overs
        // K-weighted, this signal is about +3 LUFS with a true peak near +4.5 dBTP: only a very loud
        // target (-2 LUFS) leaves its peaks above the ceiling after the gain.
        for target in [-14.0, -23.0, -2.0] {
            _ = try Self.check("clipped", input: input, target: target, in: dir, expectLimiting: target == -2)
        }
    }

    @Test("silent input: gain 0, silent output of the same length, no loudness values")
    func silence() throws {
        let dir = try TemporaryDirectory()
        let input = dir.file("silence.wav"), output = dir.file("out.wav")
        try TestSignals.write([Float](repeating: 0, count: 48000 * 2 * 2), format: PCMFormat(sampleRate: 48000, channels: 2), to: input)
        let report = try LoudnessNormalizer.normalize(input: input, output: output)
        #expect(report.gainDB == 0)
        #expect(report.inputIntegratedLUFS == nil && report.outputIntegratedLUFS == nil)
        #expect(report.inputTruePeakDBTP == nil && report.outputTruePeakDBTP == nil)
        #expect(report.limitedFrames == 0 && report.frames == 96000)
        let (_, samples) = try TestSignals.readAll(output)
        #expect(samples.count == 96000 * 2 && samples.allSatisfy { $0 == 0 })
        // The report encodes to JSON (no infinities).
        let json = try JSONEncoder().encode(report)
        #expect(try JSONDecoder().decode(LoudnessReport.self, from: json) == report)
    }

    @Test("a missing input fails without creating the output")
    func missingInput() throws {
        let dir = try TemporaryDirectory()
        let output = dir.file("out.wav")
        #expect(throws: DSPError.self) { try LoudnessNormalizer.normalize(input: dir.file("nope.wav"), output: output) }
        #expect(try dir.contents().isEmpty)
    }
}

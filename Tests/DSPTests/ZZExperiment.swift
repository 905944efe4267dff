import DSP
import Foundation
import Testing

@Test func zzTruePeakSweep() throws {
    let dir = try TemporaryDirectory()
    for sr in [44100, 48000] {
        for f in [1000.0, 10000, 15000, 18000, 19000, 20000, 21000, 22000, 23000] where f < Double(sr) / 2 {
            // amplitude 0.5, phase so samples straddle the crest
            let n = sr
            let s0 = (0..<n).map { Float(0.5 * sin(2 * Double.pi * f * (Double($0) + 0.5) / Double(sr) + 0.3)) }
            var s2 = s0; var r = EdgeRamp(totalFrames: n, fadeInFrames: sr / 10, fadeOutFrames: sr / 10, channels: 1); r.apply(&s2); let s = s2
            let path = dir.file("s.wav")
            try TestSignals.write(s, format: PCMFormat(sampleRate: sr, channels: 1), to: path)
            var m = LoudnessMeter(format: PCMFormat(sampleRate: sr, channels: 1))
            m.process(s)
            let ff = try FFmpegCLI.ebur128(path)
            print(String(format: "[sweep] sr %d f %5.0f: sample %.2f ours %.3f ffmpeg %.1f (true -6.021)", sr, f, m.samplePeakDBFS, m.truePeakDBTP, ff.truePeak))
        }
    }
}

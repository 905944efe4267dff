import DSP
import Foundation
import Testing

@Test func zzLimiterSweep() throws {
    let dir = try TemporaryDirectory()
    var cases: [(String, String)] = []
    let sr = 48000
    let p = dir.file("clicks.wav")
    try TestSignals.write(LoudnessNormalizerTests.transients(seconds: 8, sampleRate: sr), format: PCMFormat(sampleRate: sr, channels: 2), to: p)
    cases.append(("fullband-clicks", p))
    let lp = dir.file("clicks-lp.wav")
    try FFmpegCLI.run(["-y", "-i", p, "-af", "lowpass=f=16000:p=2,lowpass=f=16000:p=2", "-c:a", "pcm_f32le", lp])
    cases.append(("clicks-lp16k", lp))
    let c44 = dir.file("clipped.wav")
    try TestSignals.write(LoudnessNormalizerTests.clipped(seconds: 8, sampleRate: 44100), format: PCMFormat(sampleRate: 44100, channels: 2), to: c44)
    cases.append(("clipped44", c44))
    let hf = dir.file("hf.wav")
    try FFmpegCLI.generate("aevalsrc=exprs='0.3*sin(2*PI*15000*t)*(0.3+0.7*gt(mod(t\\,0.5)\\,0.45))+0.3*sin(2*PI*300*t)|0.3*sin(2*PI*19000*t+1)*(0.3+0.7*gt(mod(t\\,0.37)\\,0.33))':s=48000:d=8", to: hf)
    cases.append(("hf-bursts", hf))
    let sq = dir.file("square.wav")
    try FFmpegCLI.generate("aevalsrc=exprs='0.99*(2*gt(mod(t*997\\,1)\\,0.5)-1)|0.99*(2*gt(mod(t*3001\\,1)\\,0.5)-1)':s=44100:d=6", to: sq)
    cases.append(("naive-square", sq))
    for (name, path) in cases {
        for target in [-14.0, -4.0] {
            let out = dir.file("\(name)-out.wav")
            let t0 = Date()
            let r = try LoudnessNormalizer.normalize(input: path, output: out, targetLUFS: target)
            let dt = Date().timeIntervalSince(t0)
            let ff = try FFmpegCLI.ebur128(out)
            print(String(format: "[sweep] %@ → %.0f: in %.2f/%.2f gain %.2f passes %d maxGR %.1f | ours %.2f LUFS %.3f dBTP | ffmpeg %.1f %.1f | %.1fs",
                         name, target, r.inputIntegratedLUFS ?? -99, r.inputTruePeakDBTP ?? -99, r.gainDB, r.passes, r.maxGainReductionDB,
                         r.outputIntegratedLUFS ?? -99, r.outputTruePeakDBTP ?? -99, ff.integrated, ff.truePeak, dt))
        }
    }
}

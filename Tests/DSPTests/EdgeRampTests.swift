// EdgeRampTests: raised-cosine edge fades, whole-buffer and streamed in odd chunk sizes.
// Knows nothing about files.

import DSP
import Testing

@Suite("EdgeRamp")
struct EdgeRampTests {
    @Test("fades start and end at zero, leave the middle alone, and are monotone")
    func shape() {
        let format = PCMFormat(sampleRate: 48000, channels: 2)
        let frames = 4800
        var samples = [Float](repeating: 1, count: frames * 2)
        var ramp = EdgeRamp(totalFrames: frames, format: format, milliseconds: 5)
        #expect(ramp.fadeInFrames == 240 && ramp.fadeOutFrames == 240)
        ramp.apply(&samples)
        #expect(samples[0] == 0 && samples[1] == 0)
        #expect(samples[frames * 2 - 1] == 0 && samples[frames * 2 - 2] == 0)
        #expect(samples[240 * 2] == 1 && samples[(frames - 241) * 2] == 1)
        #expect(samples[(240 * 2)..<((frames - 240) * 2)].allSatisfy { $0 == 1 })
        for f in 1..<240 {
            #expect(samples[f * 2] > samples[(f - 1) * 2])
            #expect(samples[(frames - 1 - f) * 2] > samples[(frames - f) * 2])
        }
        // Raised cosine: the mid point of the fade is at half gain.
        #expect(abs(samples[120 * 2] - 0.5) < 1e-6)
    }

    @Test("streaming in odd chunks equals one pass")
    func streaming() {
        let samples = TestSignals.noise(frames: 3001, channels: 3, amplitude: 0.8, seed: 9)
        var whole = samples
        var ramp = EdgeRamp(totalFrames: 3001, fadeInFrames: 500, fadeOutFrames: 77, channels: 3)
        ramp.apply(&whole)

        var streamed: [Float] = []
        var chunked = EdgeRamp(totalFrames: 3001, fadeInFrames: 500, fadeOutFrames: 77, channels: 3)
        var f = 0
        var size = 1
        while f < 3001 {
            let n = min(size, 3001 - f)
            var piece = Array(samples[(f * 3)..<((f + n) * 3)])
            chunked.apply(&piece)
            streamed += piece
            f += n
            size = size * 5 % 613 + 1
        }
        #expect(streamed == whole)
    }

    @Test("fades longer than a short stream overlap and multiply")
    func shortStream() {
        var samples = [Float](repeating: 1, count: 10)
        var ramp = EdgeRamp(totalFrames: 10, fadeInFrames: 20, fadeOutFrames: 20, channels: 1)
        #expect(ramp.fadeInFrames == 10)
        ramp.apply(&samples)
        #expect(samples.first == 0 && samples.last == 0)
        #expect(samples.allSatisfy { $0 >= 0 && $0 < 1 })
    }
}

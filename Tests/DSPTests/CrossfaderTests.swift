// CrossfaderTests: exact output lengths, sample bookkeeping, equal-power behaviour, ffmpeg parity and errors.
// Knows nothing about loudness.

import DSP
import Foundation
import Testing

@Suite("Crossfader")
struct CrossfaderTests {
    static let format = PCMFormat(sampleRate: 48000, channels: 2)

    /// Writes one input per length (different seeds) and returns their paths.
    static func inputs(_ lengths: [Int], in dir: TemporaryDirectory, format: PCMFormat = format) throws -> [String] {
        try lengths.enumerated().map { i, n in
            let path = dir.file("in\(i).wav")
            try TestSignals.write(TestSignals.noise(frames: n, channels: format.channels, amplitude: 0.5, seed: UInt64(100 + i)),
                                  format: format, to: path)
            return path
        }
    }

    @Test("output length is exactly sum(lengths) - sum(transitions)",
          arguments: CrossfadeCurve.allCases)
    func exactLengths(curve: CrossfadeCurve) throws {
        let dir = try TemporaryDirectory()
        let cases: [([Int], [Int])] = [
            ([1000], []),
            ([1000, 1000], [0]),
            ([1000, 1000], [1000]),
            ([48000, 30001, 70000], [12345, 17656]), // middle input fully used by its two transitions
            ([40000, 100_000, 33333, 5], [40000, 0, 5]),
            ([1, 1, 1], [1, 0]),
            ([70_001, 65_537], [65_536]), // longer than one chunk
        ]
        for (n, (lengths, transitions)) in cases.enumerated() {
            let paths = try Self.inputs(lengths, in: dir)
            let out = dir.file("out\(n).wav")
            let written = try Crossfader.join(inputs: paths, transitions: transitions, curve: curve, output: out)
            let expected = lengths.reduce(0, +) - transitions.reduce(0, +)
            #expect(written == expected, "\(lengths) \(transitions)")
            #expect(try WAVReader(path: out).frameCount == expected, "\(lengths) \(transitions)")
        }
    }

    @Test("zero-length transitions concatenate bit-exactly; bodies pass through untouched")
    func concatenation() throws {
        let dir = try TemporaryDirectory()
        let lengths = [5000, 40000, 3000]
        let paths = try Self.inputs(lengths, in: dir)
        let sources = try paths.map { try TestSignals.readAll($0).samples }
        for curve in [CrossfadeCurve.equalPower, .linear] {
            let out = dir.file("cat-\(curve.rawValue).wav")
            try Crossfader.join(inputs: paths, transitions: [0, 0], curve: curve, output: out)
            #expect(try TestSignals.readAll(out).samples == sources.flatMap { $0 })
        }
        // With a transition, everything outside the overlap is the input unchanged.
        let out = dir.file("xfade.wav")
        try Crossfader.join(inputs: Array(paths[0..<2]), transitions: [2000], curve: .equalPower, output: out)
        let joined = try TestSignals.readAll(out).samples
        #expect(Array(joined[0..<(3000 * 2)]) == Array(sources[0][0..<(3000 * 2)]))
        #expect(Array(joined[(5000 * 2)...]) == Array(sources[1][(2000 * 2)...]))
    }

    @Test("none: butt splice at the middle of the overlap with 5 ms de-click ramps")
    func buttSplice() throws {
        let dir = try TemporaryDirectory()
        let a = dir.file("a.wav"), b = dir.file("b.wav"), out = dir.file("out.wav")
        try TestSignals.write([Float](repeating: 0.5, count: 10_000 * 2), format: Self.format, to: a)
        try TestSignals.write([Float](repeating: -0.25, count: 8000 * 2), format: Self.format, to: b)
        try Crossfader.join(inputs: [a, b], transitions: [1000], curve: .none, output: out)
        let s = try TestSignals.readAll(out).samples
        let splice = 9000 + 500, ramp = 240 // 5 ms at 48 kHz
        #expect(s.count == 17000 * 2)
        #expect(s[(splice - ramp - 1) * 2] == 0.5)    // A at full level before its fade-out
        #expect(s[(splice - 1) * 2] == 0)              // A faded to zero at the splice
        #expect(s[splice * 2] == 0)                    // B starts from zero
        #expect(s[(splice + ramp) * 2] == -0.25)       // B at full level after its fade-in
        #expect(s[(splice - ramp / 2) * 2] > 0.2 && s[(splice - ramp / 2) * 2] < 0.3)
        #expect(s[0..<((splice - ramp) * 2)].allSatisfy { $0 == 0.5 })
        #expect(s[((splice + ramp) * 2)...].allSatisfy { $0 == -0.25 })

        // A zero-length `none` transition splices at the boundary, also de-clicked.
        let zero = dir.file("zero.wav")
        try Crossfader.join(inputs: [a, b], transitions: [0], curve: .none, output: zero)
        let z = try TestSignals.readAll(zero).samples
        #expect(z.count == 18000 * 2)
        #expect(z[9999 * 2] == 0 && z[10000 * 2] == 0 && z[(10000 - ramp - 1) * 2] == 0.5 && z[(10000 + ramp) * 2] == -0.25)
    }

    @Test("equal-power keeps the level of uncorrelated noise within 1 dB; linear dips about 3 dB")
    func equalPowerLevel() throws {
        let dir = try TemporaryDirectory()
        let sr = 48000
        let paths = try Self.inputs([sr * 3, sr * 3], in: dir) // same RMS, different seeds
        let transition = sr * 2
        let window = sr / 20 // 50 ms
        var deviations: [CrossfadeCurve: (min: Double, max: Double)] = [:]
        for curve in [CrossfadeCurve.equalPower, .linear] {
            let out = dir.file("\(curve.rawValue).wav")
            try Crossfader.join(inputs: paths, transitions: [transition], curve: curve, output: out)
            let s = try TestSignals.readAll(out).samples
            let steady = TestSignals.rmsDB(s, channels: 2, start: 0, count: sr / 2)
            var lo = Double.infinity, hi = -Double.infinity
            var start = sr // the transition spans [sr, 3 sr)
            while start + window <= sr + transition {
                let level = TestSignals.rmsDB(s, channels: 2, start: start, count: window) - steady
                lo = min(lo, level); hi = max(hi, level)
                start += window
            }
            deviations[curve] = (lo, hi)
            print(String(format: "[crossfade] %@: 50 ms RMS through the transition from %.2f to %.2f dB of steady level", curve.rawValue, lo, hi))
        }
        let ep = try #require(deviations[.equalPower]), lin = try #require(deviations[.linear])
        #expect(ep.min > -1 && ep.max < 1)
        #expect(lin.min < -2.5 && lin.min > -3.6)
    }

    @Test("equal-power and linear match ffmpeg acrossfade (qsin, tri) sample for sample",
          arguments: [(CrossfadeCurve.equalPower, "qsin"), (.linear, "tri")])
    func matchesFFmpeg(curve: CrossfadeCurve, ffmpegCurve: String) throws {
        let dir = try TemporaryDirectory()
        let paths = try Self.inputs([30000, 25000], in: dir)
        let ours = dir.file("ours.wav"), theirs = dir.file("theirs.wav")
        try Crossfader.join(inputs: paths, transitions: [9600], curve: curve, output: ours)
        try FFmpegCLI.run(["-y", "-i", paths[0], "-i", paths[1], "-filter_complex",
                           "acrossfade=ns=9600:c1=\(ffmpegCurve):c2=\(ffmpegCurve)", "-c:a", "pcm_f32le", theirs])
        let a = try TestSignals.readAll(ours).samples, b = try TestSignals.readAll(theirs).samples
        #expect(a.count == b.count)
        let worst = zip(a, b).map { abs($0 - $1) }.max() ?? 1
        #expect(worst < 1e-5, "worst difference \(worst)")
    }

    @Test("transitions that do not fit are refused with a clear error, and no output appears")
    func tooLong() throws {
        let dir = try TemporaryDirectory()
        let paths = try Self.inputs([1000, 800, 1200], in: dir)
        let out = dir.file("out.wav")
        let cases: [([String], [Int], String)] = [
            (Array(paths[0..<2]), [1001], "longer than '\(paths[0])' (1000 frames)"),
            (Array(paths[0..<2]), [900], "longer than '\(paths[1])' (800 frames)"),
            (paths, [500, 301], "longer than what remains of '\(paths[1])' after its incoming transition (300 of 800 frames)"),
            (Array(paths[0..<2]), [-1], "negative"),
        ]
        for (inputs, transitions, message) in cases {
            let error = #expect(throws: DSPError.self) {
                try Crossfader.join(inputs: inputs, transitions: transitions, curve: .equalPower, output: out)
            }
            #expect(error?.code == .invalidTransition)
            #expect(error?.description.contains(message) == true, "\(error?.description ?? "")")
        }
        #expect(try dir.contents() == ["in0.wav", "in1.wav", "in2.wav"])
        // The boundary cases fit.
        #expect(try Crossfader.join(inputs: paths, transitions: [500, 300], curve: .linear, output: out) == 2200)
        #expect(try Crossfader.outputFrameCount(inputFrames: [1000, 800, 1200], transitions: [200, 600]) == 2200)
    }

    @Test("inputs of different formats, or a wrong transition count, are refused")
    func mismatches() throws {
        let dir = try TemporaryDirectory()
        let a = try Self.inputs([1000], in: dir)[0]
        let b = dir.file("mono.wav")
        try TestSignals.write([Float](repeating: 0, count: 1000), format: PCMFormat(sampleRate: 48000, channels: 1), to: b)
        let out = dir.file("out.wav")
        let error = #expect(throws: DSPError.self) {
            try Crossfader.join(inputs: [a, b], transitions: [10], curve: .linear, output: out)
        }
        #expect(error?.code == .formatMismatch)
        #expect(error?.description.contains(b) == true)
        #expect(throws: DSPError.self) { try Crossfader.join(inputs: [a, a], transitions: [], curve: .linear, output: out) }
        #expect(throws: DSPError.self) { try Crossfader.join(inputs: [], transitions: [], curve: .linear, output: out) }
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(try dir.contents() == ["in0.wav", "mono.wav"])
    }

    @Test("progress rises monotonically to 1")
    func progress() throws {
        let dir = try TemporaryDirectory()
        let paths = try Self.inputs([100_000, 90_000], in: dir)
        let recorder = ProgressRecorder()
        try Crossfader.join(inputs: paths, transitions: [20000], curve: .equalPower, output: dir.file("o.wav")) {
            recorder.record($0)
        }
        #expect(recorder.values.count > 3)
        #expect(recorder.isMonotoneToOne)
    }
}

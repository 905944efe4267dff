// Bad arguments: each is refused with a TimeStretchError whose code names the problem.
// It knows nothing of Rubber Band; no call here reaches the library.

import Testing
import TimeStretch

@Suite("Arguments")
struct ArgumentTests {
    let stereo = TimeStretcher(sampleRate: 44100, channels: 2)
    let clip: [[Float]] = [[Float](repeating: 0.1, count: 44100), [Float](repeating: 0.1, count: 44100)]

    /// Runs `body` and returns the code of the TimeStretchError it throws.
    private func code(_ body: () throws -> Void) -> TimeStretchError.Code? {
        let error = #expect(throws: TimeStretchError.self) { try body() }
        if let error { #expect(!error.description.isEmpty) }
        return error?.code
    }

    @Test func emptyInput() {
        #expect(code { _ = try stereo.process([[], []], outputFrames: 100) } == .emptyInput)
        #expect(code { _ = try stereo.process(interleaved: [], outputFrames: 100) } == .emptyInput)
    }

    @Test func mismatchedChannels() {
        #expect(code { _ = try stereo.process([clip[0], Array(clip[1].dropLast())], outputFrames: 100) } == .channelMismatch)
        #expect(code { _ = try stereo.process([clip[0]], outputFrames: 100) } == .channelMismatch)
        #expect(code { _ = try stereo.process(interleaved: [0, 0, 0], outputFrames: 100) } == .channelMismatch)
    }

    @Test func badOutputLength() {
        #expect(code { _ = try stereo.process(clip, outputFrames: 0) } == .invalidOutputLength)
        #expect(code { _ = try stereo.process(clip, outputFrames: -5) } == .invalidOutputLength)
        #expect(code { _ = try stereo.process(clip, outputFrames: 44100 * 20) } == .invalidOutputLength)
    }

    @Test func badAnchors() {
        let a = StretchAnchor(source: 10000, target: 10500)
        let cases: [[StretchAnchor]] = [
            [a, a],
            [a, StretchAnchor(source: 9000, target: 12000)],
            [a, StretchAnchor(source: 12000, target: 10500)],
            [StretchAnchor(source: 0, target: 0)],
            [StretchAnchor(source: -1, target: 100)],
            [StretchAnchor(source: 44100, target: 40000)],
            [StretchAnchor(source: 20000, target: 46000)],
            [StretchAnchor(source: 100, target: 40000)],
        ]
        for anchors in cases {
            #expect(code { _ = try stereo.process(clip, outputFrames: 46000, anchors: anchors) } == .invalidAnchors, "\(anchors)")
        }
    }

    @Test func badPitchAndFormat() {
        #expect(code { _ = try stereo.process(clip, outputFrames: 44100, semitones: .nan) } == .invalidPitch)
        #expect(code { _ = try stereo.process(clip, outputFrames: 44100, semitones: 100) } == .invalidPitch)
        #expect(code { _ = try TimeStretcher(sampleRate: 0, channels: 2).process(clip, outputFrames: 100) } == .invalidFormat)
        #expect(code { _ = try TimeStretcher(sampleRate: 44100, channels: 0).process([], outputFrames: 100) } == .invalidFormat)
    }
}

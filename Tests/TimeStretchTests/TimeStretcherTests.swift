// TimeStretcher as a whole: the identity short cut, interleaved and planar agreement, determinism, long input, version.
// It knows nothing of Rubber Band's internals; it checks what callers (and the stage cache) rely on.

import Testing
import TimeStretch

@Suite("TimeStretcher")
struct TimeStretcherTests {
    @Test("an identity map without pitch shift returns the input unchanged")
    func identityIsACopy() throws {
        let input = TestSignals.clickTrack(seconds: 1)
        let stretcher = TimeStretcher(sampleRate: 44100, channels: 2)
        #expect(try stretcher.process(input, outputFrames: 44100) == input)
        #expect(try stretcher.process(input, outputFrames: 44100, anchors: [StretchAnchor(source: 100, target: 100)]) == input)
    }

    @Test("interleaved processing equals planar processing, and repeated runs are identical")
    func interleavedAndDeterministic() throws {
        let planar = TestSignals.clickTrack(seconds: 2)
        let stretcher = TimeStretcher(sampleRate: 44100, channels: 2)
        let outputFrames = 90000
        let first = try stretcher.process(planar, outputFrames: outputFrames, semitones: 1)
        let second = try stretcher.process(planar, outputFrames: outputFrames, semitones: 1)
        #expect(first == second)

        let interleaved = (0..<planar[0].count).flatMap { [planar[0][$0], planar[1][$0]] }
        let stretched = try stretcher.process(interleaved: interleaved, outputFrames: outputFrames, semitones: 1)
        #expect(stretched.count == outputFrames * 2)
        #expect(stretched == (0..<outputFrames).flatMap { [first[0][$0], first[1][$0]] })
    }

    @Test("a 60 s stereo input with anchors completes with the exact length and every click")
    func longInput() throws {
        let input = TestSignals.clickTrack(seconds: 60)
        let inputFrames = input[0].count
        let anchors = [StretchAnchor(source: 20 * 44100, target: 21 * 44100), StretchAnchor(source: 40 * 44100, target: 41 * 44100)]
        let outputFrames = inputFrames + 2 * 44100
        let output = try TimeStretcher(sampleRate: 44100, channels: 2)
            .process(input, outputFrames: outputFrames, anchors: anchors)
        #expect(output.map(\.count) == [outputFrames, outputFrames])
        let errors = try #require(PlacementErrors(
            inputOnsets: TestSignals.onsets(input), outputOnsets: TestSignals.onsets(output),
            inputFrames: inputFrames, outputFrames: outputFrames, anchors: anchors))
        print("TimeStretch click placement, 60 s with anchors: \(errors)")
        #expect(errors.maxAbsolute <= 6, "\(errors)")
    }

    @Test("the library version is Rubber Band 3")
    func version() {
        #expect(RubberBandInfo.version.hasPrefix("3."))
    }
}

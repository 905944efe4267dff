// Pitch shifting, alone and with a stretch: the length stays exact and the frequency moves by the semitones asked.
// It knows nothing of Rubber Band's internals; it measures the output tone.

import Foundation
import Testing
import TimeStretch

@Suite("Pitch shift")
struct PitchShiftTests {
    /// A shift of `semitones` with the output `ratio` times as long as the input.
    struct Case: Sendable, CustomTestStringConvertible {
        var semitones: Double
        var ratio: Double
        var testDescription: String { "\(semitones) semitones at ratio \(ratio)" }
    }

    @Test("a 440 Hz sine moves to 440 × 2^(semitones/12) within 1 %", arguments: [
        Case(semitones: 2, ratio: 1), Case(semitones: 2, ratio: 1.05), Case(semitones: -3, ratio: 0.92),
    ])
    func sineMoves(_ shift: Case) throws {
        let sampleRate = 44100
        let input = TestSignals.sine(frequency: 440, seconds: 3, sampleRate: sampleRate, channels: 2)
        let outputFrames = Int((Double(input[0].count) * shift.ratio).rounded())
        let output = try TimeStretcher(sampleRate: sampleRate, channels: 2)
            .process(input, outputFrames: outputFrames, semitones: shift.semitones)
        #expect(output.map(\.count) == [outputFrames, outputFrames])

        let expected = 440 * pow(2, shift.semitones / 12)
        let measured = TestSignals.frequency(
            output[0], sampleRate: sampleRate, from: outputFrames / 4, to: outputFrames * 3 / 4)
        print("TimeStretch pitch shift, \(shift.testDescription): \(String(format: "%.2f", measured)) Hz, expected \(String(format: "%.2f", expected)) Hz")
        #expect(abs(measured - expected) / expected < 0.01, "measured \(measured) Hz, expected \(expected) Hz")

        let middle = output[0][(outputFrames / 4)..<(outputFrames * 3 / 4)]
        let rms = (middle.reduce(0) { $0 + Double($1 * $1) } / Double(middle.count)).squareRoot()
        #expect(rms > 0.5 * 0.5 / 2.squareRoot() && rms < 2 * 0.5 / 2.squareRoot(), "RMS \(rms)")
    }
}

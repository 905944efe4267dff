// Click placement after stretching: clicks must land where the time map says, the property beat-matching needs.
// It knows nothing of Rubber Band's internals; it measures the stretched audio against the map.

import Testing
@testable import TimeStretch

@Suite("Click placement")
struct ClickPlacementTests {
    /// One stretch of the 8 s click track: the output length and the anchors of its time map.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var outputFrames: Int
        var anchors: [StretchAnchor] = []
        var semitones = 0.0
        var testDescription: String { name }
    }

    static let sampleRate = 44100
    static let track = TestSignals.clickTrack(seconds: 8, sampleRate: sampleRate)
    static let inputFrames = track[0].count

    static let cases: [Case] = [0.92, 1.05, 1.08].map {
        Case(name: "ratio \($0)", outputFrames: Int((Double(inputFrames) * $0).rounded()))
    } + [
        Case(
            name: "anchors 2 s -> 2.1 s, 5 s -> 4.9 s, 8 s -> 8 s", outputFrames: inputFrames,
            anchors: [
                StretchAnchor(source: 2 * sampleRate, target: 21 * sampleRate / 10),
                StretchAnchor(source: 5 * sampleRate, target: 49 * sampleRate / 10),
            ]),
        Case(
            name: "anchor 2 s -> 2.1 s, 8 s -> 8.1 s, +2 semitones", outputFrames: inputFrames + sampleRate / 10,
            anchors: [StretchAnchor(source: 2 * sampleRate, target: 21 * sampleRate / 10)], semitones: 2),
    ]

    @Test("clicks land on the time map within ±3 ms (median) and ±6 ms (max)", arguments: cases)
    func clicksLandOnTheMap(_ stretch: Case) throws {
        let stretcher = TimeStretcher(sampleRate: Self.sampleRate, channels: 2)
        let output = try stretcher.process(
            Self.track, outputFrames: stretch.outputFrames, anchors: stretch.anchors, semitones: stretch.semitones)
        #expect(output.map(\.count) == [stretch.outputFrames, stretch.outputFrames])

        let errors = try #require(PlacementErrors(
            inputOnsets: TestSignals.onsets(Self.track), outputOnsets: TestSignals.onsets(output),
            inputFrames: Self.inputFrames, outputFrames: stretch.outputFrames, anchors: stretch.anchors))
        print("TimeStretch click placement, \(stretch.name): \(errors)")
        #expect(errors.medianAbsolute <= 3, "\(errors)")
        #expect(errors.maxAbsolute <= 6, "\(errors)")
    }

    @Test("a tempo change for the first 2 s, then ratio 1: clicks on both sides of the anchor land", arguments: [
        (126, 120), (120, 126),
    ])
    func anchoredTempoChange(_ tempi: (Int, Int)) throws {
        let ratio = Double(tempi.0) / Double(tempi.1)
        let anchor = StretchAnchor(source: 2 * Self.sampleRate, target: Int((Double(2 * Self.sampleRate) * ratio).rounded()))
        let outputFrames = anchor.target + (Self.inputFrames - anchor.source)
        let output = try TimeStretcher(sampleRate: Self.sampleRate, channels: 2)
            .process(Self.track, outputFrames: outputFrames, anchors: [anchor])
        #expect(output.map(\.count) == [outputFrames, outputFrames])

        let inputOnsets = TestSignals.onsets(Self.track)
        let errors = try #require(PlacementErrors(
            inputOnsets: inputOnsets, outputOnsets: TestSignals.onsets(output),
            inputFrames: Self.inputFrames, outputFrames: outputFrames, anchors: [anchor]))
        let before = inputOnsets.indices.filter { inputOnsets[$0] < anchor.source }
        let after = inputOnsets.indices.filter { inputOnsets[$0] > anchor.source }
        try #require(before.count == 4 && after.count == 12)
        for side in [before, after] {
            let sideErrors = PlacementErrors(milliseconds: side.map { errors.milliseconds[$0] })
            print("TimeStretch click placement, ratio \(tempi.0)/\(tempi.1) for 2 s then 1, \(side == before ? "before" : "after") the anchor: \(sideErrors)")
            #expect(sideErrors.medianAbsolute <= 3, "\(sideErrors)")
            #expect(sideErrors.maxAbsolute <= 6, "\(sideErrors)")
        }
    }

    @Test("offline mode reports no start delay, and a unity stretch through Rubber Band keeps clicks in place")
    func startDelayIsCompensated() throws {
        let (output, report) = try OfflineRubberBand.renderReporting(
            Self.track, sampleRate: Self.sampleRate, outputFrames: Self.inputFrames, anchors: [], pitchScale: 1)
        #expect(report.startDelay == 0)
        #expect(report.producedFrames == Self.inputFrames)
        let errors = try #require(PlacementErrors(
            inputOnsets: TestSignals.onsets(Self.track), outputOnsets: TestSignals.onsets(output),
            inputFrames: Self.inputFrames, outputFrames: Self.inputFrames, anchors: []))
        print("TimeStretch click placement, ratio 1 through Rubber Band: \(errors)")
        #expect(errors.maxAbsolute <= 0.5, "\(errors)")
    }
}

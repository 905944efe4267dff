// Timing errors of detected onsets against where a time map says they should land.
// It knows nothing of how the audio was stretched; it compares two lists of frames.

import Foundation
import TimeStretch

/// Signed errors, in milliseconds, of output onsets against the mapped input onsets, matched in order.
struct PlacementErrors: CustomStringConvertible {
    /// One error per click: detected output frame minus expected output frame, in milliseconds.
    var milliseconds: [Double]

    /// Wraps errors already measured.
    init(milliseconds: [Double]) {
        self.milliseconds = milliseconds
    }

    /// Matches the k-th output onset to the k-th input onset mapped through the time map; nil if the counts differ.
    init?(
        inputOnsets: [Int], outputOnsets: [Int], inputFrames: Int, outputFrames: Int,
        anchors: [StretchAnchor], sampleRate: Int = 44100
    ) {
        guard inputOnsets.count == outputOnsets.count, !inputOnsets.isEmpty else { return nil }
        milliseconds = zip(inputOnsets, outputOnsets).map { input, output in
            let expected = TimeStretcher.outputPosition(
                ofInput: Double(input), inputFrames: inputFrames, outputFrames: outputFrames, anchors: anchors)
            return (Double(output) - expected) * 1000 / Double(sampleRate)
        }
    }

    /// The median of the absolute errors.
    var medianAbsolute: Double {
        let sorted = milliseconds.map(abs).sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The largest absolute error.
    var maxAbsolute: Double { milliseconds.map(abs).max() ?? 0 }

    /// Median and maximum, e.g. `median 0.21 ms, max 0.46 ms over 16 clicks`.
    var description: String {
        "median \(Self.format(medianAbsolute)) ms, max \(Self.format(maxAbsolute)) ms over \(milliseconds.count) clicks"
    }

    private static func format(_ value: Double) -> String { String(format: "%.2f", value) }
}

// How a long MP3 encode is split into runs that separate LAME instances encode at the same time, and how consecutive
// runs are joined into one valid stream. Pure: frame indices and bytes in, decisions out.
//
// Run i encodes input from a few frames before its nominal start (pre-roll, so the psychoacoustic model and the MDCT
// overlap are warm) to a margin past its nominal end. All runs start on MP3 frame boundaries, so frame g of every run
// covers the same samples as frame g of one long encode. Two runs overlap in the margin; the seam is the first frame k
// there where
//   - the next run's frame k needs no more bit-reservoir bytes than the previous run leaves free before k
//     (main_data_begin(next, k) <= main_data_begin(previous, k)), and
//   - both runs chose the same block types for the granule before k, so the MDCT windows at the seam fit together.
// The joined stream takes the previous run's frames before k and the next run's from k on, and copies the next run's
// reservoir bytes (the main data its frame k starts with, sitting in the payloads before k) over the free tail of the
// previous run's payloads. Every frame then decodes exactly as it did in its own run. The layout depends only on the
// input's length, never on the number of threads, so the bytes are the same on every machine.

/// The run layout and the seam rules of a parallel MP3 encode.
enum MP3SeamPlan {
    /// One run of a parallel encode.
    struct Run: Equatable, Sendable {
        /// First input sample (per channel) the run encodes; a multiple of the frame size.
        var inputStart: Int
        /// Input samples end (exclusive).
        var inputEnd: Int
        /// The output frame the run is meant to provide first (0 for the first run): its seam is searched from here.
        var nominalFrame: Int
        /// The output frame index of the run's first packet.
        var firstFrame: Int
    }

    /// Samples per MPEG-1 Layer III frame (32, 44.1 and 48 kHz), the only kind the seams are worked out for.
    static let frameSize = 1152
    /// Frames encoded before a run's nominal start, to warm the encoder up (about 0.2 s at 44.1 kHz).
    static let preRollFrames = 8
    /// Frames encoded past a run's nominal end, where the seam with the next run is searched (about 2.5 s).
    static let marginFrames = 96
    /// Frames at the end of a run's input that the seam never uses (the encoder's look-ahead and flush touch them).
    static let tailGuardFrames = 4
    /// The length a run aims at, in frames (about 40 s at 44.1 kHz).
    static let targetRunFrames = 1536

    /// The runs for `totalSamples` samples per channel with `frameSize` samples per MP3 frame; one run (an ordinary
    /// encode) when the input is under about 60 s.
    static func runs(totalSamples: Int, frameSize: Int) -> [Run] {
        let totalFrames = (totalSamples + frameSize - 1) / frameSize
        let count = max(1, Int((Double(totalFrames) / Double(targetRunFrames)).rounded()))
        guard count > 1 else { return [Run(inputStart: 0, inputEnd: totalSamples, nominalFrame: 0, firstFrame: 0)] }
        let perRun = (totalFrames + count - 1) / count
        return (0..<count).map { i in
            let nominal = i * perRun
            let first = max(0, nominal - (i == 0 ? 0 : preRollFrames))
            let end = i == count - 1 ? totalSamples : min(totalSamples, (nominal + perRun + marginFrames) * frameSize)
            return Run(inputStart: first * frameSize, inputEnd: end, nominalFrame: nominal, firstFrame: first)
        }
    }

    /// The first frame at or after `next.nominalFrame` where the runs can be joined, or nil when the margin has none.
    static func seam(previous: Run, previousFrames: [MP3FrameInfo], next: Run, nextFrames: [MP3FrameInfo], frameSize: Int) -> Int? {
        let previousEnd = min(previous.firstFrame + previousFrames.count, previous.inputEnd / frameSize - tailGuardFrames)
        let nextEnd = next.firstFrame + nextFrames.count
        var k = max(next.nominalFrame, next.firstFrame + 1)
        while k < previousEnd && k < nextEnd {
            let p = previousFrames[k - previous.firstFrame], n = nextFrames[k - next.firstFrame]
            let before = previousFrames[k - 1 - previous.firstFrame].lastGranuleBlockTypes
            let nextBefore = nextFrames[k - 1 - next.firstFrame].lastGranuleBlockTypes
            let available = nextFrames[..<(k - next.firstFrame)].reduce(0) { $0 + $1.payloadLength }
            if n.mainDataBegin <= p.mainDataBegin, before == nextBefore, n.mainDataBegin <= available { return k }
            k += 1
        }
        return nil
    }

    /// The last `count` payload bytes of `frames` (header and side info skipped), in stream order.
    static func payloadTail(_ frames: ArraySlice<[UInt8]>, infos: ArraySlice<MP3FrameInfo>, count: Int) -> [UInt8] {
        var tail: [UInt8] = []
        var needed = count
        for (frame, info) in zip(frames, infos).reversed() where needed > 0 {
            let take = min(needed, info.payloadLength)
            tail.insert(contentsOf: frame[(frame.count - take)...], at: 0)
            needed -= take
        }
        return tail
    }

    /// Overwrites the last `bytes.count` payload bytes of `frames` (header and side info left alone) with `bytes`.
    static func overwritePayloadTail(_ frames: inout [[UInt8]], infos: [MP3FrameInfo], with bytes: [UInt8]) {
        var remaining = bytes[...]
        var index = frames.count - 1
        while !remaining.isEmpty && index >= 0 {
            let take = min(remaining.count, infos[index].payloadLength)
            let length = frames[index].count
            frames[index].replaceSubrange((length - take)..<length, with: remaining.suffix(take))
            remaining = remaining.dropLast(take)
            index -= 1
        }
    }
}

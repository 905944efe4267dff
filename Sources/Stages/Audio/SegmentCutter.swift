// Decodes one time range of a media file into a float WAV with de-click ramps at both edges.
// Shared by the cut stage and by plan-driven crossfades; knows nothing of stages or the cache.
import DSP
import Foundation
import MediaIO

/// Sample-accurate range decoding into working-format WAV files.
enum SegmentCutter {
    /// Decodes [start, end) of `input` (end nil: to the end) into `output`; returns the frames written. `progress` is
    /// called after every decoded chunk (with 0 while the length is unknown); an error it throws (a cancelled render)
    /// stops the cut there.
    static func cut(input: String, start: Double, end: Double?, clamp: Bool, format: PCMFormat, rampMilliseconds: Double,
                    output: String, progress: (Double) throws -> Void) throws -> Int {
        let rampFrames = EdgeRamp.frames(milliseconds: rampMilliseconds, sampleRate: format.sampleRate)
        let expected = end.map { Int((($0 - start) * Double(format.sampleRate)).rounded()) }
        let writer = try WAVWriter(path: output, format: format)
        var fadeIn = EdgeRamp(totalFrames: Int.max, fadeInFrames: rampFrames, fadeOutFrames: 0, channels: format.channels)
        // The last `rampFrames` frames are held back until the end is known, then faded out.
        let hold = rampFrames * format.channels
        var pending: [Float] = []
        var decoded = 0
        _ = try AudioDecoder.decode(path: input, layout: AudioLayout(sampleRate: format.sampleRate, channels: format.channels),
                                    start: start, end: end, clampToEnd: clamp, chunkFrames: 16384) { chunk in
            var chunk = chunk
            chunk.withUnsafeMutableBufferPointer { fadeIn.apply($0) }
            pending.append(contentsOf: chunk)
            if pending.count > hold {
                let n = pending.count - hold
                try pending.withUnsafeBufferPointer { try writer.write(UnsafeBufferPointer(rebasing: $0[0..<n])) }
                pending.removeFirst(n)
            }
            decoded += chunk.count / format.channels
            if let expected, expected > 0 { try progress(Double(decoded) / Double(expected)) } else { try progress(0) }
        }
        let tailFrames = pending.count / format.channels
        let fadeLength = min(rampFrames, decoded)
        for f in 0..<tailFrames {
            let fromEnd = tailFrames - 1 - f
            guard fromEnd < fadeLength else { continue }
            let g = EdgeRamp.riseGain(fromEnd, length: fadeLength)
            for c in 0..<format.channels { pending[f * format.channels + c] *= g }
        }
        try writer.write(pending)
        try writer.finish()
        return writer.framesWritten
    }

    /// Per-second RMS energy of a whole file (mono mix), for the heuristic planner; `checkpoint` runs after every decoded
    /// chunk, and an error it throws (a cancelled render) stops the work there.
    static func energy(input: String, sampleRate: Int = 22050, checkpoint: () throws -> Void = {}) throws -> [Float] {
        var out: [Float] = []
        var sum: Double = 0
        var count = 0
        _ = try AudioDecoder.decode(path: input, layout: AudioLayout(sampleRate: sampleRate, channels: 1), chunkFrames: 16384) { chunk in
            for s in chunk {
                sum += Double(s) * Double(s)
                count += 1
                if count == sampleRate {
                    out.append(Float((sum / Double(count)).squareRoot()))
                    sum = 0
                    count = 0
                }
            }
            try checkpoint()
        }
        if count > sampleRate / 4 { out.append(Float((sum / Double(count)).squareRoot())) }
        return out
    }
}

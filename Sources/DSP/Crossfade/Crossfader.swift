// Crossfader: joins WAV files end to end, overlapping neighbours by a given number of frames with a CrossfadeCurve.
// Knows nothing about where the inputs came from or why the transitions are as long as they are; streams in chunks.

import Foundation

/// Joins WAV inputs of one format into one float WAV, crossfading each pair of neighbours.
public enum Crossfader {
    /// Frames read per chunk; memory use is a few chunks regardless of input length.
    public static var chunkFrames: Int { Streaming.chunkFrames }

    /// Joins `inputs` in order into `output` and returns the frames written.
    ///
    /// `transitions[i]` is the overlap in frames between `inputs[i]` and `inputs[i+1]` (0 allowed);
    /// the output has `sum(input lengths) - sum(transitions)` frames exactly. With `.none` the overlap
    /// is cut at its middle (A up to there, B from there) and de-clicked with short ramps. Throws if a
    /// transition is longer than what its neighbours have to give, or if the formats differ.
    /// `progress` receives fractions in 0...1 between chunks, ending with 1; an error it throws (a cancelled render)
    /// stops the join there and is rethrown. `output` appears only on success. `sink` receives the output's bytes as
    /// they are written.
    @discardableResult
    public static func join(
        inputs: [String],
        transitions: [Int],
        curve: CrossfadeCurve,
        output: String,
        sink: (any WAVByteSink)? = nil,
        progress: @Sendable (Double) throws -> Void = { _ in }
    ) throws -> Int {
        guard !inputs.isEmpty else {
            throw DSPError(.invalidArgument, path: output, "cannot join into '\(output)': no inputs")
        }
        guard transitions.count == inputs.count - 1 else {
            throw DSPError(.invalidArgument, path: output,
                           "cannot join into '\(output)': \(inputs.count) inputs need \(inputs.count - 1) transitions, got \(transitions.count)")
        }

        var lengths: [Int] = []
        var format: PCMFormat?
        for path in inputs {
            let reader = try WAVReader(path: path)
            if let format, reader.format != format {
                throw DSPError(.formatMismatch, path: path,
                               "cannot join '\(path)' (\(reader.format)) after '\(inputs[0])' (\(format)): formats differ")
            }
            format = reader.format
            lengths.append(reader.frameCount)
        }
        let pcm = format!
        let total = try outputFrameCount(inputFrames: lengths, transitions: transitions, names: inputs)

        let writer = try WAVWriter(path: output, format: pcm, expectedFrames: total, sink: sink)
        var emitter = Emitter(
            writer: writer,
            splices: curve == .none ? declickSplices(lengths: lengths, transitions: transitions, total: total, sampleRate: pcm.sampleRate) : [],
            total: total
        )
        let ch = pcm.channels
        var a = [Float](repeating: 0, count: chunkFrames * ch)
        var b = [Float](repeating: 0, count: chunkFrames * ch)

        var current = try WAVReader(path: inputs[0])
        for i in 0..<inputs.count {
            let outgoing = i < transitions.count ? transitions[i] : 0
            // Body: everything of input i not overlapped by a neighbour.
            try copy(from: current, upTo: lengths[i] - outgoing, buffer: &a, emitter: &emitter, progress: progress)
            guard i + 1 < inputs.count else { break }
            let next = try WAVReader(path: inputs[i + 1])
            var k = 0
            while k < outgoing {
                let n = min(chunkFrames, outgoing - k)
                try readExactly(current, frames: n, into: &a)
                try readExactly(next, frames: n, into: &b)
                a.withUnsafeMutableBufferPointer { ap in
                    b.withUnsafeBufferPointer { bp in
                        for f in 0..<n {
                            let (ga, gb) = curve.gains(at: k + f, length: outgoing)
                            for c in 0..<ch { ap[f * ch + c] = ap[f * ch + c] * ga + bp[f * ch + c] * gb }
                        }
                    }
                }
                try emitter.emit(&a, frames: n, progress: progress)
                k += n
            }
            current = next
        }
        guard emitter.written == total else {
            throw DSPError(.io, path: output, "join into '\(output)' wrote \(emitter.written) frames, expected \(total)")
        }
        try writer.finish()
        try progress(1)
        return total
    }

    /// Output length for the given input lengths and transitions; throws if a transition does not fit.
    public static func outputFrameCount(inputFrames: [Int], transitions: [Int], names: [String]? = nil) throws -> Int {
        func name(_ i: Int) -> String { names.map { "'\($0[i])'" } ?? "input \(i)" }
        guard transitions.count == max(0, inputFrames.count - 1) else {
            throw DSPError(.invalidArgument, "\(inputFrames.count) inputs need \(max(0, inputFrames.count - 1)) transitions, got \(transitions.count)")
        }
        for (i, t) in transitions.enumerated() {
            let incoming = i > 0 ? transitions[i - 1] : 0
            let left = inputFrames[i] - incoming
            guard t >= 0 else {
                throw DSPError(.invalidTransition, path: names?[i], "transition \(i) between \(name(i)) and \(name(i + 1)) is negative (\(t) frames)")
            }
            guard t <= left else {
                let what = i > 0 ? "what remains of \(name(i)) after its incoming transition (\(left) of \(inputFrames[i]) frames)"
                                 : "\(name(i)) (\(inputFrames[i]) frames)"
                throw DSPError(.invalidTransition, path: names?[i],
                               "transition \(i) between \(name(i)) and \(name(i + 1)) is \(t) frames, longer than \(what)")
            }
            guard t <= inputFrames[i + 1] else {
                throw DSPError(.invalidTransition, path: names?[i + 1],
                               "transition \(i) between \(name(i)) and \(name(i + 1)) is \(t) frames, longer than \(name(i + 1)) (\(inputFrames[i + 1]) frames)")
            }
        }
        return inputFrames.reduce(0, +) - transitions.reduce(0, +)
    }

    /// Where each `.none` splice lands in the output, with its de-click ramp length.
    static func declickSplices(lengths: [Int], transitions: [Int], total: Int, sampleRate: Int) -> [Splice] {
        let ramp = EdgeRamp.frames(milliseconds: CrossfadeCurve.declickMilliseconds, sampleRate: sampleRate)
        var points: [Int] = []
        var start = 0 // output frame where input i begins
        for (i, t) in transitions.enumerated() {
            start += lengths[i] - t
            points.append(start + t / 2)
        }
        return points.enumerated().map { j, s in
            let before = s - (j > 0 ? points[j - 1] : 0)
            let after = (j + 1 < points.count ? points[j + 1] : total) - s
            return Splice(frame: s, ramp: max(0, min(ramp, before / 2, after / 2)))
        }
    }

    /// A `.none` splice: A fades out over [frame-ramp, frame), B fades in over [frame, frame+ramp).
    struct Splice: Equatable {
        var frame: Int
        var ramp: Int
    }

    private static func copy(from reader: WAVReader, upTo end: Int, buffer: inout [Float], emitter: inout Emitter,
                             progress: (Double) throws -> Void) throws {
        while reader.position < end {
            let n = min(chunkFrames, end - reader.position)
            try readExactly(reader, frames: n, into: &buffer)
            try emitter.emit(&buffer, frames: n, progress: progress)
        }
    }

    private static func readExactly(_ reader: WAVReader, frames: Int, into buffer: inout [Float]) throws {
        let got = try buffer.withUnsafeMutableBufferPointer { try reader.read(into: $0, maxFrames: frames) }
        guard got == frames else {
            throw DSPError(.truncated, path: reader.path, "'\(reader.path)' ended early at frame \(reader.position) of \(reader.frameCount)")
        }
    }

    /// Writes output chunks, applying `.none` de-click ramps and reporting progress.
    private struct Emitter {
        let writer: WAVWriter
        let splices: [Splice]
        let total: Int
        var written = 0
        var nextSplice = 0

        mutating func emit(_ buffer: inout [Float], frames: Int, progress: (Double) throws -> Void) throws {
            let ch = writer.format.channels
            let start = written
            let end = start + frames
            while nextSplice < splices.count, splices[nextSplice].frame + splices[nextSplice].ramp <= start { nextSplice += 1 }
            var j = nextSplice
            buffer.withUnsafeMutableBufferPointer { out in
                while j < splices.count, splices[j].frame - splices[j].ramp < end {
                    let s = splices[j]
                    for n in max(start, s.frame - s.ramp)..<min(end, s.frame + s.ramp) {
                        let gain = n < s.frame ? EdgeRamp.riseGain(s.frame - 1 - n, length: s.ramp)
                                               : EdgeRamp.riseGain(n - s.frame, length: s.ramp)
                        for c in 0..<ch { out[(n - start) * ch + c] *= gain }
                    }
                    j += 1
                }
            }
            try buffer.withUnsafeBufferPointer { try writer.write(UnsafeBufferPointer(rebasing: $0[0..<(frames * ch)])) }
            written = end
            if total > 0 { try progress(Double(written) / Double(total)) }
        }
    }
}

// BeatMatchJoiner: joins cut segments with DJ transitions: the incoming beats stretched onto the outgoing ones,
// first downbeats aligned to the sample, the bass handed over mid-overlap, or a short fade when tempos are too far.
// Knows nothing about plans or the cache; it gets segments with their beat grids and what each transition should be.
import DSP
import Foundation
import TimeStretch

/// Joins segments with beat-matched transitions into one float WAV of exactly known length.
struct BeatMatchJoiner {
    /// One cut segment with its beats and downbeats (seconds from the segment's start; the first downbeat is 0).
    struct Segment {
        var path: String
        var beats: [Double]
        var downbeats: [Double]
    }

    /// What one transition should be.
    struct Transition {
        /// Beat-matched (stretch, align, bass swap), or a plain short fade.
        var beatMatched: Bool
        /// Bars of the outgoing segment the overlap lasts (beat-matched).
        var bars: Int
        /// Seconds of the fade (not beat-matched).
        var fadeSeconds: Double
        /// Incoming beats per outgoing beat: 1, or 0.5 / 2 for a 2:1 tempo pair.
        var beatsPerOutgoingBeat: Double
        /// Semitones to shift the incoming segment (0: none).
        var semitones: Int
    }

    /// What was done at one transition, for the stage metadata.
    struct Report {
        var beatMatched: Bool
        /// Frame of the mix where the overlap starts.
        var startFrame: Int
        /// Overlap length in frames.
        var overlapFrames: Int
        /// Output seconds per input second of the incoming segment at the overlap (1: not stretched).
        var stretch: Double
        var semitones: Int
        /// Frames of the incoming segment as rendered (after stretching).
        var incomingFrames: Int
    }

    let format: PCMFormat
    /// Bars over which an incoming segment returns to its own tempo.
    var easeBars = 4
    /// Keep the outgoing tempo for the whole incoming segment instead of easing back.
    var hold = false
    /// Hand the bass over at the middle of beat-matched overlaps.
    var bassSwap = true

    /// The rendered state of the segment currently playing: its samples, beats and how much of it is written.
    private struct Playing {
        var samples: [Float]
        var beats: [Double]
        var downbeats: [Double]
        var written: Int
    }

    /// Joins `segments` with `transitions` (one fewer) into `output`; returns the frames written and a report per transition.
    /// `progress` is called after each transition; an error it throws (a cancelled render) stops the join there.
    func join(segments: [Segment], transitions: [Transition], output: String,
              progress: @Sendable (Double) throws -> Void) throws -> (frames: Int, reports: [Report]) {
        precondition(transitions.count == max(0, segments.count - 1))
        let ch = format.channels
        let rate = Double(format.sampleRate)
        let writer = try WAVWriter(path: output, format: format)
        var reports: [Report] = []
        var current = Playing(samples: try Self.read(segments[0].path, format: format), beats: segments[0].beats,
                              downbeats: segments[0].downbeats, written: 0)
        for (i, t) in transitions.enumerated() {
            let next = segments[i + 1]
            let a = current.samples.count / ch
            let end = Double(a) / rate
            var overlap: Double
            if t.beatMatched {
                // The overlap starts on the outgoing downbeat `bars` bars before the segment's end.
                let bars = current.downbeats.filter { $0 < end - 0.01 && $0 >= Double(current.written) / rate }
                let start = bars.count >= t.bars ? bars[bars.count - t.bars] : (bars.first ?? end)
                overlap = end - start
            } else {
                overlap = t.fadeSeconds
            }
            var incoming = try Self.read(next.path, format: format)
            var beats = next.beats, downbeats = next.downbeats
            var stretch = 1.0
            if t.beatMatched && overlap > 0 {
                let start = end - overlap
                let outgoingBeats = current.beats.filter { $0 >= start - 0.005 && $0 < end - 0.005 }.map { max(0, $0 - start) }
                let map = TransitionTimeMap(outgoingBeats: outgoingBeats, overlap: overlap, incomingBeats: next.beats,
                                            beatsPerOutgoingBeat: t.beatsPerOutgoingBeat,
                                            easeBeats: easeBars * max(1, Self.beatsPerBar(next)), hold: hold)
                incoming = try stretched(incoming, map: map, semitones: t.semitones)
                beats = next.beats.map(map.output)
                downbeats = next.downbeats.map(map.output)
                if let first = map.points.first, first.input > 0 { stretch = first.output / first.input }
            }
            let b = incoming.count / ch
            let overlapFrames = max(0, min(Int((overlap * rate).rounded()), a - current.written, b))
            // Everything of the outgoing segment before the overlap, then the mixed overlap.
            let cut = a - overlapFrames
            if cut > current.written {
                try current.samples.withUnsafeBufferPointer { try writer.write(UnsafeBufferPointer(rebasing: $0[(current.written * ch)..<(cut * ch)])) }
            }
            let startFrame = writer.framesWritten
            if overlapFrames > 0 {
                let beatFrames = current.beats.count >= 2 ? (current.beats.last! - current.beats.first!) / Double(current.beats.count - 1) * rate : rate / 2
                let mixer = BassSwapMixer(sampleRate: format.sampleRate, channels: ch)
                let mixed = mixer.mix(outgoing: Array(current.samples[(cut * ch)..<(a * ch)]), incoming: Array(incoming[0..<(overlapFrames * ch)]),
                                      rampFrames: min(Int(beatFrames), overlapFrames / 2), bassSwap: bassSwap && t.beatMatched)
                try writer.write(mixed)
            }
            reports.append(Report(beatMatched: t.beatMatched, startFrame: startFrame, overlapFrames: overlapFrames, stretch: stretch,
                                  semitones: t.beatMatched ? t.semitones : 0, incomingFrames: b))
            current = Playing(samples: incoming, beats: beats, downbeats: downbeats, written: overlapFrames)
            try progress(Double(i + 1) / Double(transitions.count + 1))
        }
        let total = current.samples.count / ch
        if total > current.written {
            try current.samples.withUnsafeBufferPointer { try writer.write(UnsafeBufferPointer(rebasing: $0[(current.written * ch)...])) }
        }
        try writer.finish()
        try progress(1)
        return (writer.framesWritten, reports)
    }

    /// Beats per bar of a segment, from its beat and downbeat counts (4 unless it looks like 3).
    static func beatsPerBar(_ s: Segment) -> Int {
        guard s.downbeats.count >= 2, let first = s.downbeats.first, let last = s.downbeats.last else { return 4 }
        let inside = s.beats.filter { $0 >= first - 0.01 && $0 < last - 0.01 }.count
        return Double(inside) / Double(s.downbeats.count - 1) < 3.5 ? 3 : 4
    }

    /// The incoming segment stretched along `map` (and pitch-shifted): only its head up to where the map becomes a plain
    /// shift, joined to the untouched rest with a 10 ms crossfade; the whole segment when it holds the tempo or shifts pitch.
    func stretched(_ samples: [Float], map: TransitionTimeMap, semitones: Int) throws -> [Float] {
        let ch = format.channels
        let rate = Double(format.sampleRate)
        let frames = samples.count / ch
        let seam = Int(0.01 * rate)
        let margin = Int(0.05 * rate)
        var headFrames = frames
        if semitones == 0, let until = map.stretchedUntil {
            headFrames = min(frames, Int((until * rate).rounded()) + margin)
        }
        let whole = headFrames >= frames - seam
        if whole { headFrames = frames }
        let headOut = Int((map.output(at: Double(headFrames) / rate) * rate).rounded())
        var anchors: [StretchAnchor] = []
        for p in map.points {
            let s = Int((p.input * rate).rounded()), t = Int((p.output * rate).rounded())
            guard s > 0, t > 0, s < headFrames, t < headOut else { continue }
            if let last = anchors.last, s <= last.source || t <= last.target { continue }
            anchors.append(StretchAnchor(source: s, target: t))
        }
        let head = Array(samples[0..<(headFrames * ch)])
        var out = try TimeStretcher(sampleRate: format.sampleRate, channels: ch)
            .process(interleaved: head, outputFrames: headOut, anchors: anchors, semitones: Double(semitones))
        guard !whole else { return out }
        // Past the head the map is a shift: the original continues, crossfaded over the last `seam` frames of the head.
        let seamStart = headOut - seam, sourceStart = headFrames - seam
        for f in 0..<seam {
            let g = Float(f) / Float(seam)
            for c in 0..<ch {
                out[(seamStart + f) * ch + c] = out[(seamStart + f) * ch + c] * (1 - g) + samples[(sourceStart + f) * ch + c] * g
            }
        }
        out.append(contentsOf: samples[(headFrames * ch)...])
        return out
    }

    /// Reads a whole WAV file in the joiner's format.
    static func read(_ path: String, format: PCMFormat) throws -> [Float] {
        let reader = try WAVReader(path: path)
        guard reader.format == format else {
            throw DSPError(.formatMismatch, path: path, "'\(path)' is \(reader.format), not \(format)")
        }
        var all = [Float](repeating: 0, count: reader.frameCount * format.channels)
        let got = try all.withUnsafeMutableBufferPointer { try reader.read(into: $0, maxFrames: reader.frameCount) }
        if got < reader.frameCount { all.removeLast((reader.frameCount - got) * format.channels) }
        return all
    }
}

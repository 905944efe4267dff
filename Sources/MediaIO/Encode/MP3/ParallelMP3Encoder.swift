// Encodes a long input to MP3 on several cores: runs of about 40 s, each with its own LAME instance, joined at seams
// where every frame decodes exactly as in its own run (see MP3SeamPlan). The bytes depend only on the input, not on
// the number of threads. Writes a temp file beside the destination, fsynced and renamed into place; nothing is left
// half-written. Holds at most one batch of runs' packets in memory.
import CFFmpeg
import Foundation
import Synchronization

/// MP3 encoding of long inputs on several cores.
public enum ParallelMP3Encoder {
    /// Why runs could not be joined; the caller encodes in one run instead.
    public struct NoSeam: Error, Sendable {
        /// The frame from which a seam was searched.
        public var frame: Int
    }

    /// Whether `encode` splits this input into runs: MP3 at 32 kHz or more (MPEG-1), mono or stereo, about 60 s or longer.
    public static func splits(format: EncodeFormat, layout: AudioLayout, frames: Int) -> Bool {
        format.codec == .mp3 && [32_000, 44_100, 48_000].contains(layout.sampleRate) && (1...2).contains(layout.channels)
            && MP3SeamPlan.runs(totalSamples: frames, frameSize: MP3SeamPlan.frameSize).count > 1
    }

    /// Encodes `frames` frames that `openSource` reads to `path` with `tags`, up to `threads` runs at a time. Throws
    /// `NoSeam` (nothing written) in the rare case two runs have no seam in their overlap.
    public static func encode(path: String, format: EncodeFormat, layout: AudioLayout, frames: Int, tags: [String: String] = [:],
                              threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                              openSource: @Sendable () throws -> PCMFrameSource,
                              progress: @Sendable (Double) throws -> Void = { _ in }) throws {
        FFmpegLog.install()
        let runs = MP3SeamPlan.runs(totalSamples: frames, frameSize: MP3SeamPlan.frameSize)
        let writer = try MP3PacketWriter(path: path, format: format, layout: layout, tags: tags)
        let done = Mutex<(frames: Int, error: (any Error)?)>((0, nil))
        // Every run's input, overlaps included: what progress counts towards.
        let work = runs.reduce(0) { $0 + $1.inputEnd - $1.inputStart }
        @Sendable func report(_ count: Int) throws {
            try done.withLock { state in
                state.frames += count
                try progress(min(1, Double(state.frames) / Double(max(1, work))))
            }
        }
        var carry: MP3RunOutput?
        var carryFrom = 0
        let width = max(1, min(threads, 8))
        for batchStart in stride(from: 0, to: runs.count, by: width) {
            let batch = Array(runs[batchStart..<min(runs.count, batchStart + width)])
            let results = Mutex<[Int: MP3RunOutput]>([:])
            DispatchQueue.concurrentPerform(iterations: batch.count) { i in
                do {
                    let source = try openSource()
                    let output = try MP3RunEncoder.encode(batch[i], format: format, layout: layout, source: source, path: path) { count in
                        if done.withLock({ $0.error != nil }) { throw CancellationError() }
                        try report(count)
                    }
                    results.withLock { $0[i] = output }
                } catch {
                    done.withLock { if $0.error == nil { $0.error = error } }
                }
            }
            if let error = done.withLock({ $0.error }) { throw error }
            let outputs = results.withLock { $0 }
            for i in batch.indices {
                guard let next = outputs[i] else { throw MediaError.encodeFailed(path, "a run of the mp3 encode is missing", nil) }
                guard let previous = carry else {
                    carry = next
                    carryFrom = 0
                    continue
                }
                guard let k = MP3SeamPlan.seam(previous: previous.run, previousFrames: previous.infos, next: next.run,
                                               nextFrames: next.infos, frameSize: MP3SeamPlan.frameSize) else {
                    throw NoSeam(frame: next.run.nominalFrame)
                }
                try writer.append(previous, frames: carryFrom..<k)
                let reservoir = next.infos[k - next.run.firstFrame].mainDataBegin
                let local = k - next.run.firstFrame
                writer.patchTail(with: MP3SeamPlan.payloadTail(next.frames[..<local], infos: next.infos[..<local], count: reservoir))
                carry = next
                carryFrom = k
            }
        }
        if let last = carry { try writer.append(last, frames: carryFrom..<(last.run.firstFrame + last.frames.count)) }
        try writer.finish()
        try progress(1)
    }
}

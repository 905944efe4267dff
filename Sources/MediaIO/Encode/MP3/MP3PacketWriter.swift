// Muxes MP3 frames from several runs into one .mp3 file: the stream described by a LAME context, each frame's
// timestamp from its place in the whole stream, the first packet's encoder delay and the last one's padding kept as
// side data (the muxer writes them into the gapless info header). Keeps the last few frames back so a seam can still
// patch their payload tail. Temp file, fsync, atomic rename.
import CFFmpeg
import Foundation

/// Writes the joined frames of a parallel MP3 encode.
final class MP3PacketWriter {
    private let path: String
    private let tempPath: String
    private let output: FFOutputFile
    private let stream: UnsafeMutablePointer<AVStream>
    private let frameSize: Int64
    private let initialPadding: Int64
    private var held: [(bytes: [UInt8], info: MP3FrameInfo, index: Int, duration: Int64, skip: [UInt8]?)] = []
    private var finished = false
    private let packet = FFPacket()

    /// Frames kept back for a seam to patch: more than the largest bit reservoir (511 bytes) of payload.
    private static let heldFrames = 4

    /// Opens the temp file and writes the header.
    init(path: String, format: EncodeFormat, layout: AudioLayout, tags: [String: String]) throws {
        self.path = path
        tempPath = FFOutputFile.tempPath(beside: path)
        do {
            output = try FFOutputFile(formatName: "mp3", path: tempPath)
        } catch let error as FFmpegCallError {
            throw MediaError.unsupported(path, "no mp3 muxer", error.text)
        }
        let template = try MP3RunEncoder.openContext(format: format, layout: layout, path: path)
        frameSize = Int64(template.pointer.pointee.frame_size)
        initialPadding = Int64(template.pointer.pointee.initial_padding)
        guard let newStream = avformat_new_stream(output.pointer, nil) else { throw MediaError.encodeFailed(path, "cannot add a stream", nil) }
        stream = newStream
        var rc = avcodec_parameters_from_context(newStream.pointee.codecpar, template.pointer)
        if rc < 0 { throw MediaError.encodeFailed(path, "cannot describe the stream", FFmpegText.describe(rc)) }
        newStream.pointee.time_base = template.pointer.pointee.time_base
        for (key, value) in tags.sorted(by: { $0.key < $1.key }) { av_dict_set(&output.pointer.pointee.metadata, key, value, 0) }
        do {
            try output.open()
        } catch let error as FFmpegCallError {
            throw MediaError.io(path, "could not be created next to its destination", FFmpegText.describe(error.code))
        }
        rc = avformat_write_header(output.pointer, nil)
        if rc < 0 {
            discard()
            throw MediaError.encodeFailed(path, "cannot write the mp3 header", FFmpegText.describe(rc))
        }
    }

    deinit { if !finished { discard() } }

    /// Queues output frames `range` (indices in the whole stream) of `run`, writing what no seam can touch any more.
    func append(_ run: MP3RunOutput, frames range: Range<Int>) throws {
        for index in range {
            let local = index - run.run.firstFrame
            held.append((run.frames[local], run.infos[local], index, run.durations[local], run.skipSamples[local]))
        }
        while held.count > Self.heldFrames { try write(held.removeFirst()) }
    }

    /// Overwrites the last `bytes.count` payload bytes of the frames queued so far.
    func patchTail(with bytes: [UInt8]) {
        var frames = held.map(\.bytes)
        MP3SeamPlan.overwritePayloadTail(&frames, infos: held.map(\.info), with: bytes)
        for i in held.indices { held[i].bytes = frames[i] }
    }

    /// Writes the rest, the trailer (the gapless info), fsyncs and renames into place.
    func finish() throws {
        do {
            for frame in held { try write(frame) }
            held = []
            try output.commit(to: path)
            finished = true
        } catch {
            discard()
            throw error
        }
    }

    private func write(_ frame: (bytes: [UInt8], info: MP3FrameInfo, index: Int, duration: Int64, skip: [UInt8]?)) throws {
        let p = packet.pointer
        var rc = av_new_packet(p, Int32(frame.bytes.count))
        if rc < 0 { throw MediaError.encodeFailed(path, "out of memory", FFmpegText.describe(rc)) }
        frame.bytes.withUnsafeBufferPointer { p.pointee.data.update(from: $0.baseAddress!, count: $0.count) }
        p.pointee.pts = Int64(frame.index) * frameSize - initialPadding
        p.pointee.dts = p.pointee.pts
        p.pointee.duration = frame.duration
        p.pointee.stream_index = stream.pointee.index
        if let skip = frame.skip, let side = av_packet_new_side_data(p, AV_PKT_DATA_SKIP_SAMPLES, skip.count) {
            skip.withUnsafeBufferPointer { side.update(from: $0.baseAddress!, count: $0.count) }
        }
        av_packet_rescale_ts(p, AVRational(num: 1, den: stream.pointee.codecpar.pointee.sample_rate), stream.pointee.time_base)
        rc = av_write_frame(output.pointer, p)
        packet.unref()
        if rc < 0 { throw MediaError.encodeFailed(path, "writing failed", FFmpegText.describe(rc)) }
    }

    private func discard() {
        output.close()
        unlink(tempPath)
    }
}

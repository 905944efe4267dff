// Owns an opened input AVFormatContext (allowed containers and the file protocol only) and picks its best
// audio stream. Knows nothing about decoding; turns open failures into MediaError naming the file.

import CFFmpeg
import Foundation

/// An input `AVFormatContext` closed with `avformat_close_input` when this object goes away.
final class FFInputFile {
    let pointer: UnsafeMutablePointer<AVFormatContext>
    let path: String

    /// Opens `path` and reads enough of it to know its streams.
    ///
    /// Only `InputContainers.demuxers` may claim the file and only the `file` protocol may be used, so a
    /// playlist (hls, concat) is refused before it can open anything it names.
    init(path: String) throws {
        FFmpegLog.install()
        FFmpegLog.clearForCurrentThread()
        self.path = path
        if let size = Self.fileSize(path), size == 0 {
            throw MediaError.notAudio(path, "the file is empty")
        }
        var context: UnsafeMutablePointer<AVFormatContext>?
        var options: OpaquePointer?
        av_dict_set(&options, "format_whitelist", InputContainers.formatWhitelist, 0)
        av_dict_set(&options, "protocol_whitelist", InputContainers.protocolWhitelist, 0)
        // "file:" so that a colon in the path is never read as a protocol name.
        let rc = avformat_open_input(&context, "file:" + path, nil, &options)
        av_dict_free(&options)
        guard rc >= 0, let context else {
            if rc == im_averror(EINVAL), FFmpegLog.lastErrorForCurrentThread()?.contains("whitelist") == true {
                throw MediaError.notAudio(path, "the container is not one of the allowed audio formats")
            }
            if rc == im_averror(ENOENT) { throw MediaError.io(path, "does not exist", FFmpegText.error(rc)) }
            if rc == im_averror(EACCES) || rc == im_averror(EISDIR) || rc == im_averror(EIO) {
                throw MediaError.io(path, "could not be read", FFmpegText.error(rc))
            }
            throw MediaError.notAudio(path, FFmpegText.describe(rc))
        }
        pointer = context
        let info = avformat_find_stream_info(context, nil)
        if info < 0 { throw MediaError.notAudio(path, FFmpegText.describe(info)) }
    }

    deinit {
        var context: UnsafeMutablePointer<AVFormatContext>? = pointer
        avformat_close_input(&context)
    }

    /// The best audio stream and its decoder; throws `noAudioStream` when there is none.
    func bestAudioStream() throws -> (index: Int32, stream: UnsafeMutablePointer<AVStream>, decoder: UnsafePointer<AVCodec>?) {
        var decoder: UnsafePointer<AVCodec>?
        let index = av_find_best_stream(pointer, AVMEDIA_TYPE_AUDIO, -1, -1, &decoder, 0)
        if index == im_averror_decoder_not_found() {
            // An audio stream exists but this FFmpeg cannot decode it: report it without a decoder.
            let fallback = av_find_best_stream(pointer, AVMEDIA_TYPE_AUDIO, -1, -1, nil, 0)
            guard fallback >= 0, let stream = pointer.pointee.streams[Int(fallback)] else { throw MediaError.noAudioStream(path) }
            return (fallback, stream, nil)
        }
        guard index >= 0, let stream = pointer.pointee.streams[Int(index)] else { throw MediaError.noAudioStream(path) }
        return (index, stream, decoder)
    }

    private static func fileSize(_ path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int64(info.st_size)
    }
}

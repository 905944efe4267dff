// Owns an output AVFormatContext (a muxer) and the AVIOContext it writes through.
// Knows nothing about codecs or about the temp-file-and-rename dance AudioEncoder does around it.

import CFFmpeg

/// An output `AVFormatContext` whose file is closed (`avio_closep`) and context freed when this object goes away.
final class FFOutputFile {
    let pointer: UnsafeMutablePointer<AVFormatContext>
    let path: String

    /// Allocates a muxer named `formatName` (e.g. "mp3", "ipod", "ogg") for `path`; nothing is opened yet.
    init(formatName: String, path: String) throws {
        var context: UnsafeMutablePointer<AVFormatContext>?
        let rc = avformat_alloc_output_context2(&context, nil, formatName, path)
        guard rc >= 0, let context else { throw FFmpegCallError(rc, "avformat_alloc_output_context2(\(formatName))") }
        pointer = context
        self.path = path
    }

    deinit {
        close()
        avformat_free_context(pointer)
    }

    /// Creates or truncates the file for writing.
    func open() throws {
        let rc = avio_open(&pointer.pointee.pb, path, AVIO_FLAG_WRITE)
        if rc < 0 { throw FFmpegCallError(rc, "avio_open") }
    }

    /// Closes the file if open; returns avio's status (0 when already closed).
    @discardableResult
    func close() -> Int32 {
        guard pointer.pointee.pb != nil else { return 0 }
        return avio_closep(&pointer.pointee.pb)
    }
}

// The end of every encode: the trailer, then the temp file synced and renamed over the destination, so a reader sees
// the whole file or none of it. Shared by AudioEncoder and the parallel MP3 writer.
import CFFmpeg
import Foundation

extension FFOutputFile {
    /// A hidden temp path beside `destination` for an encoder to write.
    static func tempPath(beside destination: String) -> String {
        let url = URL(fileURLWithPath: destination)
        return url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).partial-\(String(UInt64.random(in: 0...UInt64.max), radix: 16))").path
    }

    /// Writes the trailer, closes the file, fsyncs it and renames it to `destination` (errors name `destination`).
    func commit(to destination: String) throws {
        var rc = av_write_trailer(pointer)
        if rc < 0 { throw MediaError.encodeFailed(destination, "cannot finish the file", FFmpegText.describe(rc)) }
        rc = close()
        if rc < 0 { throw MediaError.io(destination, "could not be written", FFmpegText.describe(rc)) }
        let descriptor = Glibc.open(path, O_RDONLY)
        if descriptor >= 0 {
            _ = fsync(descriptor)
            _ = Glibc.close(descriptor)
        }
        if rename(path, destination) != 0 {
            throw MediaError.io(destination, "could not be put in place", String(cString: strerror(errno)))
        }
    }
}

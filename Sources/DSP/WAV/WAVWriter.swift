// WAVWriter: streams 32-bit float interleaved PCM into a WAV file via a temp file and an atomic rename.
// Knows nothing about where samples come from; never holds more than the caller's current buffer.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes an IEEE-float (format tag 3) WAV file; the destination appears only after `finish()` succeeds.
///
/// Samples go to a temp file in the destination's directory; `finish()` patches the header sizes,
/// fsyncs and renames it into place. If the writer is dropped or `cancel()`ed first, the temp file
/// is deleted and the destination is left untouched.
public final class WAVWriter {
    /// Final path of the file being written.
    public let path: String
    /// Sample rate and channel count of the file.
    public let format: PCMFormat
    /// Frames written so far.
    public private(set) var framesWritten: Int = 0

    private let tempPath: String
    private var file: RawFile?
    /// The data size announced in the header up front, when the caller knew the length.
    private let expectedDataBytes: Int64?
    private let sink: (any WAVByteSink)?
    private var dataBytes: Int64 = 0
    private var state: State = .open

    private enum State { case open, finished, cancelled }

    /// Header layout: RIFF(12) + fmt chunk(8+18) + fact chunk(8+4) + data chunk header(8).
    static let headerSize: Int64 = 58
    /// Largest data chunk a RIFF file can describe (its size fields are 32-bit).
    private static let maxDataBytes: Int64 = Int64(UInt32.max) - headerSize

    /// Creates the temp file next to `path` and writes a provisional header. With `expectedFrames`, the header says that
    /// length from the start and `sink` receives every byte in file order as it is written; if the length is met,
    /// `finish()` tells the sink it saw the whole file (otherwise the header is patched and the sink told it did not).
    public init(path: String, format: PCMFormat, expectedFrames: Int? = nil, sink: (any WAVByteSink)? = nil) throws {
        guard format.sampleRate > 0, format.channels > 0, format.channels <= 64 else {
            throw DSPError(.invalidArgument, path: path, "cannot write '\(path)': invalid format \(format)")
        }
        self.path = path
        self.format = format
        self.tempPath = WAVWriter.tempPath(for: path)
        let expected = expectedFrames.map { Int64(max(0, $0)) * Int64(format.channels) * 4 }
        expectedDataBytes = expected.flatMap { $0 <= WAVWriter.maxDataBytes ? $0 : nil }
        self.sink = expectedDataBytes == nil ? nil : sink
        let file: RawFile
        do {
            file = try RawFile.createExclusive(tempPath)
        } catch let error as DSPError {
            throw DSPError(.io, path: path, "cannot write '\(path)': \(error.message)")
        }
        self.file = file
        do {
            let header = WAVWriter.header(format: format, dataBytes: expectedDataBytes ?? 0)
            try header.withUnsafeBytes { try file.write($0, at: 0) }
            header.withUnsafeBytes { self.sink?.consume($0) }
        } catch {
            self.file = nil
            RawFile.removeQuietly(tempPath)
            throw error
        }
    }

    deinit {
        if state == .open {
            file = nil
            RawFile.removeQuietly(tempPath)
        }
    }

    /// Appends interleaved samples; the count must be a whole number of frames.
    public func write(_ samples: UnsafeBufferPointer<Float>) throws {
        guard state == .open, let file else {
            throw DSPError(.invalidArgument, path: path, "cannot write to '\(path)': writer is already finished or cancelled")
        }
        guard samples.count % format.channels == 0 else {
            throw DSPError(.invalidArgument, path: path,
                           "cannot write \(samples.count) samples to '\(path)': not a multiple of \(format.channels) channels")
        }
        if samples.isEmpty { return }
        let bytes = Int64(samples.count) * 4
        guard dataBytes + bytes <= WAVWriter.maxDataBytes else {
            throw DSPError(.invalidArgument, path: path, "cannot write '\(path)': WAV data would exceed 4 GiB")
        }
        #if _endian(little)
        try file.write(UnsafeRawBufferPointer(samples), at: WAVWriter.headerSize + dataBytes)
        sink?.consume(UnsafeRawBufferPointer(samples))
        #else
        let swapped = samples.map { $0.bitPattern.littleEndian }
        try swapped.withUnsafeBytes { try file.write($0, at: WAVWriter.headerSize + dataBytes) }
        swapped.withUnsafeBytes { sink?.consume($0) }
        #endif
        dataBytes += bytes
        framesWritten += samples.count / format.channels
    }

    /// Appends interleaved samples from an array.
    public func write(_ samples: [Float]) throws {
        try samples.withUnsafeBufferPointer { try write($0) }
    }

    /// Patches the header sizes, fsyncs, and atomically renames the temp file to `path`.
    public func finish() throws {
        guard state == .open, let file else {
            throw DSPError(.invalidArgument, path: path, "cannot finish '\(path)': writer is already finished or cancelled")
        }
        let announced = dataBytes == expectedDataBytes
        do {
            if !announced {
                let header = WAVWriter.header(format: format, dataBytes: dataBytes)
                try header.withUnsafeBytes { try file.write($0, at: 0) }
            }
            try file.sync()
            try file.close()
            try RawFile.rename(tempPath, to: path)
        } catch {
            cancel()
            throw error
        }
        self.file = nil
        state = .finished
        RawFile.syncDirectory(WAVWriter.directory(of: path))
        sink?.writerFinished(wholeFile: announced)
    }

    /// Abandons the file: deletes the temp file and leaves `path` untouched. Idempotent.
    public func cancel() {
        guard state == .open else { return }
        state = .cancelled
        file = nil
        RawFile.removeQuietly(tempPath)
        sink?.writerFinished(wholeFile: false)
    }

    /// Builds the 58-byte header for a float WAV with `dataBytes` of samples.
    static func header(format: PCMFormat, dataBytes: Int64) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(headerSize))
        func ascii(_ s: String) { bytes.append(contentsOf: Array(s.utf8)) }
        func u16(_ v: Int) { let x = UInt16(truncatingIfNeeded: v); bytes += [UInt8(x & 0xff), UInt8(x >> 8)] }
        func u32(_ v: Int64) {
            let x = UInt32(truncatingIfNeeded: v)
            bytes += [UInt8(x & 0xff), UInt8((x >> 8) & 0xff), UInt8((x >> 16) & 0xff), UInt8(x >> 24)]
        }
        let blockAlign = format.channels * 4
        ascii("RIFF"); u32(headerSize - 8 + dataBytes); ascii("WAVE")
        ascii("fmt "); u32(18)
        u16(3)                                   // WAVE_FORMAT_IEEE_FLOAT
        u16(format.channels)
        u32(Int64(format.sampleRate))
        u32(Int64(format.sampleRate * blockAlign)) // bytes per second
        u16(blockAlign)
        u16(32)                                  // bits per sample
        u16(0)                                   // cbSize
        ascii("fact"); u32(4); u32(dataBytes / Int64(blockAlign))
        ascii("data"); u32(dataBytes)
        return bytes
    }

    /// A unique hidden temp path in the same directory as `path`.
    static func tempPath(for path: String) -> String {
        let dir = directory(of: path)
        let base = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
        let token = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let name = ".\(base).\(getpid()).\(token).tmp"
        return dir == "." && !path.hasPrefix("./") ? name : "\(dir)/\(name)"
    }

    /// The directory part of a path ("." when there is none).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }
}

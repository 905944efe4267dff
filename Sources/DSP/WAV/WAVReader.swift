// WAVReader: decodes 8/16/24/32-bit integer and 32/64-bit float PCM WAV (incl. WAVE_FORMAT_EXTENSIBLE) in chunks.
// Knows nothing about compressed formats, RF64 or channel layouts; converts everything to interleaved Float.

/// Reads a PCM WAV file as interleaved Float samples, in bounded chunks.
public final class WAVReader {
    /// Path the reader was opened with.
    public let path: String
    /// Sample rate and channel count of the file.
    public let format: PCMFormat
    /// Total frames in the data chunk.
    public let frameCount: Int
    /// The next frame `read(maxFrames:)` returns.
    public private(set) var position: Int = 0

    /// How samples are stored in the file.
    enum Encoding: Equatable {
        case unsigned8, int16, int24, int32, float32, float64

        var bytesPerSample: Int {
            switch self {
            case .unsigned8: 1
            case .int16: 2
            case .int24: 3
            case .int32, .float32: 4
            case .float64: 8
            }
        }
    }

    private let file: RawFile
    private let encoding: Encoding
    private let dataOffset: Int64
    private let blockAlign: Int
    private var scratch: [UInt8] = []

    private static let formatPCM: UInt16 = 1
    private static let formatFloat: UInt16 = 3
    private static let formatExtensible: UInt16 = 0xFFFE

    /// Opens and validates a WAV file; throws a DSPError naming the file if it is not a readable PCM WAV.
    public init(path: String) throws {
        self.path = path
        let file = try RawFile.openForReading(path)
        self.file = file
        let fileSize = try file.size()

        var riff = [UInt8](repeating: 0, count: 12)
        let got = try riff.withUnsafeMutableBytes { try file.read(into: $0, at: 0) }
        guard got == 12, riff[0..<4].elementsEqual("RIFF".utf8), riff[8..<12].elementsEqual("WAVE".utf8) else {
            if got >= 4, riff[0..<4].elementsEqual("RF64".utf8) {
                throw DSPError(.unsupportedFormat, path: path, "'\(path)' is an RF64 file, which is not supported")
            }
            throw DSPError(.notWAV, path: path, "'\(path)' is not a WAV file (no RIFF/WAVE header)")
        }

        var fmt: [UInt8]?
        var data: (offset: Int64, size: Int64)?
        var offset: Int64 = 12
        while offset + 8 <= fileSize {
            var head = [UInt8](repeating: 0, count: 8)
            _ = try head.withUnsafeMutableBytes { try file.read(into: $0, at: offset) }
            let id = String(decoding: head[0..<4], as: UTF8.self)
            let size = Int64(WAVReader.u32(head, 4))
            let body = offset + 8
            if id == "fmt " {
                guard size >= 16, body + size <= fileSize else {
                    throw DSPError(.malformedWAV, path: path, "'\(path)' has a damaged fmt chunk (\(size) bytes)")
                }
                var bytes = [UInt8](repeating: 0, count: Int(min(size, 64)))
                _ = try bytes.withUnsafeMutableBytes { try file.read(into: $0, at: body) }
                fmt = bytes
            } else if id == "data" {
                let available = fileSize - body
                if size == Int64(UInt32.max) {
                    // Streaming writers that could not seek back leave 0xFFFFFFFF: take what the file holds.
                    data = (body, available)
                } else {
                    guard size <= available else {
                        throw DSPError(.truncated, path: path,
                                       "WAV file '\(path)' is truncated: its data chunk claims \(size) bytes but only \(available) bytes follow")
                    }
                    data = (body, size)
                }
                if fmt != nil { break }
                if size == Int64(UInt32.max) { break }
            }
            offset = body + size + (size & 1)
        }

        guard let fmt else {
            throw DSPError(.malformedWAV, path: path, "'\(path)' has no fmt chunk")
        }
        guard let data else {
            throw DSPError(.truncated, path: path, "WAV file '\(path)' is truncated or damaged: it has no data chunk")
        }

        var tag = WAVReader.u16(fmt, 0)
        let channels = Int(WAVReader.u16(fmt, 2))
        let sampleRate = Int(WAVReader.u32(fmt, 4))
        let blockAlign = Int(WAVReader.u16(fmt, 12))
        let bits = Int(WAVReader.u16(fmt, 14))
        if tag == WAVReader.formatExtensible {
            // WAVEFORMATEXTENSIBLE: cbSize(2) validBits(2) channelMask(4) subFormat GUID(16) at byte 16.
            guard fmt.count >= 40 else {
                throw DSPError(.malformedWAV, path: path, "'\(path)' has a WAVE_FORMAT_EXTENSIBLE fmt chunk that is too short")
            }
            tag = WAVReader.u16(fmt, 24)
        }
        let encoding: Encoding
        switch (tag, bits) {
        case (WAVReader.formatPCM, 8): encoding = .unsigned8
        case (WAVReader.formatPCM, 16): encoding = .int16
        case (WAVReader.formatPCM, 24): encoding = .int24
        case (WAVReader.formatPCM, 32): encoding = .int32
        case (WAVReader.formatFloat, 32): encoding = .float32
        case (WAVReader.formatFloat, 64): encoding = .float64
        default:
            throw DSPError(.unsupportedFormat, path: path,
                           "'\(path)' uses WAV format tag \(tag) with \(bits) bits per sample; only 8/16/24/32-bit integer and 32/64-bit float PCM are supported")
        }
        guard channels > 0, sampleRate > 0, blockAlign == channels * encoding.bytesPerSample else {
            throw DSPError(.malformedWAV, path: path,
                           "'\(path)' has an inconsistent fmt chunk (\(channels) channels, \(sampleRate) Hz, block align \(blockAlign))")
        }
        self.format = PCMFormat(sampleRate: sampleRate, channels: channels)
        self.encoding = encoding
        self.blockAlign = blockAlign
        self.dataOffset = data.offset
        self.frameCount = Int(data.size / Int64(blockAlign))
    }

    /// Moves the read position to `frame` (clamped to 0...frameCount).
    public func seek(toFrame frame: Int) {
        position = max(0, min(frame, frameCount))
    }

    /// Reads up to `maxFrames` frames as interleaved Float samples; returns an empty array at the end.
    public func read(maxFrames: Int) throws -> [Float] {
        let frames = max(0, min(maxFrames, frameCount - position))
        if frames == 0 { return [] }
        let sampleCount = frames * format.channels
        return try [Float](unsafeUninitializedCapacity: sampleCount) { buffer, initialized in
            try read(frames: frames, into: buffer)
            initialized = sampleCount
        }
    }

    /// Reads up to `maxFrames` frames into `buffer` (capacity at least maxFrames × channels); returns frames read.
    public func read(into buffer: UnsafeMutableBufferPointer<Float>, maxFrames: Int) throws -> Int {
        let frames = max(0, min(maxFrames, frameCount - position, buffer.count / format.channels))
        if frames > 0 { try read(frames: frames, into: buffer) }
        return frames
    }

    private func read(frames: Int, into out: UnsafeMutableBufferPointer<Float>) throws {
        let byteCount = frames * blockAlign
        let offset = dataOffset + Int64(position) * Int64(blockAlign)
        let sampleCount = frames * format.channels
        if encoding == .float32 {
            let got = try file.read(into: UnsafeMutableRawBufferPointer(start: out.baseAddress, count: byteCount), at: offset)
            try checkComplete(got, byteCount)
            #if _endian(big)
            for i in 0..<sampleCount { out[i] = Float(bitPattern: UInt32(littleEndian: out[i].bitPattern)) }
            #endif
        } else {
            if scratch.count < byteCount { scratch = [UInt8](repeating: 0, count: byteCount) }
            let got = try scratch.withUnsafeMutableBytes {
                try file.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<byteCount]), at: offset)
            }
            try checkComplete(got, byteCount)
            scratch.withUnsafeBufferPointer { bytes in
                WAVReader.decode(bytes.baseAddress!, encoding: encoding, count: sampleCount, into: out.baseAddress!)
            }
        }
        position += frames
    }

    private func checkComplete(_ got: Int, _ wanted: Int) throws {
        guard got == wanted else {
            throw DSPError(.truncated, path: path, "WAV file '\(path)' is truncated: it ended while reading frame \(position)")
        }
    }

    private static func decode(_ src: UnsafePointer<UInt8>, encoding: Encoding, count: Int, into dst: UnsafeMutablePointer<Float>) {
        switch encoding {
        case .unsigned8:
            for i in 0..<count { dst[i] = (Float(src[i]) - 128) / 128 }
        case .int16:
            for i in 0..<count {
                let v = Int16(bitPattern: UInt16(src[2 * i]) | UInt16(src[2 * i + 1]) << 8)
                dst[i] = Float(v) / 32768
            }
        case .int24:
            for i in 0..<count {
                let u = UInt32(src[3 * i]) << 8 | UInt32(src[3 * i + 1]) << 16 | UInt32(src[3 * i + 2]) << 24
                dst[i] = Float(Int32(bitPattern: u) >> 8) / 8_388_608
            }
        case .int32:
            for i in 0..<count {
                let u = UInt32(src[4 * i]) | UInt32(src[4 * i + 1]) << 8 | UInt32(src[4 * i + 2]) << 16 | UInt32(src[4 * i + 3]) << 24
                dst[i] = Float(Double(Int32(bitPattern: u)) / 2_147_483_648)
            }
        case .float32:
            for i in 0..<count {
                let u = UInt32(src[4 * i]) | UInt32(src[4 * i + 1]) << 8 | UInt32(src[4 * i + 2]) << 16 | UInt32(src[4 * i + 3]) << 24
                dst[i] = Float(bitPattern: u)
            }
        case .float64:
            for i in 0..<count {
                var u: UInt64 = 0
                for b in 0..<8 { u |= UInt64(src[8 * i + b]) << (8 * UInt64(b)) }
                dst[i] = Float(Double(bitPattern: u))
            }
        }
    }

    private static func u16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }

    private static func u32(_ b: [UInt8], _ i: Int) -> UInt32 {
        UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }
}

// What joining independently encoded MP3 runs needs to know of one MPEG-1 Layer III frame: its length, where its
// payload (main data) starts, how far back into earlier payloads its main data begins (the bit reservoir), and the
// block type of its last granule per channel. Pure parsing of bytes; no FFmpeg.

/// The header and side-info facts of one MPEG-1 Layer III frame.
struct MP3FrameInfo: Equatable, Sendable {
    /// The frame's length in bytes, header included.
    var length: Int
    /// Where the payload starts: after the header, the CRC (if any) and the side information.
    var payloadOffset: Int
    /// `main_data_begin`: how many payload bytes before this frame's payload its main data starts.
    var mainDataBegin: Int
    /// The block type (0 long, 1 start, 2 short, 3 stop) of granule 1, per channel.
    var lastGranuleBlockTypes: [Int]

    /// The payload bytes this frame carries.
    var payloadLength: Int { length - payloadOffset }

    private static let bitrates = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]
    private static let sampleRates = [44_100, 48_000, 32_000]

    /// Parses the frame at the start of `bytes`; nil when it is not a whole MPEG-1 Layer III frame.
    init?(_ bytes: some RandomAccessCollection<UInt8>) {
        let b = Array(bytes.prefix(40))
        guard b.count >= 4, b[0] == 0xFF, b[1] & 0xE0 == 0xE0 else { return nil }
        let version = (b[1] >> 3) & 3, layer = (b[1] >> 1) & 3, protected = b[1] & 1 == 0
        let bitrateIndex = Int(b[2] >> 4), rateIndex = Int((b[2] >> 2) & 3), padding = Int((b[2] >> 1) & 1)
        let mono = (b[3] >> 6) == 3
        guard version == 3, layer == 1, (1...14).contains(bitrateIndex), rateIndex < 3 else { return nil }
        length = 144 * Self.bitrates[bitrateIndex] * 1000 / Self.sampleRates[rateIndex] + padding
        let sideStart = 4 + (protected ? 2 : 0)
        payloadOffset = sideStart + (mono ? 17 : 32)
        guard bytes.count >= length, b.count >= payloadOffset, payloadOffset <= length else { return nil }
        var bits = BitReader(b, from: sideStart)
        mainDataBegin = bits.read(9)
        let channels = mono ? 1 : 2
        _ = bits.read(mono ? 5 : 3)
        _ = bits.read(4 * channels)
        var types = [Int](repeating: 0, count: channels)
        for granule in 0..<2 {
            for channel in 0..<channels {
                _ = bits.read(12 + 9 + 8 + 4)
                let switching = bits.read(1) == 1
                let blockType = switching ? bits.read(2) : 0
                _ = bits.read(switching ? 1 + 10 + 9 : 15 + 4 + 3)
                _ = bits.read(3)
                if granule == 1 { types[channel] = blockType }
            }
        }
        lastGranuleBlockTypes = types
    }

    /// Reads big-endian bit fields.
    private struct BitReader {
        let bytes: [UInt8]
        var position: Int

        init(_ bytes: [UInt8], from byte: Int) {
            self.bytes = bytes
            position = byte * 8
        }

        mutating func read(_ count: Int) -> Int {
            var value = 0
            for _ in 0..<count {
                let byte = bytes[position >> 3]
                value = (value << 1) | Int((byte >> (7 - UInt8(position & 7))) & 1)
                position += 1
            }
            return value
        }
    }
}

// AudioEncoder against ffprobe and AudioDecoder: codec, rate, channels, length, bit rate, tags; no partial files left.
// Encodes 10 s of generated audio per format; lengths are checked by decoding and counting samples.

import Foundation
import Testing
import MediaIO

@Suite("Encoder")
struct EncoderTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var format: EncodeFormat
        var file: String
        var codecName: String
        var sampleRate: Int
        /// Target bit rate to hold within 10 %, for CBR-like settings.
        var cbrBitrate: Int?
        /// Allowed difference of the decoded length from the input, in frames at 44.1 kHz.
        var lengthTolerance: Int
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "mp3 CBR 192k", format: .mp3(bitrate: 192_000), file: "out.mp3", codecName: "mp3", sampleRate: 44_100, cbrBitrate: 192_000, lengthTolerance: 1152),
        Case(name: "mp3 VBR V2", format: .mp3VBR(quality: 2), file: "out.mp3", codecName: "mp3", sampleRate: 44_100, cbrBitrate: nil, lengthTolerance: 1152),
        Case(name: "aac 192k", format: .aac(bitrate: 192_000), file: "out.m4a", codecName: "aac", sampleRate: 44_100, cbrBitrate: 192_000, lengthTolerance: 1024),
        Case(name: "opus 128k", format: .opus(bitrate: 128_000), file: "out.opus", codecName: "opus", sampleRate: 48_000, cbrBitrate: 128_000, lengthTolerance: 960),
        Case(name: "flac", format: .flac(), file: "out.flac", codecName: "flac", sampleRate: 44_100, cbrBitrate: nil, lengthTolerance: 0),
        Case(name: "wav s16", format: .wav(), file: "out.wav", codecName: "pcm_s16le", sampleRate: 44_100, cbrBitrate: nil, lengthTolerance: 0),
        Case(name: "wav float", format: .wav(float: true), file: "out.wav", codecName: "pcm_f32le", sampleRate: 44_100, cbrBitrate: nil, lengthTolerance: 0),
    ]

    @Test("Encodes, and ffprobe plus a decode agree", arguments: cases)
    func encode(_ testCase: Case) throws {
        let dir = try TempDir()
        let path = dir.path(testCase.file)
        let input = TestSignal.make(seconds: 10)
        let encoder = try AudioEncoder(path: path, format: testCase.format, input: .working,
                                       tags: ["title": "Test Title", "artist": "Test Artist"])
        // Uneven chunks, through both write variants.
        var offset = 0
        var useBuffer = false
        while offset < input.count {
            let end = min(offset + 2 * 9_999, input.count)
            if useBuffer {
                try input[offset..<end].withUnsafeBufferPointer { try encoder.write($0) }
            } else {
                try encoder.write(Array(input[offset..<end]))
            }
            useBuffer.toggle()
            offset = end
        }
        #expect(!FileManager.default.fileExists(atPath: path), "nothing at the destination before finish()")
        try encoder.finish()
        #expect(encoder.encodedDuration == 10)
        #expect(try dir.contents() == [testCase.file], "only the output remains")

        let probe = try Tool.probe(path)
        let stream = try #require(probe.streams.first)
        #expect(stream.codec_name == testCase.codecName)
        #expect(stream.sample_rate == String(testCase.sampleRate))
        #expect(stream.channels == 2)
        #expect(probe.allTags["title"] == "Test Title")
        #expect(probe.allTags["artist"] == "Test Artist")
        let duration = try #require(probe.format.duration.flatMap(Double.init))
        #expect(abs(duration - 10) < 0.1, "ffprobe duration \(duration)")
        if let target = testCase.cbrBitrate {
            let measured = try #require(probe.format.bit_rate.flatMap(Double.init))
            print("\(testCase.name): container bit rate \(Int(measured)) b/s")
            #expect(abs(measured - Double(target)) / Double(target) < 0.10, "bit rate \(measured)")
        }

        // Decoded length: the input length within one codec frame (exact for lossless).
        var decoded: [Float] = []
        decoded.reserveCapacity(input.count + 10_000)
        let frames = try AudioDecoder.decode(path: path, layout: .working) { decoded += $0 }
        print("\(testCase.name): decoded \(frames) frames for 441000 written (\(frames - 441_000))")
        #expect(abs(frames - 441_000) <= testCase.lengthTolerance)
        let info = try MediaProbe.probe(path: path)
        #expect(info.codecName == testCase.codecName)
        #expect(info.tags["title"] == "Test Title")

        if testCase.format.codec == .wav || testCase.format.codec == .flac {
            let limit: Float = testCase.format.wavFloat ? 0 : 1.0 / 32_000
            var worst: Float = 0
            for index in 0..<input.count { worst = max(worst, abs(decoded[index] - input[index])) }
            #expect(worst <= limit, "largest difference \(worst)")
        }
    }
}

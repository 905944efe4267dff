// What AudioEncoder leaves behind when things go wrong: nothing but what was there before.
// Also option validation, rate and channel choices, and finishing twice.

import Foundation
import Testing
import MediaIO

@Suite("Encoder failures and choices")
struct EncoderFailureTests {
    @Test("A failed write removes the temp file and leaves an existing destination untouched")
    func failedWrite() throws {
        let dir = try TempDir()
        let path = dir.path("out.mp3")
        try "old".write(toFile: path, atomically: true, encoding: .utf8)
        let encoder = try AudioEncoder(path: path, format: .mp3(), input: .working)
        try encoder.write(TestSignal.make(seconds: 0.5))
        #expect(try dir.contents().count == 2, "the temp file sits beside the destination while writing")
        #expect(throws: MediaError.self) { try encoder.write([0.1, 0.2, 0.3]) }  // not whole stereo frames
        #expect(try dir.contents() == ["out.mp3"])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        #expect(throws: MediaError.self) { try encoder.finish() }
        #expect(throws: MediaError.self) { try encoder.write([0, 0]) }
        #expect(try dir.contents() == ["out.mp3"])
    }

    @Test("No output appears if finish() is never called")
    func neverFinished() throws {
        let dir = try TempDir()
        do {
            let encoder = try AudioEncoder(path: dir.path("out.flac"), format: .flac(), input: .working)
            try encoder.write(TestSignal.make(seconds: 0.5))
        }
        #expect(try dir.contents().isEmpty)
    }

    @Test("finish() twice is harmless; writing after it is an error")
    func finishTwice() throws {
        let dir = try TempDir()
        let encoder = try AudioEncoder(path: dir.path("out.wav"), format: .wav(), input: .working)
        try encoder.write(TestSignal.make(seconds: 0.25))
        try encoder.finish()
        try encoder.finish()
        #expect(throws: MediaError.self) { try encoder.write([0, 0]) }
        #expect(try dir.contents() == ["out.wav"])
        // An encoder that never got samples still makes a valid, empty file.
        let empty = try AudioEncoder(path: dir.path("empty.flac"), format: .flac(), input: .working)
        try empty.finish()
        #expect(try MediaProbe.probe(path: dir.path("empty.flac")).codecName == "flac")
    }

    @Test("Impossible requests fail before anything is created")
    func impossible() throws {
        let dir = try TempDir()
        let cases: [(String, EncodeFormat, AudioLayout, MediaError.Code)] = [
            (dir.path("missing-dir/out.mp3"), .mp3(), .working, .io),
            (dir.path("out.mp3"), .mp3(), AudioLayout(sampleRate: 44_100, channels: 3), .unsupportedFormat),
            (dir.path("out.mp3"), .mp3VBR(quality: 12), .working, .unsupportedFormat),
            (dir.path("out.flac"), .flac(compressionLevel: 40), .working, .unsupportedFormat),
            (dir.path("out.m4a"), .aac(bitrate: 5), .working, .unsupportedFormat),
            (dir.path("out.wav"), .wav(), AudioLayout(sampleRate: 0, channels: 2), .invalidArgument),
        ]
        for (path, format, layout, code) in cases {
            #expect {
                _ = try AudioEncoder(path: path, format: format, input: layout)
            } throws: { error in
                (error as? MediaError)?.code == code
            }
        }
        #expect(try dir.contents().isEmpty)
    }

    @Test("Codec sample rates and channel counts")
    func choices() throws {
        let dir = try TempDir()
        let cases: [(String, EncodeFormat, AudioLayout, Int)] = [
            ("mono.mp3", .mp3(bitrate: 96_000), AudioLayout(sampleRate: 44_100, channels: 1), 44_100),
            ("hi.mp3", .mp3(), AudioLayout(sampleRate: 96_000, channels: 2), 48_000),
            ("a.opus", .opus(bitrate: 96_000, vbr: true), AudioLayout(sampleRate: 22_050, channels: 2), 48_000),
            ("a.webm", .opus(), .working, 48_000),
            ("a.aac", .aac(), AudioLayout(sampleRate: 48_000, channels: 2), 48_000),
            ("six.flac", .flac(compressionLevel: 0), AudioLayout(sampleRate: 48_000, channels: 6), 48_000),
        ]
        for (name, format, layout, rate) in cases {
            let path = dir.path(name)
            let encoder = try AudioEncoder(path: path, format: format, input: layout)
            #expect(encoder.encodedLayout == AudioLayout(sampleRate: rate, channels: layout.channels))
            try encoder.write(TestSignal.make(seconds: 1, rate: layout.sampleRate, channels: layout.channels))
            try encoder.finish()
            let info = try MediaProbe.probe(path: path)
            #expect(info.sampleRate == rate, "\(name)")
            #expect(info.channels == layout.channels, "\(name)")
            let frames = try AudioDecoder.decode(path: path, layout: layout) { _ in }
            #expect(abs(frames - layout.sampleRate) <= 1_152 * layout.sampleRate / rate, "\(name): \(frames) frames")
        }
    }
}

// Sample-accurate cuts and seeks: single-sample clicks at known indices, found again after decoding.
// Files are generated with the ffmpeg CLI; MP3 is compared with a small tolerance because LAME smears a click.

import Foundation
import Testing
@testable import MediaIO

@Suite("Decoder accuracy")
struct DecoderAccuracyTests {
    static let clickIndex = 123_456

    /// A 5 s stereo 44.1 kHz file with one click of 0.9 at `clickIndex` (both channels).
    static func clickFile(_ dir: TempDir, _ name: String, options: [String] = []) throws -> String {
        let path = dir.path(name)
        let expr = "if(eq(n\\,\(clickIndex))\\,0.9\\,0)"
        try Tool.generate("aevalsrc=exprs=\(expr)|\(expr):s=44100:d=5", to: path, options: options)
        return path
    }

    /// Decodes a range and returns the samples.
    static func decode(_ path: String, layout: AudioLayout = .working, start: Double, end: Double? = nil) throws -> [Float] {
        var all: [Float] = []
        try AudioDecoder.decode(path: path, layout: layout, start: start, end: end, chunkFrames: 1000) { all += $0 }
        return all
    }

    @Test("Lossless cut puts the click at exactly clickIndex - startFrame", arguments: ["wav", "flac"])
    func losslessCut(ext: String) throws {
        let dir = try TempDir()
        let path = try Self.clickFile(dir, "click.\(ext)")
        for start in [0.0, 0.3, 1.0, 2.5, 2.79] {
            let samples = try Self.decode(path, start: start, end: 4.0)
            let startFrame = Int((start * 44_100).rounded())
            #expect(samples.count == Int(((4.0 - start) * 44_100).rounded()) * 2)
            #expect(Samples.peakFrame(samples, channels: 2) == Self.clickIndex - startFrame, "start \(start)")
            #expect(abs(samples[(Self.clickIndex - startFrame) * 2] - 0.9) < 0.001)
        }
    }

    @Test("MP3 cut lands within 1 sample of the click")
    func mp3Cut() throws {
        let dir = try TempDir()
        let path = try Self.clickFile(dir, "click.mp3", options: ["-c:a", "libmp3lame", "-b:a", "320k"])
        let full = try Self.decode(path, start: 0)
        let fullPeak = Samples.peakFrame(full, channels: 2)
        print("MP3 full-decode click at \(fullPeak), expected \(Self.clickIndex), offset \(fullPeak - Self.clickIndex)")
        #expect(abs(fullPeak - Self.clickIndex) <= 1)
        for start in [0.3, 1.0, 2.5, 2.79] {
            let samples = try Self.decode(path, start: start, end: 4.0)
            let startFrame = Int((start * 44_100).rounded())
            let peak = Samples.peakFrame(samples, channels: 2)
            print("MP3 start \(start): click at \(peak), expected \(Self.clickIndex - startFrame), offset \(peak - (Self.clickIndex - startFrame))")
            #expect(abs(peak - (Self.clickIndex - startFrame)) <= 1, "start \(start)")
        }
    }

    @Test("Resampling 44.1 kHz to 48 kHz keeps the click where the time says")
    func resampledCut() throws {
        let dir = try TempDir()
        let path = try Self.clickFile(dir, "click.wav")
        let layout = AudioLayout(sampleRate: 48_000, channels: 2)
        let expected = Double(Self.clickIndex) * 48_000 / 44_100
        let full = try Self.decode(path, layout: layout, start: 0)
        print("resampled full click at \(Samples.peakFrame(full, channels: 2)) expected \(expected)")
        #expect(abs(Double(Samples.peakFrame(full, channels: 2)) - expected) <= 1)
        for start in [1.0, 2.2] {
            let samples = try Self.decode(path, layout: layout, start: start, end: 4.0)
            let peak = Double(Samples.peakFrame(samples, channels: 2)) + (start * 48_000).rounded()
            print("resampled start \(start) click at \(peak) expected \(expected)")
            #expect(abs(peak - expected) <= 1, "start \(start)")
        }
    }
}

// Sample-accurate cuts and seeks: single-sample clicks at known indices, found again after decoding.
// Files are generated with the ffmpeg CLI; MP3 is compared with a small tolerance because LAME smears a click.

import Foundation
import Testing
import MediaIO

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

    /// Clicks in a 60 s file: (frame index at 44.1 kHz).
    static let longClicks = [441_017, 1_323_333, 2_403_456]

    static func longClickFile(_ dir: TempDir, _ name: String, options: [String] = []) throws -> String {
        let path = dir.path(name)
        let terms = longClicks.map { "eq(n\\,\($0))" }.joined(separator: "+")
        let expr = "0.9*(\(terms))"
        try Tool.generate("aevalsrc=exprs=\(expr)|\(expr):s=44100:d=60", to: path, options: options)
        return path
    }

    @Test("Seeks in the middle of a 60 s file land on the sample",
          arguments: [("wav", [String]()), ("flac", []), ("mp3", ["-c:a", "libmp3lame", "-b:a", "256k"])])
    func longSeek(ext: String, options: [String]) throws {
        let dir = try TempDir()
        let path = try Self.longClickFile(dir, "long.\(ext)", options: options)
        let tolerance = ext == "mp3" ? 1 : 0
        for (click, start) in [(Self.longClicks[1], 29.876_5), (Self.longClicks[2], 54.3), (Self.longClicks[0], 9.95)] {
            let samples = try Self.decode(path, start: start, end: start + 0.5)
            let expected = click - Int((start * 44_100).rounded())
            let peak = Samples.peakFrame(samples, channels: 2)
            print("\(ext) 60 s file, start \(start): click at \(peak), expected \(expected), offset \(peak - expected)")
            #expect(abs(peak - expected) <= tolerance, "\(ext) start \(start)")
        }
    }

    @Test("seek(toSeconds:) back and forth on one decoder matches fresh decodes")
    func seekBackAndForth() throws {
        let dir = try TempDir()
        for ext in ["wav", "mp3"] {
            let path = try Self.clickFile(dir, "click.\(ext)", options: ext == "mp3" ? ["-c:a", "libmp3lame"] : [])
            let decoder = try AudioDecoder(path: path, output: .working)
            _ = try decoder.read(maxFrames: 50_000)
            for start in [2.5, 0.1, 0.0, 2.0, 4.0] {
                try decoder.seek(toSeconds: start)
                #expect(decoder.positionFrames == Int64((start * 44_100).rounded()))
                let chunk = try decoder.read(maxFrames: 44_100)
                let fresh = try Self.decode(path, start: start, end: min(start + 1, 5))
                #expect(chunk.count == fresh.count, "\(ext) start \(start)")
                var worst: Float = 0
                for index in 0..<min(chunk.count, fresh.count) { worst = max(worst, abs(chunk[index] - fresh[index])) }
                #expect(worst < (ext == "wav" ? 1e-7 : 1e-3), "\(ext) start \(start): largest difference \(worst)")
            }
        }
    }

    struct LossyCase: Sendable, CustomTestStringConvertible {
        var file: String
        var options: [String]
        /// How far a seek may disagree with the full decode, in samples (WebM timestamps are whole milliseconds).
        var seekTolerance = 1
        var testDescription: String { file }
    }

    @Test("Other decoders place a cut click within 2 ms (measured offsets printed)", arguments: [
        LossyCase(file: "x.m4a", options: ["-c:a", "aac", "-b:a", "256k"]),
        LossyCase(file: "x.opus", options: ["-c:a", "libopus", "-b:a", "160k"]),
        LossyCase(file: "x.webm", options: ["-c:a", "libopus", "-b:a", "160k"], seekTolerance: 23),
        LossyCase(file: "x.ogg", options: ["-c:a", "libvorbis", "-q:a", "6"]),
        LossyCase(file: "x.flac", options: ["-ar", "48000"]),
    ])
    func otherFormats(_ lossy: LossyCase) throws {
        let dir = try TempDir()
        let path = try Self.clickFile(dir, lossy.file, options: lossy.options)
        let full = try Self.decode(path, start: 0)
        print("\(lossy.file): \(full.count / 2) frames decoded for 220500 generated")
        #expect(abs(full.count / 2 - 220_500) <= 1_024)
        let fullOffset = Samples.peakFrame(full, channels: 2) - Self.clickIndex
        var offsets = [fullOffset]
        for start in [1.3, 2.7] {
            let samples = try Self.decode(path, start: start, end: 3.5)
            #expect(samples.count == Int(((3.5 - start) * 44_100).rounded()) * 2)
            offsets.append(Samples.peakFrame(samples, channels: 2) - (Self.clickIndex - Int((start * 44_100).rounded())))
        }
        print("\(lossy.file): click offsets in samples (full, start 1.3, start 2.7): \(offsets)")
        for offset in offsets { #expect(abs(offset) <= 88) }
        // A seek must agree with the full decode to the sample (up to resampling phase; WebM to its 1 ms clock).
        #expect(abs(offsets[1] - offsets[0]) <= lossy.seekTolerance && abs(offsets[2] - offsets[0]) <= lossy.seekTolerance)
    }
}

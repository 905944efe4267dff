// AudioDecoder.decode(start:end:) frame counts, resampling, channel remixing, and the end-of-source rules.
// Sources are generated with the ffmpeg CLI at 48 kHz and 44.1 kHz; counts must be exact.

import Foundation
import Testing
import MediaIO

@Suite("Decoder ranges")
struct DecoderRangeTests {
    static func count(_ path: String, layout: AudioLayout, start: Double, end: Double?, clamp: Bool = false, chunk: Int = 4096) throws -> Int {
        var samples = 0
        let frames = try AudioDecoder.decode(path: path, layout: layout, start: start, end: end, clampToEnd: clamp, chunkFrames: chunk) { chunkSamples in
            #expect(chunkSamples.count % layout.channels == 0)
            #expect(chunkSamples.count / layout.channels <= chunk)
            samples += chunkSamples.count
        }
        #expect(samples == frames * layout.channels)
        return frames
    }

    @Test("Exact frame counts for ranges, with and without rate conversion")
    func exactCounts() throws {
        let dir = try TempDir()
        let source48 = dir.path("s48.wav")
        try Tool.generate("sine=f=300:r=48000:d=8", to: source48, options: ["-ac", "2"])
        let source44 = dir.path("s44.mp3")
        try Tool.generate("anoisesrc=r=44100:d=8:a=0.3", to: source44, options: ["-ac", "1", "-c:a", "libmp3lame"])
        let ranges: [(Double, Double)] = [(0, 1), (0.123, 4.567), (1.000_01, 1.000_02), (2, 2), (3.3, 7.99), (0.5, 0.5 + 1 / 44_100)]
        for path in [source48, source44] {
            for layout in [AudioLayout(sampleRate: 44_100, channels: 2), AudioLayout(sampleRate: 48_000, channels: 1),
                           AudioLayout(sampleRate: 22_050, channels: 2)] {
                for (start, end) in ranges {
                    let frames = try Self.count(path, layout: layout, start: start, end: end, chunk: 1777)
                    #expect(frames == Int(((end - start) * Double(layout.sampleRate)).rounded()), "\(path) \(layout) \(start)-\(end)")
                }
            }
        }
        // To the end: the whole source, converted.
        #expect(try Self.count(source48, layout: .working, start: 0, end: nil) == 352_800)
        #expect(try Self.count(source48, layout: AudioLayout(sampleRate: 48_000, channels: 2), start: 0, end: nil) == 384_000)
        #expect(try Self.count(source48, layout: AudioLayout(sampleRate: 48_000, channels: 2), start: 6.5, end: nil) == 72_000)
        // Ending exactly at the source's end works even after rate conversion.
        #expect(try Self.count(source48, layout: .working, start: 5, end: 8) == 132_300)
    }

    @Test("Mono sources are spread to both channels; level and sign survive the trip")
    func monoToStereo() throws {
        let dir = try TempDir()
        let path = dir.path("mono.wav")
        try Tool.generate("aevalsrc=exprs=0.5:s=44100:d=1", to: path, options: ["-c:a", "pcm_f32le"])
        var samples: [Float] = []
        try AudioDecoder.decode(path: path, layout: .working) { samples += $0 }
        #expect(samples.count == 88_200)
        #expect(samples[1000] == samples[1001])
        #expect(samples[1000] > 0.3)  // FFmpeg's mono-to-stereo matrix puts the centre at -3 dB (0.354), as the CLI does
    }

    @Test("An end beyond the source throws truncated; clampToEnd returns what there is")
    func beyondEnd() throws {
        let dir = try TempDir()
        let path = dir.path("short.wav")
        try Tool.generate("sine=f=440:r=44100:d=3", to: path)
        #expect {
            try Self.count(path, layout: .working, start: 1, end: 5)
        } throws: { error in
            guard let error = error as? MediaError else { return false }
            return error.code == .truncated
                && error.description == "'\(path)' ended at 3.000 s, before the requested end 5.000 s (the file may be truncated)"
        }
        #expect(try Self.count(path, layout: .working, start: 1, end: 5, clamp: true) == 88_200)
        #expect(try Self.count(path, layout: AudioLayout(sampleRate: 48_000, channels: 2), start: 1, end: 5, clamp: true) == 96_000)
        // A start past the end: nothing to deliver.
        #expect(try Self.count(path, layout: .working, start: 4, end: 5, clamp: true) == 0)
        #expect(throws: MediaError.self) { try Self.count(path, layout: .working, start: 4, end: 5) }
        // Within the 2 ms tolerance: padded, no error.
        #expect(try Self.count(path, layout: .working, start: 2, end: 3.001) == 44_144)
    }

    @Test("Invalid arguments are rejected with invalidArgument")
    func invalidArguments() throws {
        let dir = try TempDir()
        let path = dir.path("a.wav")
        try Tool.generate("sine=d=1", to: path)
        for (start, end) in [(-1.0, 1.0), (2.0, 1.0), (Double.nan, 1.0)] {
            #expect {
                try Self.count(path, layout: .working, start: start, end: end)
            } throws: { ($0 as? MediaError)?.code == .invalidArgument }
        }
        #expect(throws: MediaError.self) { try AudioDecoder(path: path, output: AudioLayout(sampleRate: 0, channels: 2)) }
    }
}

// The parallel MP3 encode: runs joined at seams give one valid, gapless stream that sounds as good as one long encode,
// with the same bytes whatever the thread count; and the pure seam rules on their own.
import Foundation
import Testing
@testable import MediaIO

@Suite("Parallel MP3 encoder", .serialized)
struct ParallelMP3EncoderTests {
    /// An in-memory source.
    final class ArraySource: PCMFrameSource {
        let samples: [Float]
        let channels: Int
        var position = 0
        init(_ samples: [Float], channels: Int) {
            self.samples = samples
            self.channels = channels
        }
        func seek(toFrame frame: Int) { position = frame }
        func read(into buffer: UnsafeMutableBufferPointer<Float>, maxFrames: Int) throws -> Int {
            let frames = max(0, min(maxFrames, samples.count / channels - position, buffer.count / channels))
            for i in 0..<(frames * channels) { buffer[i] = samples[position * channels + i] }
            position += frames
            return frames
        }
    }

    /// Music-like test audio: tones that change pitch every 0.5 s, noise bursts with sharp attacks (block switching),
    /// a 3 s silence (the bit reservoir fills), different in each channel. Deterministic.
    static func music(seconds: Double, rate: Int = 44_100) -> [Float] {
        let frames = Int(seconds * Double(rate))
        var out = [Float](repeating: 0, count: frames * 2)
        var state: UInt32 = 0x9E37_79B9
        for i in 0..<frames {
            let t = Double(i) / Double(rate)
            if t >= 61 && t < 64 { continue }
            let step = Int(t * 2)
            let f1 = 220 * pow(2, Double(step % 12) / 12), f2 = f1 * 1.5
            let sinceHit = t.truncatingRemainder(dividingBy: 0.37)
            let burst = Float(exp(-sinceHit * 30))
            for c in 0..<2 {
                state = state &* 1_664_525 &+ 1_013_904_223
                let noise = Float(Int32(bitPattern: state)) / Float(Int32.max)
                let tone = 0.25 * sin(2 * .pi * (c == 0 ? f1 : f2) * t) + 0.1 * sin(2 * .pi * 3 * f1 * t)
                out[i * 2 + c] = Float(tone) + 0.35 * burst * noise
            }
        }
        return out
    }

    static let signal = music(seconds: 130)

    private func decode(_ path: String, _ dir: TempDir) throws -> [Float] {
        let raw = dir.path("decoded-\(UUID().uuidString).f32")
        // -xerror and explode: any damaged frame fails the decode.
        try Tool.ffmpeg(["-xerror", "-err_detect", "explode", "-i", path, "-f", "f32le", "-ac", "2", raw])
        let data = try Data(contentsOf: URL(fileURLWithPath: raw))
        return data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }

    private func encodeParallel(_ path: String, threads: Int, format: EncodeFormat = .mp3()) throws {
        let signal = Self.signal
        try ParallelMP3Encoder.encode(path: path, format: format, layout: .working, frames: signal.count / 2, threads: threads,
                                      openSource: { ArraySource(signal, channels: 2) })
    }

    /// Signal-to-noise ratio (dB) of `decoded` against the input, over the whole and per 50 ms window.
    private func snr(_ decoded: [Float]) -> (overall: Double, windows: [Double]) {
        let input = Self.signal
        var windows: [Double] = []
        var totalSignal = 0.0, totalError = 0.0
        let window = 2205 * 2
        var start = 0
        while start + window <= input.count {
            var s = 0.0, e = 0.0
            for i in start..<(start + window) {
                s += Double(input[i] * input[i])
                let d = Double(decoded[i] - input[i])
                e += d * d
            }
            totalSignal += s
            totalError += e
            windows.append(s < 1e-9 ? 200 : 10 * log10(s / max(e, 1e-20)))
            start += window
        }
        return (10 * log10(totalSignal / totalError), windows)
    }

    @Test("a 130 s input is joined from runs into one valid, gapless stream as good as one long encode, window by window",
          arguments: [EncodeFormat.mp3(), .mp3VBR(quality: 2)])
    func quality(format: EncodeFormat) throws {
        let dir = try TempDir()
        #expect(ParallelMP3Encoder.splits(format: format, layout: .working, frames: Self.signal.count / 2))
        #expect(MP3SeamPlan.runs(totalSamples: Self.signal.count / 2, frameSize: 1152).count == 3)
        let parallel = dir.path("parallel.mp3"), single = dir.path("single.mp3")
        try encodeParallel(parallel, threads: 2, format: format)
        let encoder = try AudioEncoder(path: single, format: format, input: .working)
        try encoder.write(Self.signal)
        try encoder.finish()

        let p = try decode(parallel, dir), s = try decode(single, dir)
        #expect(p.count == Self.signal.count, "gapless: the decode has exactly the input's samples")
        #expect(s.count == Self.signal.count)
        let ps = snr(p), ss = snr(s)
        #expect(abs(ps.overall - ss.overall) < 0.3, "overall SNR \(ps.overall) dB against one run's \(ss.overall) dB")
        #expect(ss.overall > 15)
        let worst = zip(ps.windows, ss.windows).map { $0 - $1 }.min() ?? 0
        #expect(worst > -3, "the worst 50 ms window is \(worst) dB below one run's: a seam would show here")
        #expect(!FileManager.default.fileExists(atPath: dir.path(".parallel.mp3.partial")))
        #expect(try dir.contents().filter { $0.contains("partial") }.isEmpty)
    }

    @Test("mono at 48 kHz and stereo at 32 kHz are joined into valid, gapless streams too", arguments: [(48_000, 1), (32_000, 2)])
    func otherLayouts(rate: Int, channels: Int) throws {
        let dir = try TempDir()
        let layout = AudioLayout(sampleRate: rate, channels: channels)
        let frames = rate * 100
        let stereo = Self.music(seconds: 100, rate: rate)
        let signal = channels == 2 ? stereo : (0..<frames).map { stereo[$0 * 2] }
        #expect(ParallelMP3Encoder.splits(format: .mp3(bitrate: 128_000), layout: layout, frames: frames))
        let path = dir.path("other.mp3")
        try ParallelMP3Encoder.encode(path: path, format: .mp3(bitrate: 128_000), layout: layout, frames: frames, threads: 2,
                                      openSource: { ArraySource(signal, channels: channels) })
        let raw = dir.path("other.f32")
        try Tool.ffmpeg(["-xerror", "-err_detect", "explode", "-i", path, "-f", "f32le", "-ac", "\(channels)", raw])
        let decoded = try Data(contentsOf: URL(fileURLWithPath: raw)).count / 4
        #expect(decoded == signal.count, "gapless: \(decoded) samples decoded for \(signal.count)")
    }

    @Test("the same bytes on 1, 2 and 3 threads")
    func deterministic() throws {
        let dir = try TempDir()
        try encodeParallel(dir.path("1.mp3"), threads: 1)
        try encodeParallel(dir.path("2.mp3"), threads: 2)
        try encodeParallel(dir.path("3.mp3"), threads: 3)
        let one = try Data(contentsOf: URL(fileURLWithPath: dir.path("1.mp3")))
        #expect(one == (try Data(contentsOf: URL(fileURLWithPath: dir.path("2.mp3")))))
        #expect(one == (try Data(contentsOf: URL(fileURLWithPath: dir.path("3.mp3")))))
    }

    @Test("stopping through progress leaves no file and no temp file")
    func cancelled() throws {
        let dir = try TempDir()
        let signal = Self.signal
        #expect(throws: CancellationError.self) {
            try ParallelMP3Encoder.encode(path: dir.path("x.mp3"), format: .mp3(), layout: .working, frames: signal.count / 2, threads: 2,
                                          openSource: { ArraySource(signal, channels: 2) },
                                          progress: { if $0 > 0.3 { throw CancellationError() } })
        }
        #expect(try dir.contents().isEmpty)
    }

    @Test("runs: frame-aligned starts with pre-roll, margins past each nominal end, the whole input covered; short inputs are one run")
    func runs() {
        #expect(MP3SeamPlan.runs(totalSamples: 44_100 * 50, frameSize: 1152).count == 1)
        for seconds in [61, 130, 170, 3600] {
            let total = 44_100 * seconds
            let runs = MP3SeamPlan.runs(totalSamples: total, frameSize: 1152)
            #expect(runs.count > 1)
            #expect(runs.first?.inputStart == 0 && runs.last?.inputEnd == total)
            for (a, b) in zip(runs, runs.dropFirst()) {
                #expect(b.inputStart % 1152 == 0 && b.firstFrame * 1152 == b.inputStart)
                #expect(b.nominalFrame - b.firstFrame == MP3SeamPlan.preRollFrames)
                #expect(a.inputEnd >= (b.nominalFrame + MP3SeamPlan.marginFrames) * 1152 || a.inputEnd == total)
            }
        }
    }

    @Test("payload tails are read and overwritten across frames, headers and side info untouched")
    func payloadTail() throws {
        // Two fake frames: 36 bytes of header and side info (marked 0xEE) then payload.
        let info = MP3FrameInfo.fake(length: 40, payloadOffset: 36)
        var frames: [[UInt8]] = [Array(repeating: 0xEE, count: 36) + [1, 2, 3, 4], Array(repeating: 0xEE, count: 36) + [5, 6, 7, 8]]
        #expect(MP3SeamPlan.payloadTail(frames[...], infos: [info, info][...], count: 6) == [3, 4, 5, 6, 7, 8])
        MP3SeamPlan.overwritePayloadTail(&frames, infos: [info, info], with: [9, 9, 9, 9, 9, 9])
        #expect(frames[0] == Array(repeating: 0xEE, count: 36) + [1, 2, 9, 9])
        #expect(frames[1] == Array(repeating: 0xEE, count: 36) + [9, 9, 9, 9])
    }

    @Test("frame facts parse every frame LAME writes; the chain of lengths ends at the end of the file")
    func frameInfo() throws {
        let dir = try TempDir()
        let path = dir.path("short.mp3")
        let encoder = try AudioEncoder(path: path, format: .mp3(), input: .working)
        try encoder.write(TestSignal.make(seconds: 3))
        try encoder.finish()
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var offset = 0
        if bytes.starts(with: Array("ID3".utf8)) {
            offset = 10 + (Int(bytes[6]) << 21 | Int(bytes[7]) << 14 | Int(bytes[8]) << 7 | Int(bytes[9]))
        }
        var count = 0
        while offset < bytes.count {
            let info = try #require(MP3FrameInfo(bytes[offset...]), "no frame at \(offset)")
            #expect(info.payloadOffset == 36 && info.lastGranuleBlockTypes.count == 2)
            #expect(info.lastGranuleBlockTypes.allSatisfy { (0...3).contains($0) })
            offset += info.length
            count += 1
        }
        #expect(offset == bytes.count)
        #expect(count > 110)
        #expect(MP3FrameInfo([0xFF, 0xFB, 0x00, 0x00]) == nil)
    }
}

extension MP3FrameInfo {
    /// A frame description for the pure tests.
    static func fake(length: Int, payloadOffset: Int) -> MP3FrameInfo {
        var bytes: [UInt8] = [0xFF, 0xFB, 0x90, 0x44] + Array(repeating: 0, count: 600)
        bytes[1] = 0xFB
        var info = MP3FrameInfo(bytes)!
        info.length = length
        info.payloadOffset = payloadOffset
        return info
    }
}

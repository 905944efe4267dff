// WAVFileTests: WAVWriter/WAVReader round trips, integer and extensible formats, atomic writes and clear errors.
// Knows nothing about crossfades or loudness.

import DSP
import Foundation
import Testing

@Suite("WAV files")
struct WAVFileTests {
    @Test("float round trip is bit-exact across chunk sizes, and seek works")
    func roundTrip() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("round.wav")
        let format = PCMFormat(sampleRate: 44100, channels: 3)
        var samples = TestSignals.noise(frames: 10_007, channels: 3, amplitude: 1.5, seed: 1)
        samples[0] = .leastNonzeroMagnitude; samples[1] = -0.0; samples[2] = .greatestFiniteMagnitude
        let writer = try WAVWriter(path: path, format: format)
        var i = 0
        for size in [1, 7, 1000, 4096, 100_000] where i < samples.count / 3 {
            let n = min(size, samples.count / 3 - i)
            try writer.write(Array(samples[(i * 3)..<((i + n) * 3)]))
            i += n
        }
        #expect(writer.framesWritten == 10_007)
        try writer.finish()

        let reader = try WAVReader(path: path)
        #expect(reader.format == format)
        #expect(reader.frameCount == 10_007)
        var back: [Float] = []
        while true {
            let chunk = try reader.read(maxFrames: 333)
            if chunk.isEmpty { break }
            back += chunk
        }
        #expect(back.map(\.bitPattern) == samples.map(\.bitPattern))
        #expect(try reader.read(maxFrames: 10).isEmpty)

        reader.seek(toFrame: 5000)
        #expect(try reader.read(maxFrames: 2) == Array(samples[15000..<15006]))
        reader.seek(toFrame: 20_000)
        #expect(reader.position == 10_007)
        #expect(try reader.read(maxFrames: 2).isEmpty)
    }

    @Test("ffmpeg reads our files: same frame count and format")
    func ffmpegReadsOurFiles() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("ours.wav")
        try TestSignals.write(TestSignals.noise(frames: 12_345, channels: 2, amplitude: 0.5, seed: 2),
                              format: PCMFormat(sampleRate: 48000, channels: 2), to: path)
        // Re-encode through ffmpeg to 16-bit and read it back with our reader: same length and rate.
        let copy = dir.file("copy.wav")
        let log = try FFmpegCLI.run(["-y", "-i", path, "-c:a", "pcm_s16le", copy])
        #expect(log.contains("pcm_f32le"))
        let reader = try WAVReader(path: copy)
        #expect(reader.frameCount == 12_345)
        #expect(reader.format == PCMFormat(sampleRate: 48000, channels: 2))
    }

    @Test("reads integer, float and extensible WAVs written by ffmpeg",
          arguments: [("pcm_u8", 1.0 / 128), ("pcm_s16le", 1.0 / 32768), ("pcm_s24le", 1.0 / 8_388_608),
                      ("pcm_s32le", 1e-7), ("pcm_f32le", 0.0), ("pcm_f64le", 0.0)] as [(String, Double)])
    func decodesFormats(codec: String, quantum: Double) throws {
        let dir = try TemporaryDirectory()
        let source = dir.file("source.wav")
        let format = PCMFormat(sampleRate: 22050, channels: 2)
        let samples = TestSignals.noise(frames: 5000, channels: 2, amplitude: 0.9, seed: 3)
        try TestSignals.write(samples, format: format, to: source)
        let converted = dir.file("\(codec).wav")
        try FFmpegCLI.run(["-y", "-i", source, "-c:a", codec, converted])
        let (readFormat, back) = try TestSignals.readAll(converted)
        #expect(readFormat == format)
        #expect(back.count == samples.count)
        let worst = zip(back, samples).map { abs(Double($0) - Double($1)) }.max() ?? .infinity
        #expect(worst <= quantum + 1e-7, "\(codec): worst error \(worst)")
    }

    @Test("writes appear only on finish; dropped or cancelled writers leave nothing behind")
    func atomicWrites() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("out.wav")
        let format = PCMFormat(sampleRate: 8000, channels: 1)
        do {
            let writer = try WAVWriter(path: path, format: format)
            try writer.write([0.1, 0.2])
            #expect(!FileManager.default.fileExists(atPath: path))
            #expect(try dir.contents().count == 1) // the hidden temp file
        }
        #expect(try dir.contents().isEmpty)

        try TestSignals.write([0.5, 0.5], format: format, to: path)
        let writer = try WAVWriter(path: path, format: format)
        try writer.write([0.25])
        writer.cancel()
        #expect(try dir.contents() == ["out.wav"])
        #expect(try TestSignals.readAll(path).samples == [0.5, 0.5]) // the old file is untouched

        let replacing = try WAVWriter(path: path, format: format)
        try replacing.write([0.75])
        try replacing.finish()
        #expect(try TestSignals.readAll(path).samples == [0.75])
        #expect(try dir.contents() == ["out.wav"])
        #expect(throws: DSPError.self) { try replacing.write([0.1]) }
    }

    @Test("a writer into a missing folder fails with the destination in the message")
    func missingFolder() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("no/such/folder/out.wav")
        let error = #expect(throws: DSPError.self) { try WAVWriter(path: path, format: PCMFormat(sampleRate: 8000, channels: 1)) }
        #expect(error?.code == .io)
        #expect(error?.path == path)
        #expect(error?.description.contains("cannot write '\(path)'") == true)
    }

    @Test("a write that is not a whole number of frames is rejected")
    func partialFrames() throws {
        let dir = try TemporaryDirectory()
        let writer = try WAVWriter(path: dir.file("x.wav"), format: PCMFormat(sampleRate: 8000, channels: 2))
        #expect(throws: DSPError.self) { try writer.write([0.1, 0.2, 0.3]) }
    }

    @Test("a truncated WAV gives a clear error naming the file")
    func truncated() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("cut.wav")
        try TestSignals.write(TestSignals.noise(frames: 1000, channels: 2, amplitude: 0.5, seed: 4),
                              format: PCMFormat(sampleRate: 8000, channels: 2), to: path)
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.truncate(atOffset: 3000)
        try handle.close()
        let error = #expect(throws: DSPError.self) { try WAVReader(path: path) }
        #expect(error?.code == .truncated)
        #expect(error?.description.contains(path) == true)
        #expect(error?.description.contains("claims 8000 bytes but only 2942 bytes follow") == true)

        // Cut inside the header: no data chunk at all.
        let header = dir.file("header.wav")
        try Data(try Data(contentsOf: URL(fileURLWithPath: path)).prefix(30)).write(to: URL(fileURLWithPath: header))
        #expect(#expect(throws: DSPError.self) { try WAVReader(path: header) }?.path == header)
    }

    @Test("a non-WAV file, an empty file and a missing file give errors")
    func notWAV() throws {
        let dir = try TemporaryDirectory()
        let text = dir.file("notes.wav")
        try "just some text, definitely not audio".write(toFile: text, atomically: true, encoding: .utf8)
        let error = #expect(throws: DSPError.self) { try WAVReader(path: text) }
        #expect(error?.code == .notWAV)
        #expect(error?.description.contains(text) == true)
        let empty = dir.file("empty.wav")
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        #expect(#expect(throws: DSPError.self) { try WAVReader(path: empty) }?.code == .notWAV)
        #expect(#expect(throws: DSPError.self) { try WAVReader(path: dir.file("missing.wav")) }?.code == .io)
    }

    @Test("unsupported encodings are refused with the format tag in the message")
    func unsupported() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("alaw.wav")
        try FFmpegCLI.generate("sine=d=0.2", to: path, codec: "pcm_alaw")
        let error = #expect(throws: DSPError.self) { try WAVReader(path: path) }
        #expect(error?.code == .unsupportedFormat)
        #expect(error?.description.contains("tag 6") == true)
    }
}

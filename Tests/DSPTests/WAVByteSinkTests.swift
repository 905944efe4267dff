// WAVWriter streaming its bytes to a sink: exactly the finished file when the length was announced and met, and a
// clear "not the whole file" otherwise (the header is then patched and the cache must hash the file itself).
import DSP
import Foundation
import Testing

@Suite("WAV byte sink")
struct WAVByteSinkTests {
    final class Collector: WAVByteSink {
        var bytes: [UInt8] = []
        var whole: Bool?
        func consume(_ bytes: UnsafeRawBufferPointer) { self.bytes.append(contentsOf: bytes) }
        func writerFinished(wholeFile: Bool) { whole = wholeFile }
    }

    private func path() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("sink-\(UUID().uuidString).wav").path
    }

    @Test("an announced length that is met: the sink saw exactly the file's bytes")
    func met() throws {
        let p = path()
        defer { try? FileManager.default.removeItem(atPath: p) }
        let sink = Collector()
        let writer = try WAVWriter(path: p, format: PCMFormat(sampleRate: 44_100, channels: 2), expectedFrames: 1_000, sink: sink)
        try writer.write([Float](repeating: 0.25, count: 600 * 2))
        try writer.write((0..<(400 * 2)).map { Float($0) / 1000 })
        try writer.finish()
        #expect(sink.whole == true)
        #expect(sink.bytes == [UInt8](try Data(contentsOf: URL(fileURLWithPath: p))))
        #expect(try WAVReader(path: p).frameCount == 1_000)
    }

    @Test("an announced length that is missed: the file is still right, and the sink is told it did not see it whole")
    func missed() throws {
        let p = path()
        defer { try? FileManager.default.removeItem(atPath: p) }
        let sink = Collector()
        let writer = try WAVWriter(path: p, format: PCMFormat(sampleRate: 44_100, channels: 1), expectedFrames: 1_000, sink: sink)
        try writer.write([Float](repeating: 0.5, count: 999))
        try writer.finish()
        #expect(sink.whole == false)
        #expect(try WAVReader(path: p).frameCount == 999)
        #expect(sink.bytes != [UInt8](try Data(contentsOf: URL(fileURLWithPath: p))))
    }

    @Test("no announced length: the sink is never used; a cancelled writer tells its sink")
    func unannouncedAndCancelled() throws {
        let p = path()
        defer { try? FileManager.default.removeItem(atPath: p) }
        let unused = Collector()
        let plain = try WAVWriter(path: p, format: PCMFormat(sampleRate: 8_000, channels: 1), sink: unused)
        try plain.write([Float](repeating: 0.1, count: 10))
        try plain.finish()
        #expect(unused.bytes.isEmpty && unused.whole == nil)
        let sink = Collector()
        let cancelled = try WAVWriter(path: p + ".2", format: PCMFormat(sampleRate: 8_000, channels: 1), expectedFrames: 10, sink: sink)
        try cancelled.write([Float](repeating: 0.1, count: 10))
        cancelled.cancel()
        #expect(sink.whole == false)
        #expect(!FileManager.default.fileExists(atPath: p + ".2"))
    }
}

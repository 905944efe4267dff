// TrackAnalyzerTests: the analysis entry point's limits and errors on real files made by the ffmpeg CLI.
// Knows nothing about accuracy (the DSP tests measure that).
import Foundation
@testable import Stages
import Testing

@Suite("Track analyzer limits")
struct TrackAnalyzerTests {
    @Test("a track over two hours is refused before it is decoded")
    func tooLong() throws {
        let h = try RenderHarness()
        let path = "\(h.dir)/long.flac"
        try RenderHarness.ffmpeg(["-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "7300", "-c:a", "flac", path])
        let started = Date()
        #expect(throws: TrackAnalyzer.TooLong.self) { try TrackAnalyzer.analyze(path: path) }
        #expect(Date().timeIntervalSince(started) < 10, "refused from the probed duration, not after decoding two hours")
    }

    @Test("a file that is not audio gives the decoder's error, and silence gives no beats")
    func badAndSilent() throws {
        let h = try RenderHarness()
        try Data("not audio".utf8).write(to: URL(fileURLWithPath: "\(h.dir)/x.mp3"))
        #expect(throws: (any Error).self) { try TrackAnalyzer.analyze(path: "\(h.dir)/x.mp3") }
        try RenderHarness.ffmpeg(["-f", "lavfi", "-i", "anullsrc=r=44100:cl=stereo", "-t", "20", "\(h.dir)/quiet.wav"])
        let a = try TrackAnalyzer.analyze(path: "\(h.dir)/quiet.wav")
        #expect(a.bpm == 0 && a.beats.isEmpty && !a.hasBeats)
        #expect(abs(a.duration - 20) < 0.01)
        #expect(a.sections.count == 1)
    }
}

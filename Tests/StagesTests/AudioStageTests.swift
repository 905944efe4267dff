import DSP
import Foundation
import Pipeline
import Testing

@Suite("Audio stages through the runner", .serialized)
struct AudioStageTests {
    @Test("cut boundaries are sample-accurate: a click at a known sample lands at the predicted index")
    func cutAccuracy() async throws {
        let h = try RenderHarness()
        // One-sample click at sample 100000 of a 44.1 kHz file; silence elsewhere.
        try RenderHarness.ffmpeg(["-f", "lavfi", "-i", "aevalsrc=if(eq(n\\,100000)\\,0.9\\,0):s=44100:d=5", "-ac", "2", "-c:a", "flac", "\(h.dir)/click.flac"])
        let m = try h.manifest("""
        version: 1
        name: click
        stages:
          - { id: src, kind: source, path: click.flac }
          - { id: c, kind: cut, input: src, start: 2.0, end: 3.0 }
        """)
        let report = await h.render(m)
        #expect(report.succeeded)
        let (format, samples) = try RenderHarness.samples(try #require(h.outputPath(report, "c")))
        #expect(samples.count / format.channels == 44100)
        let peakFrame = (0..<(samples.count / 2)).max { abs(samples[$0 * 2]) < abs(samples[$1 * 2]) }!
        #expect(peakFrame == 100000 - 88200)
        // ffmpeg's mono-to-stereo upmix scales by 1/sqrt(2); nothing else may change the sample.
        let expected: Float = 0.9 / Float(2).squareRoot()
        #expect(abs(samples[peakFrame * 2] - expected) < 0.001)
    }

    @Test("crossfade output length is the sum of segments minus transitions, exact to the sample")
    func crossfadeLength() async throws {
        let h = try RenderHarness()
        try RenderHarness.ffmpeg(["-f", "lavfi", "-i", "anoisesrc=d=20:c=white:a=0.3:s=44100", "-ac", "2", "\(h.dir)/n.wav"])
        let m = try h.manifest("""
        version: 1
        name: lengths
        stages:
          - { id: src, kind: source, path: n.wav }
          - { id: a, kind: cut, input: src, start: 0, end: 3.3 }
          - { id: b, kind: cut, input: src, start: 5, end: 9.25 }
          - { id: c, kind: cut, input: src, start: 10, end: 12.001 }
          - { id: x, kind: crossfade, inputs: [a, b, c], durations: [1.5, 0.75] }
          - { id: y, kind: crossfade, inputs: [a, b, c], curve: none }
          - { id: z, kind: crossfade, inputs: [a, b, c], curve: linear, duration: 2 }
        """)
        let report = await h.render(m)
        #expect(report.succeeded)
        let frames = [3.3, 4.25, 2.001].map { Int(($0 * 44100).rounded()) }
        let total = frames.reduce(0, +)
        for (id, transitions) in [("x", [1.5, 0.75]), ("y", [0, 0]), ("z", [2.0, 2.0])] {
            let expected = total - transitions.map { Int(($0 * 44100).rounded()) }.reduce(0, +)
            let (f, s) = try RenderHarness.samples(try #require(h.outputPath(report, id)))
            #expect(s.count / f.channels == expected, "crossfade \(id)")
        }
    }

    @Test("a crossfade longer than a segment is rejected at validation with its location")
    func crossfadeTooLong() throws {
        let h = try RenderHarness()
        #expect {
            _ = try h.manifest("""
            version: 1
            name: long
            stages:
              - { id: src, kind: source, path: n.wav }
              - { id: a, kind: cut, input: src, start: 0, end: 3 }
              - { id: b, kind: cut, input: src, start: 5, end: 6 }
              - id: x
                kind: crossfade
                inputs: [a, b]
                duration: 2
            """)
        } throws: { error in
            (error as? ManifestError)?.description.hasSuffix("/m.yaml:10:15: error: stages.x.duration: transition 1 lasts 2 s, longer than segment 2 (1 s)") == true
        }
    }

    @Test("loudness lands within 0.5 LU of the target and true peak stays at or below -1 dBTP (checked with ffmpeg ebur128)",
          arguments: [-14.0, -23.0])
    func loudness(target: Double) async throws {
        let h = try RenderHarness()
        // A peaky, quiet source: needs gain and then limiting.
        try RenderHarness.ffmpeg(["-f", "lavfi", "-i", "aevalsrc=0.05*sin(2*PI*220*t)+0.6*sin(2*PI*3*t)^40*sin(2*PI*1000*t):s=44100:d=12",
                                  "-ac", "2", "\(h.dir)/p.wav"])
        let m = try h.manifest("""
        version: 1
        name: loud
        stages:
          - { id: src, kind: source, path: p.wav }
          - { id: c, kind: cut, input: src }
          - { id: l, kind: loudness, input: c, target: \(target) }
        """)
        let report = await h.render(m)
        #expect(report.succeeded)
        let measured = try RenderHarness.ebur128(try #require(h.outputPath(report, "l")))
        #expect(abs(measured.lufs - target) <= 0.5, "ffmpeg measured \(measured.lufs) LUFS")
        #expect(measured.truePeak <= -1.0, "ffmpeg measured \(measured.truePeak) dBTP")
        let meta = report.stages.first { $0.id == "l" }?.metadata ?? [:]
        #expect(meta["target"] == .double(target))
    }

    @Test("crossfade and loudness outputs, hashed while they were written, are stored under their true digests")
    func streamedDigests() async throws {
        let h = try RenderHarness()
        try RenderHarness.ffmpeg(["-f", "lavfi", "-i", "sine=f=330:d=4:r=44100", "-ac", "2", "\(h.dir)/a.wav"])
        try RenderHarness.ffmpeg(["-f", "lavfi", "-i", "anoisesrc=d=4:r=44100:a=0.2", "-ac", "2", "\(h.dir)/b.wav"])
        let m = try h.manifest("""
        version: 1
        name: streamed
        stages:
          - { id: a, kind: source, path: a.wav }
          - { id: b, kind: source, path: b.wav }
          - { id: ca, kind: cut, input: a }
          - { id: cb, kind: cut, input: b }
          - { id: x, kind: crossfade, inputs: [ca, cb], duration: 1 }
          - { id: l, kind: loudness, input: x, target: -16 }
        """)
        let report = await h.render(m)
        #expect(report.succeeded)
        for id in ["x", "l"] {
            let artifact = try #require(report.stages.first { $0.id == id }?.outputs["audio"])
            let (digest, size) = try Digest.ofFile(at: h.cache.blobs.path(for: artifact.digest))
            #expect(digest == artifact.digest && size == artifact.size, "stage \(id)")
        }
    }

    @Test("a file that is not audio fails its stage with a message naming the stage and the file, and stores nothing")
    func notAudio() async throws {
        let h = try RenderHarness()
        try "this is not audio\n".write(toFile: "\(h.dir)/notes.mp3", atomically: true, encoding: .utf8)
        let m = try h.manifest("""
        version: 1
        name: bad
        stages:
          - { id: song, kind: source, path: notes.mp3 }
          - { id: c, kind: cut, input: song, end: 1 }
        """)
        let report = await h.render(m)
        #expect(!report.succeeded)
        let song = try #require(report.stages.first { $0.id == "song" })
        #expect(song.status == .failed)
        #expect(song.errorCode == "BAD_AUDIO")
        #expect(song.error?.hasPrefix("stage song (notes.mp3): ") == true)
        #expect(report.stages.first { $0.id == "c" }?.status == .skipped)
        #expect(h.cache.listActions().isEmpty)
        #expect(h.cache.blobs.list().isEmpty)
    }

    @Test("a truncated file fails the cut that reads past its real end, naming the stage and file")
    func truncated() async throws {
        let h = try RenderHarness()
        try RenderHarness.ffmpeg(["-f", "lavfi", "-i", "anoisesrc=d=10:a=0.2", "-ac", "2", "\(h.dir)/full.wav"])
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(h.dir)/full.wav"))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: "\(h.dir)/half.wav"))
        let m = try h.manifest("""
        version: 1
        name: trunc
        stages:
          - { id: song, kind: source, path: half.wav }
          - { id: c, kind: cut, input: song, start: 2, end: 8 }
        """)
        let report = await h.render(m)
        let c = try #require(report.stages.first { $0.id == "c" })
        #expect(c.status == .failed)
        #expect(c.error?.hasPrefix("stage c (half.wav): ") == true)
        #expect(c.error?.contains("truncated") == true || c.error?.contains("ended at") == true)
        #expect(h.cache.listActions().map(\.entry.stageId) == ["song"])
    }

    @Test("a corrupt cached blob is detected when read, rebuilt, and never reaches the stage")
    func corruptBlobRepaired() async throws {
        let h = try RenderHarness()
        try RenderHarness.ffmpeg(["-f", "lavfi", "-i", "anoisesrc=d=8:a=0.2", "-ac", "2", "\(h.dir)/n.wav"])
        let yaml = """
        version: 1
        name: repair
        stages:
          - { id: src, kind: source, path: n.wav }
          - { id: a, kind: cut, input: src, start: 0, end: 3 }
          - { id: b, kind: cut, input: src, start: 4, end: 7 }
          - { id: x, kind: crossfade, inputs: [a, b], duration: DUR }
        """
        let first = await h.render(try h.manifest(yaml.replacingOccurrences(of: "DUR", with: "1")))
        #expect(first.succeeded)
        let blob = try #require(h.outputPath(first, "a"))
        chmod(blob, 0o644)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: blob))
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: blob))
        let second = await h.render(try h.manifest(yaml.replacingOccurrences(of: "DUR", with: "1.5")))
        #expect(second.succeeded)
        #expect(second.stages.first { $0.id == "x" }?.status == .ran)
        // The repaired blob has the original digest again and verifies.
        let a = try #require(first.stages.first { $0.id == "a" }?.outputs["audio"])
        #expect(h.cache.blobs.verify(a))
    }
}

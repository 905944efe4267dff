import Foundation
import MediaIO
import Pipeline
import Testing

@Suite("Encode stage", .serialized)
struct EncodeStageTests {
    struct Case: Sendable, CustomStringConvertible {
        var format: String
        var extra: String
        var codec: String
        var file: String
        var bitrate: Int?
        var description: String { "\(format) \(extra)" }
    }

    @Test("encoded files probe with the right codec, duration, bit rate and tags", arguments: [
        Case(format: "mp3", extra: "bitrate: 192k", codec: "mp3", file: "enc.mp3", bitrate: 192_000),
        Case(format: "mp3", extra: "quality: 2", codec: "mp3", file: "enc.mp3", bitrate: nil),
        Case(format: "aac", extra: "bitrate: 160k", codec: "aac", file: "enc.m4a", bitrate: 160_000),
        Case(format: "opus", extra: "bitrate: 96k", codec: "opus", file: "enc.opus", bitrate: 96_000),
        Case(format: "flac", extra: "", codec: "flac", file: "enc.flac", bitrate: nil),
        Case(format: "wav", extra: "", codec: "pcm_s16le", file: "enc.wav", bitrate: nil),
    ])
    func formats(_ c: Case) async throws {
        let h = try RenderHarness()
        try RenderHarness.ffmpeg(["-f", "lavfi", "-i", "anoisesrc=d=12:c=pink:a=0.3:s=44100", "-ac", "2", "\(h.dir)/n.wav"])
        let m = try h.manifest("""
        version: 1
        name: enc
        stages:
          - { id: src, kind: source, path: n.wav }
          - { id: c, kind: cut, input: src, start: 1, end: 11 }
          - id: out
            kind: encode
            input: c
            format: \(c.format)
            title: Probe Title
            artist: Probe Artist
            \(c.extra)
        """)
        let report = await h.render(m)
        #expect(report.succeeded, "\(report.stages.compactMap(\.error))")
        let path = "\(h.dir)/out/\(c.file)"
        #expect(report.outputs == [path])
        let probe = try RenderHarness.ffprobe(path)
        let stream = (probe["streams"] as? [[String: Any]])?.first ?? [:]
        let format = probe["format"] as? [String: Any] ?? [:]
        #expect(stream["codec_name"] as? String == c.codec)
        #expect(stream["channels"] as? Int == 2)
        // Count decoded samples rather than trusting container durations (MP3 reads ~40 ms long).
        var frames = 0
        _ = try AudioDecoder.decode(path: path, layout: AudioLayout(sampleRate: 44100, channels: 2)) { frames += $0.count / 2 }
        #expect(abs(frames - 441_000) <= 1152, "\(c): decoded \(frames) frames")
        if let expected = c.bitrate {
            let measured = Double((format["bit_rate"] as? String).flatMap(Int.init) ?? 0)
            #expect(abs(measured - Double(expected)) / Double(expected) < 0.1, "\(c): bit rate \(measured)")
        }
        // Ogg keeps tags on the stream (Vorbis comments); the other containers on the file.
        let tags = (format["tags"] as? [String: Any] ?? [:]).merging(stream["tags"] as? [String: Any] ?? [:]) { a, _ in a }
        let lowered = Dictionary(tags.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(lowered["title"] as? String == "Probe Title")
        #expect(lowered["artist"] as? String == "Probe Artist")
    }

    @Test("options that do not fit the format are rejected at validation")
    func invalidCombinations() throws {
        let h = try RenderHarness()
        #expect {
            _ = try h.manifest("""
            version: 1
            name: enc
            stages:
              - { id: src, kind: source, path: n.wav }
              - { id: out, kind: encode, input: src, format: flac, bitrate: 128k }
              - { id: out2, kind: encode, input: src, format: opus, quality: 3, filename: ../escape }
            """)
        } throws: { error in
            let text = (error as? ManifestError)?.issues.map(\.message) ?? []
            return text == ["does not apply to flac, which is lossless",
                            "applies to mp3 only (use bitrate for opus)",
                            "must be a plain file name (letters, digits, spaces, '.', '_', '-'), without folders"]
        }
    }
}

// The request commands (mashup, mix) run as a user would, writing their manifests with --emit-manifest
// or rendering local files; no network is used.
import Foundation
import Testing

@Suite("Request commands end to end", .serialized)
struct RequestCLITests {
    @Test("mashup --prompt reads the length from the prompt into target_seconds; --target wins")
    func mashupLength() throws {
        let w = try Workspace()
        let prompt = "a 3-minute mashup of Hello - Adele, Halo - Beyonce"
        let fromPrompt = try w.intellimix(["mashup", "--prompt", prompt, "--emit-manifest", "a.yaml"])
        #expect(fromPrompt.status == 0, "\(fromPrompt.stderr)")
        let a = try String(contentsOfFile: "\(w.dir)/a.yaml", encoding: .utf8)
        #expect(a.contains("target_seconds: 180"), "\(a)")
        let given = try w.intellimix(["mashup", "--prompt", prompt, "--target", "75", "--emit-manifest", "b.yaml"])
        #expect(given.status == 0, "\(given.stderr)")
        #expect(try String(contentsOfFile: "\(w.dir)/b.yaml", encoding: .utf8).contains("target_seconds: 75"))
    }

    @Test("mix --csv renders file: URLs in every RFC 8089 form, and names the mix after the first clip's file")
    func fileURLs() throws {
        let w = try Workspace()
        let fm = FileManager.default
        let audio = URL(fileURLWithPath: "\(w.dir)/audio").resolvingSymlinksInPath().path
        try fm.copyItem(atPath: "\(audio)/song-a.flac", toPath: "\(w.dir)/my song.flac")
        let csv = """
        Url,Start,End
        file:\(w.dir)/my%20song.flac,0,3
        file://\(audio)/song-b.mp3,1,4
        file://localhost\(audio)/song-a.flac,2,5
        """
        try csv.write(toFile: "\(w.dir)/clips.csv", atomically: true, encoding: .utf8)
        let r = try w.intellimix(["mix", "--csv", "clips.csv", "--crossfade", "1", "--out", "out", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let outputs = try fm.contentsOfDirectory(atPath: "\(w.dir)/out")
        let mix = outputs.first { $0.hasSuffix(".mp3") }
        #expect(mix?.hasPrefix("mix-my-song-") == true, "\(outputs)")
        #expect(!outputs.contains { $0.contains("file") || $0.contains("tmp") }, "\(outputs)")

        try "Url\nfile://nas/music/a.wav\n".write(toFile: "\(w.dir)/bad.csv", atomically: true, encoding: .utf8)
        let bad = try w.intellimix(["mix", "--csv", "bad.csv", "--out", "out"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("row 2") && bad.stderr.contains("host 'nas'"), "\(bad.stderr)")
    }
}

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
}

// BeatMatchedMashupTests: the example beat-matched mashup, rendered offline by the real binary on three generated songs
// of different tempos and keys: every transition beat-matched or explicitly faded, no overlap with two singers,
// loudness on target, and a second render served wholly from the cache.
import Foundation
import Testing

@Suite("Beat-matched mashup end to end", .serialized)
struct BeatMatchedMashupTests {
    /// A workspace whose audio/musical holds the generated songs and their truth (songs.json).
    static func workspace() throws -> Workspace {
        let w = try Workspace()
        let audio = "\(w.dir)/audio"
        try FileManager.default.removeItem(atPath: audio)
        try FileManager.default.createDirectory(atPath: audio, withIntermediateDirectories: true)
        let r = try Workspace.run(Workspace.repo.appendingPathComponent("scripts/make-lyric-songs").path, ["--musical", "\(audio)/musical"],
                                  cwd: Workspace.repo.path)
        guard r.status == 0 else { throw WorkspaceError("make-lyric-songs --musical failed: \(r.stderr)") }
        return w
    }

    /// The stage with this id in a `--json` summary.
    static func stage(_ summary: [String: Any], _ id: String) -> [String: Any]? {
        (summary["stages"] as? [[String: Any]])?.first { $0["id"] as? String == id }
    }

    @Test("three songs, three tempos, three keys: beat-matched or faded transitions, one singer at a time, -14 LUFS, then all cached")
    func mashup() throws {
        let w = try Self.workspace()
        let first = try w.intellimix(["render", "mashup-beatmatched.yaml", "--json"])
        #expect(first.status == 0, "render failed: \(first.stderr.suffix(2000))")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        let plan = try #require(Self.stage(summary, "plan")?["metadata"] as? [String: Any])
        let transitions = try #require(plan["transitions"] as? [[String: Any]])
        let cuts = try #require(plan["cuts"] as? [[String: Any]])
        #expect(transitions.count == cuts.count - 1 && cuts.count >= 3)
        #expect(Set(cuts.compactMap { $0["title"] as? String }) == ["One", "Two", "Three"], "every song is used")

        // Every transition is beat-matched (tempos within 8 %) or an explicit fade of at most one bar.
        let truth = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(w.dir)/audio/musical/songs.json"))) as? [String: Any])
        let songs = try #require(truth["songs"] as? [String: [String: Any]])
        func song(_ title: String) throws -> [String: Any] { try #require(songs[title.lowercased()]) }
        var beatMatched = 0
        for (i, t) in transitions.enumerated() {
            let kind = t["kind"] as? String
            let from = try song(cuts[i]["title"] as! String), to = try song(cuts[i + 1]["title"] as! String)
            let fromBPM = from["bpm"] as! Double, toBPM = to["bpm"] as! Double
            let close = [1.0, 2, 0.5].contains { abs(fromBPM * $0 / toBPM - 1) <= 0.08 }
            if kind == "beatmatch" {
                beatMatched += 1
                #expect(close, "transition \(i + 1) beat-matches \(fromBPM) and \(toBPM) BPM")
                #expect([1, 2, 4, 8].contains(t["bars"] as? Int ?? 0), "\(t)")
            } else {
                #expect(kind == "fade", "\(t)")
                #expect((t["seconds"] as? Double ?? 99) <= 4 * 60 / fromBPM + 0.01, "a fade lasts a bar at most: \(t)")
            }
            // No overlap carries two singers: the truth's vocal spans (from the espeak audio) in each track's overlap.
            let overlap = t["seconds"] as? Double ?? 0
            let outEnd = cuts[i]["end"] as! Double, inStart = cuts[i + 1]["start"] as! Double
            let ratio = kind == "beatmatch" ? (t["tempo_ratio"] as? Double ?? 1) : 1
            func sings(_ s: [String: Any], from a: Double, to b: Double) -> Bool {
                ((s["lines"] as? [[String: Any]]) ?? []).contains { line in
                    let start = line["start"] as! Double, end = line["end"] as! Double
                    return start < b - 0.02 && end > a + 0.02
                }
            }
            let both = sings(from, from: outEnd - overlap, to: outEnd) && sings(to, from: inStart, to: inStart + overlap * ratio)
            #expect(!both, "transition \(i + 1) overlaps two singers: \(t)")
        }
        #expect(beatMatched >= 1, "the 120 and 126 BPM songs meet with a beat-matched transition: \(transitions)")

        // Loudness of the published file, measured by ffmpeg's ebur128: -14 LUFS ± 0.5 LU, true peak ≤ -1 dBTP.
        let outputs = try #require(summary["outputs"] as? [String])
        let mp3 = try #require(outputs.first { $0.hasSuffix(".mp3") })
        let path = mp3.hasPrefix("/") ? mp3 : "\(w.dir)/\(mp3)"
        let ebur = try Workspace.run("/usr/bin/ffmpeg", ["-hide_banner", "-nostats", "-i", path, "-af", "ebur128=peak=true", "-f", "null", "-"], cwd: w.dir)
        let text = ebur.stderr
        func value(after label: String) -> Double? {
            guard let r = text.range(of: label, options: .backwards) else { return nil }
            return Double(text[r.upperBound...].split(whereSeparator: { $0 == " " || $0 == "\n" }).first ?? "")
        }
        let integrated = try #require(value(after: "I:"))
        let peak = try #require(value(after: "Peak:"))
        #expect(abs(integrated + 14) <= 0.5, "integrated loudness \(integrated) LUFS")
        #expect(peak <= -1.0, "true peak \(peak) dBTP")

        // The same render again: every stage from the cache.
        let second = try w.intellimix(["render", "mashup-beatmatched.yaml", "--json"])
        #expect(second.status == 0)
        #expect(!second.statuses.isEmpty && second.statuses.values.allSatisfy { $0 == "cached" }, "\(second.statuses)")
    }
}

import Foundation
import Mashup
import Pipeline
import Stages
import Testing

@Suite("Requests to manifests")
struct RequestManifestTests {
    func load(_ yaml: String) throws -> Manifest {
        try ManifestLoader(registry: StageCatalog.standard()).load(yaml: yaml, file: "request.yaml", directory: "/tmp")
    }

    @Test("a clip mix from a CSV becomes a valid manifest with one fetch and cut per clip")
    func clipMix() throws {
        let clips = try ClipCSVParser().parse("Url,Start,End\nhttps://www.youtube.com/watch?v=abc,0:05,0:35\n\"https://example.com/a,b.mp3\",1:00,1:30.5\n")
        let yaml = try RequestManifests.clipMix(name: "clips", clips: clips, crossfade: 2.5)
        let m = try load(yaml)
        #expect(m.graph.stages.map(\.id) == ["clip_source[0]", "clip_source[1]", "clip[0]", "clip[1]", "mix", "loud", "out"])
        #expect(m.graph["clip[1]"]?.settings["end"] == .double(90.5))
        #expect(m.graph["clip_source[1]"]?.settings["url"] == .string("https://example.com/a,b.mp3"))
        #expect(m.graph["mix"]?.settings["duration"] == .double(2.5))
        #expect(m.params["crossfade"] == .double(2.5))
    }

    @Test("downloads of audio and video become valid one-stage manifests that publish the file")
    func download() throws {
        let audio = try load(try RequestManifests.download(name: "dl", url: "https://youtu.be/xyz", mode: .audio(format: "mp3", bitrate: 320_000)))
        #expect(audio.graph["download"]?.settings["audio_quality"] == .int(320_000))
        #expect(audio.graph["download"]?.settings["publish"] == .bool(true))
        let video = try load(try RequestManifests.download(name: "dl", url: "https://youtu.be/xyz", mode: .video(maxHeight: 720)))
        #expect(video.graph["download"]?.settings["max_height"] == .int(720))
        #expect(video.graph["download"]?.settings["media"] == .string("video"))
    }

    @Test("a mashup manifest records the resolved songs, quotes awkward titles, and validates")
    func mashup() throws {
        let songs = SongListParser().parse("mashup of: 1. Don't Stop: Believin' - Journey 2. \"Yes\" - #1 Band")
        #expect(songs.count == 2)
        let yaml = try RequestManifests.mashup(name: RequestManifests.name("mashup", from: "x"), prompt: "a: b # not a comment", songs: songs, provider: "heuristic", targetSeconds: 90)
        let m = try load(yaml)
        #expect(m.graph["song[0]"]?.settings["search"] == .string("\(songs[0].title) - \(songs[0].artist ?? "")"))
        #expect(m.graph["plan"]?.settings["prompt"] == .string("a: b # not a comment"))
        #expect(m.graph["plan"]?.settings["target_seconds"] == .double(90))
        #expect(m.graph["words[1]"]?.inputs.first?.stage == "song[1]")
    }

    @Test("a mashup's length comes from the prompt unless given; 120 s when neither says")
    func mashupLength() throws {
        let prompt = "a 3-minute mashup of Hello - Adele, Halo - Beyonce"
        let songs = SongListParser().parse(prompt)
        func target(_ prompt: String, _ given: Double?) throws -> Double? {
            try load(try RequestManifests.mashup(name: "m", prompt: prompt, songs: songs, targetSeconds: given)).graph["plan"]?.settings["target_seconds"]?.number
        }
        #expect(try target(prompt, nil) == 180)
        #expect(try target(prompt, 75) == 75)
        #expect(try target("a mashup of Hello - Adele, Halo - Beyonce", nil) == 120)
        #expect(try target("2:30 of Hello - Adele, Halo - Beyonce", nil) == 150)
    }

    @Test("names built from URLs are readable: the first clip's file name or host, plus a short hash of them all")
    func readableNames() {
        let file = RequestManifests.name("mix", from: "file:/tmp/My%20Song.wav file:///tmp/other.wav")
        #expect(file.hasPrefix("mix-my-song-") && !file.contains("file") && !file.contains("tmp"))
        #expect(RequestManifests.name("mix", from: "https://www.youtube.com/watch?v=abc https://youtu.be/x").hasPrefix("mix-youtube-com-"))
        #expect(RequestManifests.name("audio", from: "https://cdn.example.com/path/Great%20Tune.mp3").hasPrefix("audio-great-tune-"))
        #expect(RequestManifests.name("mix", from: "file:/a.wav file:/b.wav") != RequestManifests.name("mix", from: "file:/a.wav file:/c.wav"))
        #expect(RequestManifests.name("mashup", from: "a mix of Hello - Adele").hasPrefix("mashup-a-mix-of-hello-adele-"))
    }

    @Test("a fetch url that is a file: URL for another host fails validation with the reason")
    func fetchFileURLHost() {
        let yaml = "version: 1\nstages:\n  - { id: f, kind: fetch, url: \"file://nas/music/a.wav\" }\n"
        do {
            _ = try load(yaml)
            Issue.record("accepted")
        } catch {
            #expect("\(error)".contains("stages.f.url") && "\(error)".contains("host 'nas'"), "\(error)")
        }
    }
}

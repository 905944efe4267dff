// `intellimix download`: a video (MP4, height-capped) or audio (original or converted) download.
import ArgumentParser
import Foundation
import Stages

struct DownloadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "download", abstract: "Download a video or its audio.")

    @Argument(help: "The page or media URL.")
    var url: String

    @Option(help: "Audio: original, mp3, m4a or opus.")
    var audio: String?

    @Flag(help: "Video: best video and best audio merged into MP4.")
    var video = false

    @Option(help: "With --video: the tallest resolution (for example 720, 1080, 2160).")
    var maxHeight: Int = 1080

    @Option(help: "With --audio mp3|m4a|opus: the bit rate, such as 192k.")
    var quality: String = "192k"

    @OptionGroup var request: RequestOptions

    func validate() throws {
        try request.render.check()
        guard video != (audio != nil) else { throw ValidationError("give --audio FORMAT or --video") }
        if let audio, !["original", "mp3", "m4a", "opus"].contains(audio) { throw ValidationError("--audio must be original, mp3, m4a or opus") }
        guard (144...4320).contains(maxHeight) else { throw ValidationError("--max-height must be between 144 and 4320") }
        guard !url.hasPrefix("-") else { throw ValidationError("the URL must not start with '-'") }
    }

    func run() async throws {
        guard let bitrate = Int(quality.lowercased().replacingOccurrences(of: "k", with: "")).map({ quality.lowercased().hasSuffix("k") ? $0 * 1000 : $0 }) else {
            throw ValidationError("--quality expects a bit rate such as 192k")
        }
        let mode: FetchMode = video ? .video(maxHeight: maxHeight) : .audio(format: audio ?? "original", bitrate: bitrate)
        let downloadName = request.name ?? RequestManifests.name(video ? "video" : "audio", from: url)
        let yaml = try RequestManifests.download(name: downloadName, url: url, mode: mode)
        try await request.emitOrRender(yaml: yaml, name: downloadName)
    }
}

// Renders manifests in-process against a throwaway cache, with audio made by the ffmpeg CLI.
import DSP
import Foundation
import Logging
import Pipeline
import Stages

/// A temporary folder with a cache, for rendering test manifests.
struct RenderHarness {
    let dir: String
    let cache: CacheDirectory

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("im-stages-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        cache = try CacheDirectory(root: "\(dir)/cache")
    }

    /// Runs the ffmpeg CLI (for making test audio and cross-checking results); returns stderr.
    @discardableResult
    static func ffmpeg(_ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        p.arguments = ["-hide_banner", "-nostdin", "-y"] + args
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard p.terminationStatus == 0 else { throw HarnessError("ffmpeg \(args.joined(separator: " ")) failed: \(text.suffix(500))") }
        return text
    }

    /// Runs ffprobe and returns its JSON output.
    static func ffprobe(_ path: String) throws -> [String: Any] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/ffprobe")
        p.arguments = ["-v", "error", "-show_entries", "stream=codec_name,sample_rate,channels,bit_rate:format=duration,bit_rate:format_tags=title,artist:stream_tags=title,artist", "-of", "json", path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (try JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }

    /// Integrated loudness and true peak as ffmpeg's ebur128 filter measures them.
    static func ebur128(_ path: String) throws -> (lufs: Double, truePeak: Double) {
        let text = try ffmpeg(["-nostats", "-i", path, "-af", "ebur128=peak=true", "-f", "null", "-"])
        let summary = text.components(separatedBy: "Summary:").last ?? text
        func value(after label: String) -> Double? {
            guard let r = summary.range(of: label) else { return nil }
            let rest = summary[r.upperBound...].trimmingCharacters(in: .whitespaces)
            return Double(rest.split(separator: " ").first ?? "")
        }
        guard let i = value(after: "I:"), let tp = value(after: "Peak:") else { throw HarnessError("cannot parse ebur128 output") }
        return (i, tp)
    }

    /// Writes a manifest file and loads it.
    func manifest(_ yaml: String, name: String = "m.yaml") throws -> Manifest {
        let path = "\(dir)/\(name)"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return try ManifestLoader(registry: StageCatalog.standard()).load(path: path)
    }

    /// Renders a manifest.
    func render(_ manifest: Manifest, refresh: Set<String> = []) async -> RenderReport {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let runner = PipelineRunner(registry: StageCatalog.standard(), cache: cache, logger: logger)
        return await runner.render(manifest, options: RenderOptions(jobs: 2, outputDirectory: "\(dir)/out", refresh: refresh))
    }

    /// The path of a stage's output blob.
    func outputPath(_ report: RenderReport, _ id: String, _ output: String = "audio") -> String? {
        guard let a = report.stages.first(where: { $0.id == id })?.outputs[output] else { return nil }
        return cache.blobs.path(for: a.digest)
    }

    /// Reads a whole float WAV (test sizes only).
    static func samples(_ path: String) throws -> (PCMFormat, [Float]) {
        let r = try WAVReader(path: path)
        var all: [Float] = []
        while true {
            let c = try r.read(maxFrames: 65536)
            if c.isEmpty { break }
            all += c
        }
        return (r.format, all)
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

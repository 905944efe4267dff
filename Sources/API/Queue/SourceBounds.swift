// Run-time job bounds for what only probing reveals: the sample rate, channels and duration of the uploads a job's sources
// name, checked by the worker from the files' headers before the render starts, so nothing is decoded when they pass a limit.
import Foundation
import MediaIO
import Pipeline
import Stages

/// The per-job limits (`MAX_JOB_INPUT_SECONDS`, `MAX_SAMPLE_RATE`, `MAX_CHANNELS`) applied to probed upload sources.
public struct SourceBounds: Sendable {
    /// Seconds of input audio a job may decode in total.
    public var maxInputSeconds: Int
    /// The highest source sample rate, in Hz.
    public var maxSampleRate: Int
    /// The most source channels.
    public var maxChannels: Int

    /// Creates the bounds.
    public init(maxInputSeconds: Int, maxSampleRate: Int, maxChannels: Int) {
        self.maxInputSeconds = maxInputSeconds
        self.maxSampleRate = maxSampleRate
        self.maxChannels = maxChannels
    }

    /// The per-file limits, for fetched files: one file may last the whole input allowance.
    var mediaLimits: MediaLimits {
        MediaLimits(maxSeconds: Double(maxInputSeconds), maxSampleRate: maxSampleRate, maxChannels: maxChannels)
    }

    /// The first limit the manifest's upload sources pass, worded with the limit and its setting; nil when they fit.
    /// Decoded input counts every cut: `end` − `start` when the end is given, else (a cut of an upload source) the
    /// source's probed duration − `start`.
    func problem(_ manifest: Manifest, uploads: any UploadLocator) -> String? {
        var durations: [String: Double] = [:]
        for stage in manifest.graph.stages where stage.kind == "source" {
            guard let id = stage.settings["upload"]?.string, let path = uploads.path(ofUpload: id),
                  let info = try? MediaProbe.probe(path: path) else { continue }
            // Rate and channels per file; the duration counts below, over the cuts.
            let format = MediaLimits(maxSampleRate: maxSampleRate, maxChannels: maxChannels)
            if let problem = format.problem(info, subject: "source \(stage.id)") { return problem }
            if let d = info.durationSeconds { durations[stage.id] = d }
        }
        var total = 0.0
        for stage in manifest.graph.stages where stage.kind == "cut" {
            let start = stage.settings["start"]?.number ?? 0
            let source = stage.inputs.first { $0.field == "input" }.flatMap { durations[$0.stage] }
            if let end = stage.settings["end"]?.number {
                let clamped = stage.settings["clamp"]?.bool == true ? min(end, source ?? end) : end
                total += max(0, clamped - start)
            } else if let source {
                total += max(0, source - start)
            }
        }
        if total > Double(maxInputSeconds) {
            return "the job decodes \(TimeValue.format(total)) of input, over the limit of \(TimeValue.format(Double(maxInputSeconds))) (MAX_JOB_INPUT_SECONDS)"
        }
        return nil
    }
}

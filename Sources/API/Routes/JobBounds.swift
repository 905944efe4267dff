// Static resource bounds for a submitted job, checked from the validated manifest before anything is decoded:
// the working format against MAX_SAMPLE_RATE/MAX_CHANNELS, and the audio its cuts decode against MAX_JOB_INPUT_SECONDS.
import Foundation
import Pipeline

/// The per-job limits a manifest must stay within (`MAX_JOB_INPUT_SECONDS`, `MAX_SAMPLE_RATE`, `MAX_CHANNELS`).
struct JobBounds: Sendable {
    /// Seconds of input audio a job may decode in total.
    var maxInputSeconds: Int
    /// The highest working sample rate, in Hz.
    var maxSampleRate: Int
    /// The most working channels.
    var maxChannels: Int

    /// Every limit the manifest passes, worded with the limit and its setting; empty when it fits.
    /// Decoded input is counted from the `cut` stages whose length is known statically (`end` − `start`, an upper
    /// bound when `clamp` is set); cuts to an unknown end are bounded at run time.
    func problems(_ manifest: Manifest) -> [APIErrorDetail] {
        var problems: [APIErrorDetail] = []
        if manifest.audio.sampleRate > maxSampleRate {
            problems.append(APIErrorDetail(field: "audio.sample_rate",
                                           message: "the working sample rate \(manifest.audio.sampleRate) Hz is over the limit of \(maxSampleRate) Hz (MAX_SAMPLE_RATE)"))
        }
        if manifest.audio.channels > maxChannels {
            problems.append(APIErrorDetail(field: "audio.channels",
                                           message: "\(manifest.audio.channels) working channels are over the limit of \(maxChannels) (MAX_CHANNELS)"))
        }
        var total = 0.0
        var passing: StageInstance?
        for stage in manifest.graph.stages where stage.kind == "cut" {
            guard let end = stage.settings["end"]?.number else { continue }
            total += max(0, end - (stage.settings["start"]?.number ?? 0))
            if passing == nil, total > Double(maxInputSeconds) { passing = stage }
        }
        if let stage = passing {
            problems.append(APIErrorDetail(field: "stages.\(stage.id)",
                                           message: "the job decodes at least \(TimeValue.format(total)) of input, over the limit of \(TimeValue.format(Double(maxInputSeconds))) (MAX_JOB_INPUT_SECONDS); the limit is passed at this stage",
                                           line: stage.location.line, column: stage.location.column))
        }
        return problems
    }
}

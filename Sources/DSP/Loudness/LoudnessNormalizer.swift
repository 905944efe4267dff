// LoudnessNormalizer: measures a WAV, applies the gain that reaches a LUFS target, true-peak limits, and measures the result.
// Knows nothing about where the file came from or what follows; streams in chunks, writes via temp file + rename.

import Foundation

/// Two-pass (measure, then gain + true-peak limit + re-measure) loudness normalization of a WAV file.
public enum LoudnessNormalizer {
    /// The limiter aims this many dB under the requested ceiling, so other meters also read at or under it.
    ///
    /// Interpolators disagree on content near Nyquist: on synthetic full-band clicks limited to -1.3 dBTP
    /// by our detector, ffmpeg's `ebur128=peak=true` read -1.1 and a very long ideal interpolator -0.9.
    /// 0.4 dB keeps even the ideal reading under the ceiling (ffmpeg then reads -1.2). Band-limited
    /// content (anything decoded from MP3/AAC) reads the same in ffmpeg as in our meter, within 0.1 dB.
    public static let ceilingMarginDB = 0.4
    /// If limiting leaves the output further than this from the target, the gain is corrected and pass 2 rerun.
    public static let loudnessToleranceLU = 0.2
    /// Most gain-and-limit passes run (the first plus corrections).
    public static let maxPasses = 4
    /// Most extra gain, dB, that corrections may add on top of `target - measured`.
    public static let maxCorrectionDB = 12.0

    /// Normalizes `input` to `targetLUFS` (default -14) under `truePeakCeilingDBTP` (default -1) into `output`.
    ///
    /// Pass 1 measures the input. Pass 2 applies `target - measured` dB and a true-peak look-ahead
    /// limiter while measuring what it writes (pass 3, no extra read). When limiting pulls the output
    /// more than `loudnessToleranceLU` under the target, pass 2 is rerun with the gain corrected, up to
    /// `maxPasses` times. Silent input is copied with gain 0. `output` appears only on success. `sink`, when given, makes
    /// one WAVByteSink per pass that receives the bytes that pass writes (the last one made saw the output). `progress` is called
    /// between chunks; an error it throws (a cancelled render) stops the work there and is rethrown.
    public static func normalize(
        input: String,
        output: String,
        targetLUFS: Double = -14,
        truePeakCeilingDBTP: Double = -1.0,
        progress: @Sendable (Double) throws -> Void = { _ in },
        sink: (() -> any WAVByteSink)? = nil
    ) throws -> LoudnessReport {
        guard targetLUFS.isFinite, targetLUFS < 0, truePeakCeilingDBTP.isFinite, truePeakCeilingDBTP <= 0 else {
            throw DSPError(.invalidArgument, path: output,
                           "cannot normalize '\(input)': target \(targetLUFS) LUFS and ceiling \(truePeakCeilingDBTP) dBTP must be finite and below 0")
        }
        let measured = try LoudnessMeter.measure(path: input) { try progress(0.5 * $0) }
        let ceiling = Float(pow(10, (truePeakCeilingDBTP - ceilingMarginDB) / 20))
        let initialGain = measured.integratedLoudness.map { targetLUFS - $0 } ?? 0

        var gainDB = initialGain
        var passes = 0
        var reported = 0.5
        var previous: (gain: Double, loudness: Double)?
        while true {
            passes += 1
            let start = reported
            let result = try applyGain(input: input, output: output, gainDB: gainDB, ceiling: ceiling, sink: sink?()) { fraction in
                reported = max(reported, start + (1 - start) * 0.95 * fraction)
                try progress(reported)
            }
            let outputLoudness = result.meter.integratedLoudness
            if let loudness = outputLoudness, result.limiter.limitedFrames > 0,
               targetLUFS - loudness > loudnessToleranceLU, passes < maxPasses {
                // Limiting cost loudness: raise the gain along the measured gain→loudness slope
                // (secant; 1 dB/dB at first), never beyond `maxCorrectionDB` over the plain gain.
                var slope = 1.0
                if let previous, gainDB != previous.gain {
                    slope = min(1, max(0.1, (loudness - previous.loudness) / (gainDB - previous.gain)))
                }
                let next = min(initialGain + maxCorrectionDB, gainDB + (targetLUFS - loudness) / slope)
                if next > gainDB + 0.01 {
                    previous = (gainDB, loudness)
                    gainDB = next
                    result.writer.cancel()
                    continue
                }
            }
            try result.writer.finish()
            try progress(1)
            func dB(_ linear: Double) -> Double? { linear > 0 ? LoudnessMeter.decibels(linear) : nil }
            return LoudnessReport(
                targetLUFS: targetLUFS,
                truePeakCeilingDBTP: truePeakCeilingDBTP,
                inputIntegratedLUFS: measured.integratedLoudness,
                inputTruePeakDBTP: dB(measured.truePeak),
                gainDB: gainDB,
                outputIntegratedLUFS: outputLoudness,
                outputTruePeakDBTP: dB(result.meter.truePeak),
                limitedFrames: result.limiter.limitedFrames,
                maxGainReductionDB: max(0, -LoudnessMeter.decibels(Double(result.limiter.minimumGain))),
                frames: result.meter.framesProcessed,
                passes: passes
            )
        }
    }

    /// Streams `input` × gain through the limiter into an unfinished writer, measuring what is written.
    private static func applyGain(input: String, output: String, gainDB: Double, ceiling: Float, sink: (any WAVByteSink)?,
                                  progress: (Double) throws -> Void) throws -> (writer: WAVWriter, meter: LoudnessMeter, limiter: TruePeakLimiter) {
        let reader = try WAVReader(path: input)
        let format = reader.format
        let writer = try WAVWriter(path: output, format: format, expectedFrames: reader.frameCount, sink: sink)
        var limiter = TruePeakLimiter(format: format, ceiling: ceiling)
        var meter = LoudnessMeter(format: format)
        let gain = Float(pow(10, gainDB / 20))
        let chunk = Streaming.chunkFrames
        var buffer = [Float](repeating: 0, count: chunk * format.channels)
        var limited: [Float] = []
        limited.reserveCapacity((chunk + limiter.latency) * format.channels)

        func drain() throws {
            meter.process(limited)
            try writer.write(limited)
            limited.removeAll(keepingCapacity: true)
        }
        while true {
            let n = try buffer.withUnsafeMutableBufferPointer { try reader.read(into: $0, maxFrames: chunk) }
            if n == 0 { break }
            buffer.withUnsafeMutableBufferPointer { b in
                for i in 0..<(n * format.channels) { b[i] *= gain }
                limiter.process(UnsafeBufferPointer(rebasing: b[0..<(n * format.channels)]), output: &limited)
            }
            try drain()
            if reader.frameCount > 0 { try progress(Double(reader.position) / Double(reader.frameCount)) }
        }
        limiter.flush(output: &limited)
        try drain()
        guard writer.framesWritten == reader.frameCount else {
            throw DSPError(.io, path: output, "normalizing '\(input)' wrote \(writer.framesWritten) frames, expected \(reader.frameCount)")
        }
        return (writer, meter, limiter)
    }
}

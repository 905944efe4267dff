// One offline Rubber Band R3 run: create the state, study, set the key-frame map, process, retrieve, free.
// It knows nothing of argument checking or interleaving; TimeStretcher validates before calling it.

import CRubberBand

/// Runs Rubber Band offline over a whole clip; every call owns its C state from creation to `rubberband_delete`.
///
/// The state never leaves `render` (an `OpaquePointer` is not Sendable), and every pointer into Swift
/// arrays is used only inside the `withUnsafe…` closure that produced it.
enum OfflineRubberBand {
    /// The time ratios (output/input, per map segment) accepted; beyond them the output buffer cannot drain in one final call.
    static let ratioRange: ClosedRange<Double> = 0.125...8

    /// Frames passed to each `rubberband_process` call. Rubber Band reads the key-frame map only at the start
    /// of a call, so a small block makes each anchor take effect within a few hops of where it should.
    static let defaultBlockFrames = 256

    /// The most frames Rubber Band's output may differ from the requested length before the run counts as failed.
    static let lengthTolerance = 512

    /// The options for music with drums: offline, R3, standard window, channels processed together
    /// (keeps a stereo image and mono compatibility), no threads (the result is deterministic), best resampler.
    static let options: RubberBandOptions = [
        RubberBandOptionProcessOffline, RubberBandOptionEngineFiner, RubberBandOptionWindowStandard,
        RubberBandOptionChannelsTogether, RubberBandOptionThreadingNever, RubberBandOptionPitchHighQuality,
        RubberBandOptionFormantShifted,
    ].reduce(0) { $0 | RubberBandOptions(truncatingIfNeeded: $1.rawValue) }

    /// What one run measured besides its audio, for tests and diagnostics.
    struct Report: Sendable {
        /// `rubberband_get_start_delay` after setup: 0 in offline mode, where Rubber Band pads and skips internally.
        var startDelay: Int
        /// Frames retrieved from Rubber Band, before trimming or padding to the requested length.
        var producedFrames: Int
    }

    /// Stretches `planar` (validated: equal non-empty channels) to exactly `outputFrames`.
    static func render(
        _ planar: [[Float]], sampleRate: Int, outputFrames: Int, anchors: [StretchAnchor], pitchScale: Double,
        blockFrames: Int = defaultBlockFrames
    ) throws -> [[Float]] {
        try renderReporting(
            planar, sampleRate: sampleRate, outputFrames: outputFrames, anchors: anchors,
            pitchScale: pitchScale, blockFrames: blockFrames
        ).audio
    }

    /// `render`, also returning what the run measured.
    static func renderReporting(
        _ planar: [[Float]], sampleRate: Int, outputFrames: Int, anchors: [StretchAnchor], pitchScale: Double,
        blockFrames: Int = defaultBlockFrames
    ) throws -> (audio: [[Float]], report: Report) {
        let channels = planar.count
        let inputFrames = planar[0].count
        let timeRatio = Double(outputFrames) / Double(inputFrames)

        guard let state = rubberband_new(UInt32(sampleRate), UInt32(channels), options, timeRatio, pitchScale) else {
            throw TimeStretchError(.libraryFailure, "rubberband_new returned no state")
        }
        defer { rubberband_delete(state) }

        let engine = Int(rubberband_get_engine_version(state))
        guard engine == RubberBandInfo.engine else {
            throw TimeStretchError(.libraryFailure, "asked Rubber Band for engine R\(RubberBandInfo.engine), got R\(engine)")
        }
        rubberband_set_expected_input_duration(state, UInt32(inputFrames))
        rubberband_set_max_process_size(state, UInt32(blockFrames))
        // Offline, Rubber Band pads the input and drops its own delay from the output, so this is 0 and the
        // output needs no trimming at the start; the click-placement tests measure that rather than assume it.
        let startDelay = Int(rubberband_get_start_delay(state))

        var output = [[Float]](repeating: [], count: channels)
        for c in 0..<channels { output[c].reserveCapacity(outputFrames + blockFrames) }

        let scratchFrames = 8192
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: channels * scratchFrames)
        defer { scratch.deallocate() }
        let scratchChannels: [UnsafeMutablePointer<Float>?] = (0..<channels).map { scratch + $0 * scratchFrames }

        /// Moves everything Rubber Band has ready into `output`.
        func drain() {
            while true {
                let available = Int(rubberband_available(state))
                if available <= 0 { return }
                let got = Int(rubberband_retrieve(state, scratchChannels, UInt32(min(available, scratchFrames))))
                if got == 0 { return }
                for c in 0..<channels {
                    output[c].append(contentsOf: UnsafeBufferPointer(start: scratch + c * scratchFrames, count: got))
                }
            }
        }

        withBasePointers(planar[...], []) { bases in
            // Study: the R3 engine only counts the input here, but offline mode requires the pass.
            let whole: [UnsafePointer<Float>?] = bases
            rubberband_study(state, whole, UInt32(inputFrames), 1)

            // The key-frame map: after the ratios (set at creation), before the first process call.
            if !anchors.isEmpty {
                var from = anchors.map { UInt32($0.source) }
                var to = anchors.map { UInt32($0.target) }
                rubberband_set_key_frame_map(state, UInt32(anchors.count), &from, &to)
            }

            var offset = 0
            while offset < inputFrames {
                let count = min(blockFrames, inputFrames - offset)
                let isFinal = offset + count == inputFrames
                let block: [UnsafePointer<Float>?] = bases.map { $0 + offset }
                rubberband_process(state, block, UInt32(count), isFinal ? 1 : 0)
                offset += count
                drain()
            }
            drain()
        }

        // Rubber Band stops at round(input × ratio), which is outputFrames; allow a few frames either way.
        let produced = output[0].count
        guard abs(produced - outputFrames) <= lengthTolerance else {
            throw TimeStretchError(
                .libraryFailure,
                "Rubber Band produced \(produced) frames where \(outputFrames) were expected "
                    + "(at most \(lengthTolerance) frames off are accepted)")
        }
        for c in 0..<channels {
            if output[c].count > outputFrames {
                output[c].removeLast(output[c].count - outputFrames)
            } else if output[c].count < outputFrames {
                output[c].append(contentsOf: repeatElement(0, count: outputFrames - output[c].count))
            }
        }
        return (output, Report(startDelay: startDelay, producedFrames: produced))
    }

    /// Calls `body` with the base address of every array in `arrays` (all non-empty), appended to `collected`.
    private static func withBasePointers<R>(
        _ arrays: ArraySlice<[Float]>, _ collected: [UnsafePointer<Float>],
        _ body: ([UnsafePointer<Float>]) throws -> R
    ) rethrows -> R {
        guard let first = arrays.first else { return try body(collected) }
        return try first.withUnsafeBufferPointer { buffer in
            try withBasePointers(arrays.dropFirst(), collected + [buffer.baseAddress!], body)
        }
    }
}

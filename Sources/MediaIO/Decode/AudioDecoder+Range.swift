// Decodes an exact time range of a file to a sink in bounded chunks: the one call most stages need.
// Knows nothing about where the chunks go; the sink decides (write a WAV, mix, measure).

extension AudioDecoder {
    /// A source that ends at most this long before the requested end is padded with silence instead of failing (2 ms).
    public static let endTolerance = 0.002

    /// Decodes `path` from `start` to `end` (nil: to the end of the audio) at `layout`, handing `sink` chunks of at
    /// most `chunkFrames` interleaved frames; returns the frame count, exactly round((end − start) × rate) when `end`
    /// is given. Throws `truncated` if the audio ends earlier than `end` (by more than `endTolerance`) unless
    /// `clampToEnd`, which returns what there was.
    @discardableResult
    public static func decode(
        path: String,
        layout: AudioLayout = .working,
        start: Double = 0,
        end: Double? = nil,
        clampToEnd: Bool = false,
        chunkFrames: Int = 4096,
        sink: ([Float]) throws -> Void
    ) throws -> Int {
        guard start.isFinite, start >= 0 else { throw MediaError.invalid(path, "start \(start) s is not a time in the file") }
        if let end, !(end.isFinite && end >= start) {
            throw MediaError.invalid(path, "end \(end) s is before start \(start) s")
        }
        guard chunkFrames > 0 else { throw MediaError.invalid(path, "chunkFrames must be positive, not \(chunkFrames)") }
        let decoder = try AudioDecoder(path: path, output: layout)
        if start > 0 { try decoder.seek(toSeconds: start) }
        let rate = Double(layout.sampleRate)
        guard let end else {
            var total = 0
            while true {
                let chunk = try decoder.read(maxFrames: chunkFrames)
                if chunk.isEmpty { return total }
                try sink(chunk)
                total += chunk.count / layout.channels
            }
        }
        let wanted = Int(((end - start) * rate).rounded())
        var delivered = 0
        while delivered < wanted {
            let chunk = try decoder.read(maxFrames: min(chunkFrames, wanted - delivered))
            if chunk.isEmpty {
                let missing = wanted - delivered
                if clampToEnd { return delivered }
                if Double(missing) <= (endTolerance * rate).rounded(.down) {
                    try sink([Float](repeating: 0, count: missing * layout.channels))
                    return wanted
                }
                // Exact when some audio came; when the start itself was past the end, the container's duration.
                let endedAt = delivered > 0 ? start + Double(delivered) / rate : (decoder.endSeconds ?? start)
                throw MediaError.truncated(path, endedAt: endedAt, requestedEnd: end)
            }
            try sink(chunk)
            delivered += chunk.count / layout.channels
        }
        return delivered
    }
}

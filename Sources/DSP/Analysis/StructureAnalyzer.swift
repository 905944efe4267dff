// StructureAnalyzer: per-bar loudness, phrase boundaries and energy sections from bars, chroma and onsets.
// Knows nothing about how bars were found; lyric line starts are plain times that help phase the phrases.
import Foundation

/// Bar loudness, phrases and sections of a track whose downbeats are known.
///
/// Phrases are every 8 bars (4 in tracks under 16 bars). Their phase is the one whose boundaries see the
/// most change, measured between the two bars before and the two after each bar line (chroma distance,
/// loudness and onset-density differences), plus a bonus for lyric lines starting within a beat of the
/// bar line. Sections merge neighbouring phrases of like loudness and harmony; a section's energy level
/// drops by one from 5 for every 3 LU it lies below the loudest section.
struct StructureAnalyzer: Sendable {
    /// Loudness of each bar, LUFS (K-weighted mean square of the mono mix, as if on each source channel).
    static func barLoudness(signal: AnalysisSignal, downbeats: [Double], barSeconds: Double) -> [Double] {
        guard !downbeats.isEmpty else { return [] }
        var filter = KWeightingFilter(sampleRate: Int(signal.sampleRate.rounded()), channels: 1)
        let rate = signal.sampleRate
        let x = signal.samples
        let channelGain = 10 * log10(Double(max(1, signal.sourceChannels)))
        var result: [Double] = []
        var position = 0
        func run(to end: Int) -> Double {
            let end = min(x.count, max(position, end))
            var sum = 0.0
            if end > position {
                x.withUnsafeBufferPointer { p in
                    filter.accumulateSquares(p.baseAddress! + position, frames: end - position, into: &sum)
                }
            }
            let frames = end - position
            position = end
            return frames > 0 ? sum / Double(frames) : 0
        }
        _ = run(to: Int((downbeats[0] * rate).rounded()))
        for (i, start) in downbeats.enumerated() {
            let end = i + 1 < downbeats.count ? downbeats[i + 1] : start + barSeconds
            _ = start
            let meanSquare = run(to: Int((end * rate).rounded()))
            result.append(meanSquare > 0 ? max(-120, -0.691 + 10 * log10(meanSquare) + channelGain) : -120)
        }
        return result
    }

    /// Phrase starts (downbeat times) and the phrase length in bars.
    static func phrases(downbeats: [Double], barLoudness: [Double], chroma: ChromaFeatures, onsets: OnsetFeatures,
                        beatSeconds: Double, lineStarts: [Double]) -> (starts: [Double], bars: Int) {
        let count = downbeats.count
        guard count >= 4 else { return (downbeats.first.map { [$0] } ?? [], 4) }
        let length = count >= 16 ? 8 : 4
        let barSeconds = count > 1 ? (downbeats[count - 1] - downbeats[0]) / Double(count - 1) : 4 * beatSeconds
        let barChroma = (0..<count).map { chroma.mean(from: downbeats[$0], to: $0 + 1 < count ? downbeats[$0 + 1] : downbeats[$0] + barSeconds) }
        let density = (0..<count).map { b -> Double in
            let a = Int((downbeats[b] / onsets.hopSeconds).rounded())
            let e = min(onsets.strength.count, a + max(1, Int((barSeconds / onsets.hopSeconds).rounded())))
            guard a < e, a >= 0 else { return 0 }
            return onsets.strength[a..<e].reduce(0.0) { $0 + Double($1) } / Double(e - a)
        }
        let meanDensity = max(1e-9, density.reduce(0, +) / Double(count))
        func average(_ values: [[Double]]) -> [Double] {
            var s = [Double](repeating: 0, count: 12)
            for v in values { for k in 0..<12 { s[k] += v[k] } }
            return s
        }
        var novelty = [Double](repeating: 0, count: count)
        for b in 1..<count {
            let before = max(0, b - 2)..<b, after = b..<min(count, b + 2)
            let chromaChange = ChromaFeatures.distance(average(before.map { barChroma[$0] }), average(after.map { barChroma[$0] }))
            let loudBefore = before.map { barLoudness[$0] }.reduce(0, +) / Double(before.count)
            let loudAfter = after.map { barLoudness[$0] }.reduce(0, +) / Double(after.count)
            let densityBefore = before.map { density[$0] }.reduce(0, +) / Double(before.count)
            let densityAfter = after.map { density[$0] }.reduce(0, +) / Double(after.count)
            novelty[b] = chromaChange + min(1, abs(loudAfter - loudBefore) / 6) + min(1, abs(densityAfter - densityBefore) / meanDensity)
        }
        let meanNovelty = novelty.reduce(0, +) / Double(count)
        let lineBonus = max(0.05, meanNovelty)
        func lineNear(_ b: Int) -> Bool {
            lineStarts.contains { abs($0 - downbeats[b]) <= beatSeconds * 1.01 }
        }
        var bestPhase = 0, bestScore = -Double.infinity
        for phase in 0..<min(length, count) {
            var score = 0.0
            for b in stride(from: phase, to: count, by: length) {
                score += novelty[b] + (lineNear(b) ? lineBonus : 0)
            }
            // Average per boundary, so phases with one boundary fewer are not penalised.
            let boundaries = Double((count - phase + length - 1) / length)
            score /= boundaries
            if score > bestScore + 1e-9 { bestScore = score; bestPhase = phase }
        }
        return (stride(from: bestPhase, to: count, by: length).map { downbeats[$0] }, length)
    }

    /// Sections between phrase starts (and the track's start and end), merged by like loudness and harmony.
    static func sections(phrases: [Double], duration: Double, downbeats: [Double], barLoudness: [Double],
                         chroma: ChromaFeatures) -> [AnalysisSection] {
        var bounds = phrases.filter { $0 > 0.01 && $0 < duration - 0.01 }
        // A lead-in shorter than a bar (silence or a pickup before the first phrase) belongs to the first section.
        let barSeconds = downbeats.count > 1 ? (downbeats[downbeats.count - 1] - downbeats[0]) / Double(downbeats.count - 1) : 0
        if let first = bounds.first, first < barSeconds { bounds.removeFirst() }
        bounds.insert(0, at: 0)
        bounds.append(duration)
        func loudness(_ a: Double, _ b: Double) -> Double {
            let bars = downbeats.indices.filter { downbeats[$0] >= a - 0.01 && downbeats[$0] < b - 0.01 }
            guard !bars.isEmpty else { return -120 }
            // Mean of the bars' power, back in LUFS.
            let power = bars.map { pow(10, barLoudness[$0] / 10) }.reduce(0, +) / Double(bars.count)
            return 10 * log10(max(power, 1e-12))
        }
        var spans: [(start: Double, end: Double, loudness: Double, chroma: [Double])] = []
        for i in 0..<(bounds.count - 1) where bounds[i + 1] > bounds[i] {
            spans.append((bounds[i], bounds[i + 1], loudness(bounds[i], bounds[i + 1]), chroma.mean(from: bounds[i], to: bounds[i + 1])))
        }
        var merged: [(start: Double, end: Double, loudness: Double, chroma: [Double])] = []
        for span in spans {
            if let last = merged.last, abs(last.loudness - span.loudness) < 2, ChromaFeatures.distance(last.chroma, span.chroma) < 0.08 {
                let a = last.end - last.start, b = span.end - span.start
                let power = (pow(10, last.loudness / 10) * a + pow(10, span.loudness / 10) * b) / (a + b)
                merged[merged.count - 1] = (last.start, span.end, 10 * log10(max(power, 1e-12)), last.chroma)
            } else {
                merged.append(span)
            }
        }
        let loudest = merged.map(\.loudness).max() ?? 0
        return merged.map { span in
            let level = 5 - Int(((loudest - span.loudness) / 3).rounded(.down))
            return AnalysisSection(start: span.start, end: span.end, energy: max(1, min(5, level)), loudness: span.loudness)
        }
    }
}

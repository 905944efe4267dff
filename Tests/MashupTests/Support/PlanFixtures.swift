// PlanFixtures: tracks with known lyric line times and energy, shared by the planning tests.
// Knows nothing about the rules under test.

@testable import Mashup

enum PlanFixtures {
    /// Synced lines every `step` seconds from `first` until `last` (exclusive); each ends at the next one's start.
    static func lyrics(first: Double, step: Double, last: Double, texts: ((Int) -> String)? = nil) -> TimedLyrics {
        var lines: [TimedLine] = []
        var t = first
        var i = 0
        while t + step <= last {
            lines.append(TimedLine(start: t, end: t + step, text: texts?(i) ?? "line \(i) of the song", confidence: 1))
            t += step
            i += 1
        }
        return TimedLyrics(lines: lines, source: .syncedLRC)
    }

    /// Track 0: 200 s, lines every 4 s from 10 s to 190 s. Track 1: 180 s, lines every 5 s from 20 s to 170 s.
    /// Track 2: 150 s, no lyrics, loud between 100 s and 130 s.
    static func tracks() -> [PlanTrack] {
        var energy = [Float](repeating: 0.1, count: 150)
        for i in 100..<130 { energy[i] = 0.9 }
        return [
            PlanTrack(title: "Alpha", artist: "A", duration: 200, lyrics: lyrics(first: 10, step: 4, last: 190)),
            PlanTrack(title: "Beta", artist: "B", duration: 180, lyrics: lyrics(first: 20, step: 5, last: 170)),
            PlanTrack(title: "Gamma", artist: "C", duration: 150, energy: energy),
        ]
    }

    /// A plan that already satisfies the defaults with target 100 s: 3 segments, crossfades 3 s.
    static func validPlan() -> MixPlan {
        MixPlan(title: "Valid", segments: [
            PlanSegment(track: 0, start: 22, end: 58, crossfadeAfter: 3, reason: "a"),
            PlanSegment(track: 1, start: 40, end: 75, crossfadeAfter: 3, reason: "b"),
            PlanSegment(track: 2, start: 100, end: 135, crossfadeAfter: 0, reason: "c"),
        ])
    }

    /// Whether `time` is a line start (`start`) or end of `track`'s lyrics, within 1 ms.
    static func onBoundary(_ time: Double, _ track: PlanTrack, start: Bool) -> Bool {
        guard let lines = track.lyrics?.lines else { return true }
        return lines.contains { abs((start ? $0.start : $0.end) - time) < 0.001 }
    }
}

// TrackOrdererTests: the track order chosen from tempos, keys and energies: 2:1 tempo folding, orders known by hand,
// ties, and the greedy path beyond 8 tracks. Knows nothing about segments or audio: analyses are written by hand.
import Foundation
import Testing
@testable import Mashup

@Suite("Track order")
struct TrackOrdererTests {
    /// An analysis with just what the orderer reads: tempo, Camelot code and one section of the given energy.
    static func track(bpm: Double, camelot: String = "8A", energy: Int = 3) -> TrackAnalysis {
        TrackAnalysis(duration: 120, bpm: bpm, beats: [], downbeats: [], meter: "4/4", key: "", camelot: camelot, keyStrength: 0.9,
                      phraseBars: 8, phrases: [], sections: [.init(start: 0, end: 120, energy: energy, loudness: -14)],
                      barLoudness: [], vocalSpans: [])
    }

    @Test("tempo distance is |log2 ratio| with 2:1 and 1:2 folded to the same tempo; unknown tempos cost nothing")
    func tempoDistance() {
        #expect(TrackOrderer.tempoDistance(120, 120) == 0)
        #expect(abs(TrackOrderer.tempoDistance(120, 60)) < 1e-12)
        #expect(abs(TrackOrderer.tempoDistance(120, 240)) < 1e-12)
        #expect(abs(TrackOrderer.tempoDistance(120, 126) - 0.070389) < 1e-6)   // log2(1.05)
        #expect(abs(TrackOrderer.tempoDistance(126, 120) - 0.070389) < 1e-6)
        #expect(abs(TrackOrderer.tempoDistance(100, 150) - 0.415037) < 1e-6)   // folded: log2(200 / 150) = log2(4/3)
        #expect(abs(TrackOrderer.tempoDistance(120, 61) - 0.023847) < 1e-6)    // folded: log2(122 / 120)
        #expect(TrackOrderer.tempoDistance(0, 120) == 0 && TrackOrderer.tempoDistance(120, 0) == 0)
    }

    @Test("120, 92, 126 BPM: 92 goes to an end, never between 120 and 126")
    func threeTempos() {
        let analyses: [TrackAnalysis?] = [Self.track(bpm: 120), Self.track(bpm: 92), Self.track(bpm: 126)]
        let order = TrackOrderer().order(analyses)
        #expect(order.tracks == [1, 0, 2] || order.tracks == [2, 0, 1], "\(order.tracks)")
        #expect(!order.fixed)
        // Cost: 10 per octave of tempo; same key and energy throughout.
        let best = 10 * (log2(120.0 / 92) + log2(126.0 / 120))
        let given = 10 * (log2(120.0 / 92) + log2(126.0 / 92))
        #expect(abs(order.cost - best) < 0.001, "\(order.cost) vs \(best)")
        #expect(abs(order.givenCost - given) < 0.001, "\(order.givenCost) vs \(given)")
    }

    @Test("with equal tempos, neighbouring keys sit together: 8A, 3B, 8B → 8A and 8B adjacent, 3B at an end")
    func keysDecide() {
        let analyses: [TrackAnalysis?] = [Self.track(bpm: 120, camelot: "8A"), Self.track(bpm: 120, camelot: "3B"), Self.track(bpm: 120, camelot: "8B")]
        let order = TrackOrderer().order(analyses)
        #expect(order.tracks == [0, 2, 1] || order.tracks == [1, 2, 0], "\(order.tracks)")
        #expect(abs(order.cost - 0.5 * (1 + 5)) < 0.001)      // 8A–8B one step, 8B–3B five
        #expect(abs(order.givenCost - 0.5 * (6 + 5)) < 0.001) // 8A–3B five steps and a ring, 3B–8B five
    }

    @Test("with equal tempos and keys, energies climb in steps: 1, 5, 2 → 1 and 2 together, 5 at an end")
    func energiesDecide() {
        let analyses: [TrackAnalysis?] = [Self.track(bpm: 120, energy: 1), Self.track(bpm: 120, energy: 5), Self.track(bpm: 120, energy: 2)]
        let order = TrackOrderer().order(analyses)
        #expect(order.tracks == [0, 2, 1] || order.tracks == [1, 2, 0], "\(order.tracks)")
        #expect(abs(order.cost - 0.25 * (1 + 3)) < 0.001)
    }

    @Test("a half-tempo track counts as the same tempo: 120, 90, 61 → 120 in the middle, next to both")
    func halfTempoNeighbour() {
        // Folded distances: 120–61 log2(122/120), 120–90 log2(120/90), 90–61 log2(122/90); unfolded, 61 would go next to 90.
        let analyses: [TrackAnalysis?] = [Self.track(bpm: 120), Self.track(bpm: 90), Self.track(bpm: 61)]
        let order = TrackOrderer().order(analyses)
        #expect(order.tracks == [1, 0, 2] || order.tracks == [2, 0, 1], "\(order.tracks)")
        #expect(abs(order.cost - 10 * (log2(122.0 / 120) + log2(120.0 / 90))) < 0.001)
    }

    @Test("ties keep the given order: identical tracks, and an order as good as its reverse")
    func tiesKeepGiven() {
        let same: [TrackAnalysis?] = (0..<5).map { _ in Self.track(bpm: 120) }
        #expect(TrackOrderer().order(same).tracks == [0, 1, 2, 3, 4])
        let rising: [TrackAnalysis?] = [Self.track(bpm: 100), Self.track(bpm: 105), Self.track(bpm: 110)]
        let order = TrackOrderer().order(rising)
        #expect(order.tracks == [0, 1, 2])
        #expect(order.cost == order.givenCost)
        let unknown: [TrackAnalysis?] = [nil, nil, nil]
        #expect(TrackOrderer().order(unknown).tracks == [0, 1, 2])
    }

    @Test("one and no tracks")
    func trivial() {
        #expect(TrackOrderer().order([Self.track(bpm: 120)]).tracks == [0])
        #expect(TrackOrderer().order([]).tracks == [])
    }

    @Test("the exhaustive search finds the cheapest of all orders (8 tracks, checked against every permutation)")
    func exhaustiveIsOptimal() {
        let tempos: [Double] = [128, 96, 121, 100, 140, 124, 90, 132]
        let keys = ["8A", "3B", "9A", "11B", "8B", "4A", "7A", "12B"]
        let analyses: [TrackAnalysis?] = zip(tempos, keys).enumerated().map { Self.track(bpm: $1.0, camelot: $1.1, energy: 1 + $0 % 5) }
        let orderer = TrackOrderer()
        let chosen = orderer.order(analyses)
        #expect(chosen.tracks.sorted() == Array(0..<8))
        // Every permutation, enumerated here independently (lexicographic order).
        var best = Double.infinity
        var p = Array(0..<8)
        while true {
            best = min(best, orderer.cost(of: p, analyses: analyses))
            guard let i = (0..<7).last(where: { p[$0] < p[$0 + 1] }) else { break }
            let j = (i + 1..<8).last { p[$0] > p[i] }!
            p.swapAt(i, j)
            p[(i + 1)...].reverse()
        }
        #expect(abs(chosen.cost - best) < 0.001, "chosen \(chosen.cost), best \(best)")
    }

    @Test("9 and more tracks take the greedy path: a permutation, and sorted tempos come out monotonic")
    func greedyBeyondEight() {
        let tempos: [Double] = [118, 104, 130, 100, 124, 110, 134, 114, 107, 127, 121]
        let analyses: [TrackAnalysis?] = tempos.map { Self.track(bpm: $0) }
        let order = TrackOrderer().order(analyses)
        #expect(order.tracks.count == tempos.count)
        #expect(order.tracks.sorted() == Array(0..<tempos.count))
        let played = order.tracks.map { tempos[$0] }
        #expect(played == played.sorted() || played == played.sorted(by: >), "\(played)")
        // A monotonic chain costs the whole tempo span once.
        #expect(abs(order.cost - 10 * log2(134.0 / 100)) < 0.001)
        #expect(order.cost < order.givenCost)
    }

    @Test("9 tracks already in the best order stay as given")
    func greedyKeepsGoodOrder() {
        let tempos: [Double] = [100, 103, 106, 109, 112, 115, 118, 121, 124]
        let order = TrackOrderer().order(tempos.map { Self.track(bpm: $0) })
        #expect(order.tracks == Array(0..<9))
    }
}

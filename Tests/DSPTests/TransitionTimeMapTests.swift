// TransitionTimeMapTests: where incoming beats land in a beat-matched transition: on the outgoing beats across the overlap,
// then easing back to their own tempo (or held), also at 2:1. Knows nothing about audio: beat grids are written here.
import DSP
import Testing

@Suite("Transition time map")
struct TransitionTimeMapTests {
    /// `count` beats every `period` s from 0.
    static func grid(_ period: Double, _ count: Int) -> [Double] { (0..<count).map { Double($0) * period } }

    // Outgoing 120 BPM, an overlap of 2 bars (8 beats, 4 s); incoming 126 BPM.
    let out120 = grid(0.5, 12)
    let in126 = grid(60.0 / 126, 40)

    @Test("across the overlap, incoming beat k plays exactly on outgoing beat k, and beat 8 on the overlap's end")
    func beatsOnBeats() {
        let map = TransitionTimeMap(outgoingBeats: out120, overlap: 4, incomingBeats: in126, easeBeats: 4, hold: false)
        #expect(map.output(at: 0) == 0)
        for k in 0...7 {
            #expect(abs(map.output(at: in126[k]) - out120[k]) < 1e-12, "beat \(k)")
        }
        #expect(abs(map.output(at: in126[8]) - 4) < 1e-12)
        #expect(map.overlap == 4)
    }

    @Test("irregular outgoing beats are followed exactly, and between beats the map is linear")
    func jitteredBeats() {
        let jitter = [0, 0.011, -0.007, 0.004, -0.012, 0.009, 0.002, -0.005]
        let outgoing = (0..<8).map { Double($0) * 0.5 + jitter[$0] } + [4, 4.5]
        let map = TransitionTimeMap(outgoingBeats: outgoing, overlap: 4, incomingBeats: in126, easeBeats: 0, hold: false)
        for k in 1...7 {
            #expect(abs(map.output(at: in126[k]) - outgoing[k]) < 1e-12, "beat \(k)")
            let mid = (in126[k] + in126[k + 1]) / 2
            let target = k < 7 ? outgoing[k + 1] : 4
            #expect(abs(map.output(at: mid) - (outgoing[k] + target) / 2) < 1e-12, "between beats \(k) and \(k + 1)")
        }
        #expect(abs(map.output(at: in126[8]) - 4) < 1e-12)
    }

    @Test("outgoing beats at and after the overlap's end are ignored: the overlap's end is the last target")
    func beatsPastOverlapIgnored() {
        let short = TransitionTimeMap(outgoingBeats: Self.grid(0.5, 8), overlap: 4, incomingBeats: in126, easeBeats: 0, hold: false)
        let long = TransitionTimeMap(outgoingBeats: Self.grid(0.5, 30), overlap: 4, incomingBeats: in126, easeBeats: 0, hold: false)
        #expect(short == long)
    }

    @Test("ease: after the overlap the beat intervals go linearly from the outgoing period to the incoming one over easeBeats")
    func easeBack() {
        let pOut = 0.5, pIn = 60.0 / 126, ease = 4
        let map = TransitionTimeMap(outgoingBeats: out120, overlap: 4, incomingBeats: in126, easeBeats: ease, hold: false)
        // Interval j after the overlap (j = 1…ease): pOut + (pIn − pOut) · j / ease; the last one is the incoming period.
        var expected = 4.0
        for j in 1...ease {
            expected += pOut + (pIn - pOut) * Double(j) / Double(ease)
            #expect(abs(map.output(at: in126[8 + j]) - expected) < 1e-9, "eased beat \(j)")
        }
        // Then a plain shift: output − input is constant, and intervals are the incoming period.
        let shift = expected - in126[8 + ease]
        for k in (8 + ease)..<in126.count {
            #expect(abs(map.output(at: in126[k]) - in126[k] - shift) < 1e-9, "beat \(k)")
        }
        #expect(abs(map.output(at: 100) - 100 - shift) < 1e-9)
        #expect(map.holdRatio == 1)
        #expect(map.stretchedUntil == in126[8 + ease])
    }

    @Test("ease over 0 beats: a plain shift right after the overlap, stretched only until the overlap's end")
    func easeZero() throws {
        let map = TransitionTimeMap(outgoingBeats: out120, overlap: 4, incomingBeats: in126, easeBeats: 0, hold: false)
        let shift = 4 - in126[8]
        for k in 8..<in126.count {
            #expect(abs(map.output(at: in126[k]) - in126[k] - shift) < 1e-12)
        }
        let until = try #require(map.stretchedUntil)
        #expect(abs(until - in126[8]) < 1e-12)
    }

    @Test("easing stops at the segment's last beat")
    func easeLongerThanSegment() throws {
        let beats = Self.grid(60.0 / 126, 11)   // 8 beats in the overlap, then only 2 more
        let map = TransitionTimeMap(outgoingBeats: out120, overlap: 4, incomingBeats: beats, easeBeats: 8, hold: false)
        #expect(try #require(map.stretchedUntil) == beats[10])
        #expect(map.points.count == 10)
    }

    @Test("hold: the outgoing tempo is kept to the end; nothing is a plain shift")
    func hold() {
        let map = TransitionTimeMap(outgoingBeats: out120, overlap: 4, incomingBeats: in126, easeBeats: 4, hold: true)
        for k in 8..<in126.count {
            #expect(abs(map.output(at: in126[k]) - (4 + Double(k - 8) * 0.5)) < 1e-9, "beat \(k)")
        }
        #expect(abs(map.holdRatio - 0.5 / (60.0 / 126)) < 1e-12)   // 1.05
        #expect(map.stretchedUntil == nil)
    }

    @Test("points increase strictly in input and output")
    func monotonic() {
        for hold in [false, true] {
            let map = TransitionTimeMap(outgoingBeats: out120, overlap: 4, incomingBeats: in126, easeBeats: 6, hold: hold)
            var previous = (input: 0.0, output: 0.0)
            for p in map.points {
                #expect(p.input > previous.input && p.output > previous.output)
                previous = p
            }
        }
    }

    @Test("2:1, incoming at half tempo (120 → 61 BPM): incoming beat k plays on outgoing beat 2k")
    func halfTempo() {
        let incoming = Self.grid(60.0 / 61, 20)
        let map = TransitionTimeMap(outgoingBeats: out120, overlap: 4, incomingBeats: incoming, beatsPerOutgoingBeat: 0.5,
                                    easeBeats: 0, hold: false)
        for k in 0...3 {
            #expect(abs(map.output(at: incoming[k]) - Double(2 * k) * 0.5) < 1e-12, "beat \(k)")
        }
        #expect(abs(map.output(at: incoming[4]) - 4) < 1e-12, "beat 4 on the overlap's end")
        // Afterwards a plain shift at the incoming's own tempo.
        #expect(abs(map.output(at: incoming[10]) - (4 + 6 * 60.0 / 61)) < 1e-9)
    }

    @Test("2:1, incoming at half tempo, held: one incoming beat per two outgoing beats after the overlap too")
    func halfTempoHeld() {
        let incoming = Self.grid(60.0 / 61, 20)
        let map = TransitionTimeMap(outgoingBeats: out120, overlap: 4, incomingBeats: incoming, beatsPerOutgoingBeat: 0.5,
                                    easeBeats: 0, hold: true)
        #expect(abs(map.holdRatio - 1.0 / (60.0 / 61)) < 1e-12)
        #expect(abs(map.output(at: incoming[10]) - 10) < 1e-9)
    }

    @Test("2:1, incoming at double tempo (120 → 250 BPM): incoming beat 2k plays on outgoing beat k, odd beats halfway")
    func doubleTempo() {
        let incoming = Self.grid(0.24, 60)
        let map = TransitionTimeMap(outgoingBeats: out120, overlap: 4, incomingBeats: incoming, beatsPerOutgoingBeat: 2,
                                    easeBeats: 0, hold: false)
        for k in 0...7 {
            #expect(abs(map.output(at: incoming[2 * k]) - Double(k) * 0.5) < 1e-12, "beat \(2 * k)")
            #expect(abs(map.output(at: incoming[2 * k + 1]) - (Double(k) * 0.5 + 0.25)) < 1e-12, "beat \(2 * k + 1)")
        }
        #expect(abs(map.output(at: incoming[16]) - 4) < 1e-12)
        #expect(abs(map.output(at: incoming[30]) - (4 + 14 * 0.24)) < 1e-9)
    }
}

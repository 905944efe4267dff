// TransitionTimeMap: where each beat of an incoming segment must land so that it plays on the outgoing beats.
// Pure arithmetic on beat times; knows nothing about audio, stretching libraries or plans.

/// The time map of a beat-matched transition, from the incoming segment's own time to the mix's time.
///
/// Times are seconds from the start of the overlap, which is the incoming segment's first downbeat (its
/// time 0) and an outgoing downbeat. Incoming beat k lands on outgoing beat k across the overlap (every
/// other beat for a 2:1 tempo). After the overlap the beat intervals return to the incoming track's own
/// over `easeBeats` beats, scaling linearly, then the map is a plain shift; or, with `hold`, they keep
/// the outgoing tempo to the segment's end.
public struct TransitionTimeMap: Sendable, Equatable {
    /// Points (input seconds, output seconds), strictly increasing in both, starting after (0, 0).
    public var points: [(input: Double, output: Double)]
    /// Past the last point the map is `input + shift` (ease) or `last.output + (input − last.input) · holdRatio` (hold).
    public var holdRatio: Double
    /// The overlap's length in output seconds (the outgoing segment's remaining time).
    public var overlap: Double

    /// Equality of the points and the tail.
    public static func == (a: TransitionTimeMap, b: TransitionTimeMap) -> Bool {
        a.holdRatio == b.holdRatio && a.overlap == b.overlap && a.points.count == b.points.count
            && zip(a.points, b.points).allSatisfy { $0.input == $1.input && $0.output == $1.output }
    }

    /// Builds the map.
    /// - Parameters:
    ///   - outgoingBeats: the outgoing segment's beats from the overlap start (the first is 0), up to its end.
    ///   - overlap: seconds from the overlap start to the outgoing segment's end (a downbeat).
    ///   - incomingBeats: the incoming segment's beats from its start (the first is its downbeat, about 0).
    ///   - beatsPerOutgoingBeat: 1, or 0.5 when the incoming tempo is about half the outgoing one, 2 when double.
    ///   - easeBeats: incoming beats over which the tempo returns to the incoming track's own (0: at once).
    ///   - hold: keep the outgoing tempo to the end instead of easing back.
    public init(outgoingBeats: [Double], overlap: Double, incomingBeats: [Double], beatsPerOutgoingBeat: Double = 1,
                easeBeats: Int, hold: Bool) {
        self.overlap = overlap
        // Outgoing beats that incoming beats land on: all, or every other one at 2:1.
        var targets = outgoingBeats.filter { $0 < overlap - 1e-6 }
        var sources = incomingBeats
        if beatsPerOutgoingBeat > 1.5 {
            sources = stride(from: 0, to: sources.count, by: 2).map { sources[$0] }
        } else if beatsPerOutgoingBeat < 0.75 {
            targets = stride(from: 0, to: targets.count, by: 2).map { targets[$0] }
        }
        targets.append(overlap)
        var points: [(input: Double, output: Double)] = []
        let paired = min(targets.count, sources.count)
        for k in 0..<paired where k > 0 {
            points.append((sources[k], targets[k]))
        }
        // The outgoing beat period at the end of the overlap, and the incoming one, give the ratio to ease from.
        let outPeriod = targets.count >= 2 ? (targets[targets.count - 1] - targets[0]) / Double(targets.count - 1) : 0
        let inPeriod = paired >= 2 ? (sources[paired - 1] - sources[0]) / Double(paired - 1) : 0
        let ratio = inPeriod > 0 && outPeriod > 0 ? outPeriod / inPeriod : 1
        if hold {
            holdRatio = ratio
        } else {
            holdRatio = 1
            if var last = points.last, easeBeats > 0 {
                var k = paired - 1
                for j in 1...easeBeats {
                    guard k + 1 < sources.count else { break }
                    let s = ratio + (1 - ratio) * Double(j) / Double(easeBeats)
                    let next = (sources[k + 1], last.output + (sources[k + 1] - sources[k]) * s)
                    points.append(next)
                    last = next
                    k += 1
                }
            }
        }
        self.points = points
    }

    /// Where an input time lands.
    public func output(at input: Double) -> Double {
        var previous = (input: 0.0, output: 0.0)
        for p in points {
            if input <= p.input {
                let span = p.input - previous.input
                return span > 0 ? previous.output + (input - previous.input) * (p.output - previous.output) / span : p.output
            }
            previous = p
        }
        return previous.output + (input - previous.input) * holdRatio
    }

    /// The input time up to which the audio must be stretched (after it the map is a plain shift); nil with hold.
    public var stretchedUntil: Double? { holdRatio == 1 ? (points.last?.input ?? 0) : nil }
}

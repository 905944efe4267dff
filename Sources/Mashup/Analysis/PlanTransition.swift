// PlanTransition: how one segment of a plan hands over to the next, and why: bars, tempo ratio, key relation.
// Pure data; the musical planner decides it and the crossfade stage carries it out.

/// The transition from one plan segment into the next.
public struct PlanTransition: Sendable, Codable, Equatable {
    /// How the transition is made.
    public enum Kind: String, Sendable, Codable, Equatable {
        /// The incoming beats stretched onto the outgoing ones, downbeats aligned, bass handed over mid-way.
        case beatmatch
        /// Tempos too far apart: a short fade (one bar or less) on a phrase boundary.
        case fade
    }

    /// How the transition is made.
    public var kind: Kind
    /// Bars of the outgoing track the overlap lasts (1, 2, 4 or 8; 0 or 1 for a fade).
    public var bars: Int
    /// The overlap, seconds of the outgoing track.
    public var seconds: Double
    /// Outgoing tempo, BPM.
    public var fromBPM: Double
    /// Incoming tempo, BPM.
    public var toBPM: Double
    /// Outgoing BPM ÷ incoming BPM after folding 2:1 (the stretch the incoming track needs).
    public var tempoRatio: Double
    /// Incoming beats per outgoing beat: 1, or 0.5 / 2 when the tempos are about 1:2 or 2:1.
    public var beatsPerOutgoingBeat: Double
    /// Outgoing key, for example `A minor`.
    public var fromKey: String
    /// Incoming key.
    public var toKey: String
    /// How the keys relate (after any shift).
    public var keyRelation: KeyRelation
    /// Semitones the incoming segment is shifted by to reach a compatible key (0: none).
    public var semitones: Int
    /// Why this transition, for people.
    public var reason: String

    enum CodingKeys: String, CodingKey {
        case kind, bars, seconds, semitones, reason
        case fromBPM = "from_bpm", toBPM = "to_bpm", tempoRatio = "tempo_ratio", beatsPerOutgoingBeat = "beats_per_outgoing_beat"
        case fromKey = "from_key", toKey = "to_key", keyRelation = "key_relation"
    }

    /// Creates a transition.
    public init(kind: Kind, bars: Int, seconds: Double, fromBPM: Double, toBPM: Double, tempoRatio: Double, beatsPerOutgoingBeat: Double,
                fromKey: String, toKey: String, keyRelation: KeyRelation, semitones: Int, reason: String) {
        self.kind = kind
        self.bars = bars
        self.seconds = seconds
        self.fromBPM = fromBPM
        self.toBPM = toBPM
        self.tempoRatio = tempoRatio
        self.beatsPerOutgoingBeat = beatsPerOutgoingBeat
        self.fromKey = fromKey
        self.toKey = toKey
        self.keyRelation = keyRelation
        self.semitones = semitones
        self.reason = reason
    }
}

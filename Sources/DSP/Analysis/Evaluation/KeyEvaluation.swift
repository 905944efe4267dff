// KeyEvaluation: the MIREX weighted key score as mir_eval computes it (`key.weighted_score`).
// Pure arithmetic on two keys; knows nothing about how a key was estimated.

/// Key-estimation metrics with mir_eval's semantics.
public enum KeyEvaluation {
    /// The MIREX weighted score: 1 same key; 0.5 same mode with the estimate a perfect fifth above the reference;
    /// 0.3 the estimate is the reference's relative key; 0.2 parallel (same tonic, other mode); else 0.
    public static func weightedScore(reference: MusicalKey, estimated: MusicalKey) -> Double {
        let up = ((estimated.tonic - reference.tonic) % 12 + 12) % 12
        if up == 0 && estimated.mode == reference.mode { return 1 }
        if estimated.mode == reference.mode { return up == 7 ? 0.5 : 0 }
        // Modes differ from here on.
        if reference.mode == .major && up == 9 { return 0.3 }
        if reference.mode == .minor && up == 3 { return 0.3 }
        if up == 0 { return 0.2 }
        return 0
    }
}

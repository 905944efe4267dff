// TempoEvaluation: how far an estimated tempo is from the truth.
// Pure arithmetic on two tempi; knows nothing about beats or audio.

/// Tempo-estimation metrics.
public enum TempoEvaluation {
    /// The relative tempo error |estimated / reference − 1| (0.005 is 0.5 %); infinite when `reference` is 0.
    public static func relativeError(reference: Double, estimated: Double) -> Double {
        guard reference != 0 else { return .infinity }
        return abs(estimated / reference - 1)
    }
}

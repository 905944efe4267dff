// PlanRepairResult: a repaired plan together with the notes explaining each change.
// Pure data.

/// The output of `PlanRepairer.repair` and of `HeuristicPlanner.plan`.
public struct PlanRepairResult: Sendable, Equatable, Codable {
    /// The plan, satisfying the constraints as far as the tracks allow.
    public var plan: MixPlan
    /// The changes made, in the order they were made; empty when the plan was already valid.
    public var notes: [PlanRepairNote]

    /// Creates a result.
    public init(plan: MixPlan, notes: [PlanRepairNote]) {
        self.plan = plan
        self.notes = notes
    }
}

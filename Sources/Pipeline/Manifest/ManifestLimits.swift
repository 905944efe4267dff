// Bounds on the work validating one manifest may cause: expanded instances, input bindings,
// distinct problems reported, and an optional deadline. Pure data; ManifestBuilder enforces it.

/// How much expansion and validation work one manifest may cause.
public struct ManifestLimits: Sendable {
    /// Stage instances after `foreach` expansion (default 2,000, the API's `MAX_STAGE_INSTANCES`).
    public var maxStageInstances: Int
    /// Input bindings over all instances (default 100,000): a list field reading a whole foreach stage binds each item.
    public var maxInputBindings: Int
    /// Distinct problems reported before validation stops (default 1,000).
    public var maxIssues: Int
    /// When validation must give up (default none); checked cooperatively inside every expansion loop.
    public var deadline: ContinuousClock.Instant?

    /// The API's default instance cap.
    public static let defaultMaxStageInstances = 2_000
    /// The command line's default instance cap: the user's own machine and time.
    public static let commandLineMaxStageInstances = 100_000

    /// Creates limits; every bound has its documented default.
    public init(maxStageInstances: Int = ManifestLimits.defaultMaxStageInstances, maxInputBindings: Int = 100_000,
                maxIssues: Int = 1_000, deadline: ContinuousClock.Instant? = nil) {
        self.maxStageInstances = maxStageInstances
        self.maxInputBindings = maxInputBindings
        self.maxIssues = maxIssues
        self.deadline = deadline
    }

    /// The command line's limits: `MAX_STAGE_INSTANCES` from `environment` when set, else 100,000 instances.
    public static func commandLine(environment: [String: String]) -> ManifestLimits {
        let cap = environment["MAX_STAGE_INSTANCES"].flatMap { Int($0.trimmingCharacters(in: [" "])) }.flatMap { $0 > 0 ? $0 : nil }
        let instances = cap ?? commandLineMaxStageInstances
        return ManifestLimits(maxStageInstances: instances, maxInputBindings: max(100_000, instances * 50))
    }
}

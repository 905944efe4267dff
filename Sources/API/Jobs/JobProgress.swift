// Folds render events into the per-stage rows the API shows. Pure state; the worker decides when
// to write it to the store.
import Foundation
import Pipeline

/// The live stage table of one job attempt.
public struct JobProgress: Sendable, Equatable {
    /// One row per stage, in topological order.
    public private(set) var stages: [StageRunRecord] = []
    /// Whether anything changed since the last `markSaved()`.
    public private(set) var dirty = false
    /// Whether a stage changed state (not just its percentage) since the last save: such changes are written at once.
    public private(set) var stateChanged = false

    /// An empty table.
    public init() {}

    /// Applies one render event.
    public mutating func apply(_ event: RenderEvent, sanitize: (String) -> String = { $0 }) {
        switch event {
        case .planned(let instances):
            stages = instances.enumerated().map { StageRunRecord(stageId: $1.id, kind: $1.kind, position: $0, status: "pending") }
            stateChanged = true
        case .started(let id):
            update(id) { $0.status = "running" }
            stateChanged = true
        case .progress(let id, let fraction):
            update(id) { if $0.status == "pending" { $0.status = "running" }; $0.progress = max($0.progress, min(1, fraction)) }
        case .finished(let report):
            update(report.id) {
                $0.status = report.status.rawValue
                $0.seconds = report.seconds
                $0.progress = report.status == .ran || report.status == .cached ? 1 : $0.progress
                $0.errorCode = report.errorCode
                $0.errorMessage = report.error.map(sanitize)
                $0.metadata = Self.metadataJSON(report.metadata, sanitize: sanitize)
            }
            stateChanged = true
        }
        dirty = true
    }

    /// Overall progress: the mean of the stages' progress (finished stages count fully).
    public var overall: Double {
        guard !stages.isEmpty else { return 0 }
        let done = stages.reduce(0.0) { sum, s in
            sum + (["ran", "cached", "failed", "skipped"].contains(s.status) ? 1 : s.progress)
        }
        return min(1, done / Double(stages.count))
    }

    /// The largest metadata object kept per stage (64 KiB of JSON); a larger one is left out.
    static let maxMetadataBytes = 64 * 1024

    /// A stage's metadata as JSON text with the server's folders replaced, or nil when empty or too large.
    static func metadataJSON(_ metadata: [String: Value], sanitize: (String) -> String) -> String? {
        guard !metadata.isEmpty else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard let data = try? encoder.encode(metadata), data.count <= maxMetadataBytes else { return nil }
        return sanitize(String(decoding: data, as: UTF8.self))
    }

    /// Records that the current table was written.
    public mutating func markSaved() {
        dirty = false
        stateChanged = false
    }

    private mutating func update(_ id: String, _ change: (inout StageRunRecord) -> Void) {
        guard let i = stages.firstIndex(where: { $0.stageId == id }) else { return }
        change(&stages[i])
    }
}

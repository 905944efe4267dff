// Live render progress: a redrawn table on a terminal, plain lines otherwise.
// Knows render events, not how stages work.
import Foundation
import Pipeline
import Synchronization

/// Shows render events to a person.
final class ProgressDisplay: Sendable {
    private struct Row {
        var id: String
        var kind: String
        var state = "waiting"
        var percent: Double?
        var seconds: Double?
        var started: ContinuousClock.Instant?
        var note: String?
    }

    private struct State {
        var rows: [Row] = []
        var index: [String: Int] = [:]
        var linesDrawn = 0
        var lastDraw = ContinuousClock.now
        var lastPlainPercent: [String: Int] = [:]
    }

    private let interactive: Bool
    private let quiet: Bool
    private let state = Mutex(State())
    private let begin = ContinuousClock.now
    private let ticker = Mutex<Task<Void, Never>?>(nil)

    init(interactive: Bool, quiet: Bool) {
        self.interactive = interactive
        self.quiet = quiet
    }

    func handle(_ event: RenderEvent) {
        if quiet { return }
        state.withLock { s in
            switch event {
            case .planned(let stages):
                s.rows = stages.map { Row(id: $0.id, kind: $0.kind) }
                s.index = Dictionary(uniqueKeysWithValues: stages.enumerated().map { ($1.id, $0) })
                if interactive { startTicker() }
            case .started(let id):
                guard let i = s.index[id] else { return }
                s.rows[i].state = "running"
                s.rows[i].percent = 0
                s.rows[i].started = .now
                if !interactive { line("\(id): running") }
            case .progress(let id, let p):
                guard let i = s.index[id] else { return }
                s.rows[i].percent = p
                if !interactive {
                    let step = Int(p * 4)
                    if step > (s.lastPlainPercent[id] ?? 0) && step < 4 {
                        s.lastPlainPercent[id] = step
                        line("\(id): \(step * 25)%")
                    }
                }
            case .finished(let r):
                guard let i = s.index[r.id] else { return }
                s.rows[i].state = r.status == .ran ? "done" : r.status.rawValue
                s.rows[i].seconds = r.seconds
                s.rows[i].note = r.error
                if !interactive {
                    var text = "\(r.id): \(s.rows[i].state) (\(String(format: "%.2f", r.seconds)) s)"
                    if let e = r.error { text += ": \(e)" }
                    line(text)
                }
            }
            if interactive && ContinuousClock.now - s.lastDraw > .milliseconds(50) { draw(&s) }
        }
    }

    func finish(_ report: RenderReport) {
        ticker.withLock { $0?.cancel() }
        if quiet { return }
        state.withLock { s in
            if interactive { draw(&s) }
            let ran = report.stages.filter { $0.status == .ran }.count
            let cached = report.stages.filter { $0.status == .cached }.count
            let failed = report.stages.filter { $0.status == .failed }.count
            let skipped = report.stages.filter { $0.status == .skipped }.count
            var text = "\(report.succeeded ? "rendered" : "FAILED") \(report.manifest) in \(String(format: "%.2f", report.seconds)) s: \(ran) ran, \(cached) cached"
            let warned = report.stages.filter { !($0.warnings ?? []).isEmpty }
            if failed > 0 { text += ", \(failed) failed" }
            if skipped > 0 { text += ", \(skipped) skipped" }
            if !warned.isEmpty { text += ", \(warned.count) with warnings" }
            line(text)
            for r in warned { for w in r.warnings ?? [] { line("warning: \(r.id): \(w)") } }
            for r in report.stages where r.status == .failed { line("error: \(r.id): \(r.error ?? "failed")") }
        }
    }

    private func startTicker() {
        let task = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(200))
                guard let self else { return }
                self.state.withLock { self.draw(&$0) }
            }
        }
        ticker.withLock { $0 = task }
    }

    private func line(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    private func draw(_ s: inout State) {
        s.lastDraw = .now
        var out = ""
        if s.linesDrawn > 0 { out += "\u{1B}[\(s.linesDrawn)F" }
        let width = min(32, s.rows.map(\.id.count).max() ?? 0)
        // Long foreach lists: show what is running or failed, and a count of the rest.
        var rows = s.rows
        var hidden = 0
        if rows.count > 24 {
            let busy = rows.filter { $0.state == "running" || $0.state == "failed" }
            hidden = rows.count - busy.count
            rows = busy
        }
        var lines: [String] = []
        for r in rows {
            let name = r.id.count > width ? String(r.id.prefix(width)) : r.id.padding(toLength: width, withPad: " ", startingAt: 0)
            var status: String
            switch r.state {
            case "running":
                let pct = Int(((r.percent ?? 0) * 100).rounded())
                let elapsed = r.started.map { ContinuousClock.now - $0 } ?? .zero
                status = "running \(String(format: "%3d", pct))%  \(Self.bar(r.percent ?? 0))  \(Self.seconds(elapsed))"
            case "done": status = "done     \(String(format: "%.2f s", r.seconds ?? 0))"
            case "cached": status = "cached"
            case "failed": status = "FAILED   \(r.note ?? "")"
            case "skipped": status = "skipped"
            default: status = "waiting"
            }
            lines.append("  \(name)  \(r.kind.padding(toLength: 9, withPad: " ", startingAt: 0))  \(status)")
        }
        if hidden > 0 {
            let done = s.rows.filter { $0.state == "done" || $0.state == "cached" }.count
            lines.append("  … \(hidden) more stages (\(done)/\(s.rows.count) finished)")
        }
        lines.append("  elapsed \(Self.seconds(ContinuousClock.now - begin))")
        for l in lines { out += "\u{1B}[2K" + l + "\n" }
        // Clear lines left over from a longer previous frame.
        if s.linesDrawn > lines.count { for _ in lines.count..<s.linesDrawn { out += "\u{1B}[2K\n" } ; out += "\u{1B}[\(s.linesDrawn - lines.count)F" }
        s.linesDrawn = lines.count
        FileHandle.standardError.write(Data(out.utf8))
    }

    private static func bar(_ p: Double) -> String {
        let n = Int((max(0, min(1, p)) * 20).rounded())
        return "[" + String(repeating: "#", count: n) + String(repeating: ".", count: 20 - n) + "]"
    }

    private static func seconds(_ d: Duration) -> String {
        String(format: "%.1f s", Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
    }
}

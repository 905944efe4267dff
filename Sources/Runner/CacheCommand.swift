// `intellimix cache du|ls|gc`: inspect and collect the stage cache.
import ArgumentParser
import Foundation
import Pipeline

struct CacheCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache", abstract: "Inspect or collect the stage cache.", subcommands: [Du.self, Ls.self, GC.self])

    struct Du: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "du", abstract: "Show the cache's size.")
        @OptionGroup var cache: CacheOptions

        func run() async throws {
            let c = try cache.open()
            let blobs = c.blobs.list()
            let actions = c.listActions()
            let bytes = blobs.reduce(Int64(0)) { $0 + $1.size }
            print("\(c.root)")
            print("\(ByteFormat.string(bytes)) in \(blobs.count) blobs, \(actions.count) cache entries")
        }
    }

    struct Ls: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ls", abstract: "List cache entries, most recently used first.")
        @OptionGroup var cache: CacheOptions

        func run() async throws {
            let c = try cache.open()
            let sizes = Dictionary(c.blobs.list().map { ($0.digest, $0.size) }, uniquingKeysWith: { a, _ in a })
            let formatter = ISO8601DateFormatter()
            for a in c.listActions().sorted(by: { $0.lastUsed > $1.lastUsed }) {
                let bytes = a.entry.outputs.values.reduce(Int64(0)) { $0 + (sizes[$1.digest] ?? 0) }
                print("\(a.entry.key.short)  \(a.entry.kind.padding(toLength: 10, withPad: " ", startingAt: 0))  \(ByteFormat.string(bytes).padding(toLength: 10, withPad: " ", startingAt: 0))  \(formatter.string(from: a.lastUsed))  \(a.entry.stageId)")
            }
        }
    }

    struct GC: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "gc",
            abstract: "Delete unreferenced blobs, then least recently used entries until under --max-size; what the latest render of each manifest uses is kept.")
        @OptionGroup var cache: CacheOptions

        @Option(help: "Size limit, such as 500M or 2G.")
        var maxSize: String?

        @Flag(help: "List what would be deleted without deleting.")
        var dryRun = false

        func run() async throws {
            var limit: Int64?
            if let maxSize {
                guard let v = ByteFormat.parse(maxSize) else { throw ValidationError("--max-size expects a size such as 500M or 2G, got '\(maxSize)'") }
                limit = v
            }
            let c = try cache.open()
            let lock = try c.lock(exclusive: true)
            defer { _ = lock }
            let collector = CacheCollector(cache: c)
            let plan = collector.plan(maxSize: limit)
            for a in plan.actions { print("\(dryRun ? "would delete" : "delete") entry \(a.key.short) (\(a.kind) \(a.stageId))") }
            for b in plan.blobs { print("\(dryRun ? "would delete" : "delete") blob \(b.digest.short) (\(ByteFormat.string(b.size)))") }
            if !dryRun { collector.apply(plan) }
            print("\(ByteFormat.string(plan.bytesBefore)) -> \(ByteFormat.string(plan.bytesAfter))\(dryRun ? " (dry run)" : ""); latest renders use \(ByteFormat.string(plan.protectedBytes))")
            if let limit, plan.bytesAfter > limit {
                print("note: still above \(ByteFormat.string(limit)) because the latest renders use that much")
            }
        }
    }
}

/// Byte sizes for people.
enum ByteFormat {
    static func string(_ bytes: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var v = Double(bytes), i = 0
        while v >= 1024 && i < units.count - 1 { v /= 1024; i += 1 }
        return i == 0 ? "\(bytes) B" : String(format: "%.1f %@", v, units[i])
    }

    static func parse(_ text: String) -> Int64? {
        var t = text.trimmingCharacters(in: .whitespaces).uppercased()
        if t.hasSuffix("IB") { t.removeLast(2) } else if t.hasSuffix("B") { t.removeLast() }
        let scale: [Character: Int64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        var factor: Int64 = 1
        if let last = t.last, let s = scale[last] { factor = s; t.removeLast() }
        guard let v = Double(t), v >= 0 else { return nil }
        return Int64(v * Double(factor))
    }
}

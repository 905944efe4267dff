// The bookkeeping of a read shared by concurrent callers, where each caller must get a value read *after* it asked
// (so a revocation committed before a request arrived is always seen). Pure state: no clock, no I/O, no locks.
//
// A caller arriving while no read runs starts one. A caller arriving while a read runs waits for the next read, which
// starts as soon as the running one ends and serves everyone who arrived during it. Under load that is one read per
// read's duration, however many requests arrive.

/// Waiters of a coalesced read, and whether a read is running.
struct CoalescedReadState<Waiter> {
    private var reading = false
    private var waiting: [Waiter] = []

    /// Creates the state of an idle read.
    init() {}

    /// Registers a waiter; true when no read is running, so the caller must start the read loop.
    mutating func arrive(_ waiter: Waiter) -> Bool {
        waiting.append(waiter)
        guard !reading else { return false }
        reading = true
        return true
    }

    /// The waiters the read about to start serves (everyone who arrived before it starts), or nil when nobody waits:
    /// the loop then stops, and the next arrival starts it again.
    mutating func nextBatch() -> [Waiter]? {
        guard !waiting.isEmpty else {
            reading = false
            return nil
        }
        defer { waiting = [] }
        return waiting
    }

    /// Whether a read loop is running.
    var isReading: Bool { reading }
}

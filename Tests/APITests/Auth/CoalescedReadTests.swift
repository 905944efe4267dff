// The coalesced epoch read: callers share reads, and every caller gets a value from a read that started after it asked.
import Foundation
import Synchronization
import Testing
@testable import API

@Suite("Coalesced read")
struct CoalescedReadTests {
    @Test("state: the first arrival starts the loop; later arrivals wait for the next read, not the running one")
    func state() {
        var s = CoalescedReadState<Int>()
        #expect(s.arrive(1) == true)
        #expect(s.nextBatch() == [1])
        // While read 1 runs, 2 and 3 arrive: they must not be served by it.
        #expect(s.arrive(2) == false)
        #expect(s.arrive(3) == false)
        #expect(s.isReading)
        #expect(s.nextBatch() == [2, 3])
        #expect(s.nextBatch() == nil)
        #expect(!s.isReading)
        #expect(s.arrive(4) == true)
    }

    @Test("a caller arriving during a read gets the value of a later read; concurrent callers share reads")
    func driver() async throws {
        let counter = Atomic<Int64>(0)
        let gate = Mutex<[CheckedContinuation<Void, Never>]>([])
        // Each read takes the value as it stands when it starts, then waits until the test opens the gate.
        let read = CoalescedRead<Int64> {
            let value = counter.load(ordering: .sequentiallyConsistent)
            await withCheckedContinuation { c in gate.withLock { $0.append(c) } }
            return value
        }
        func open() async {
            while true {
                let waiting = gate.withLock { g -> [CheckedContinuation<Void, Never>] in defer { g = [] }; return g }
                if !waiting.isEmpty { waiting.forEach { $0.resume() }; return }
                try? await Task.sleep(for: .milliseconds(1))
            }
        }
        async let first = read.value()
        // Wait until read 1 is running, then change the value and ask again: the answer must be the new value.
        while gate.withLock({ $0.isEmpty }) { try await Task.sleep(for: .milliseconds(1)) }
        counter.store(1, ordering: .sequentiallyConsistent)
        async let second = read.value()
        async let third = read.value()
        try await Task.sleep(for: .milliseconds(20))
        await open()
        #expect(try await first == 0)
        await open()
        #expect(try await second == 1)
        #expect(try await third == 1)
        #expect(read.reads == 2)
    }

    @Test("a failing read fails its waiters, and the next caller reads again")
    func failure() async throws {
        struct Down: Error {}
        let fail = Atomic<Bool>(true)
        let read = CoalescedRead<Int64> {
            if fail.load(ordering: .sequentiallyConsistent) { throw Down() }
            return 7
        }
        await #expect(throws: Down.self) { _ = try await read.value() }
        fail.store(false, ordering: .sequentiallyConsistent)
        #expect(try await read.value() == 7)
    }
}

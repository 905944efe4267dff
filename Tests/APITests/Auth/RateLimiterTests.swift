// RateLimiter: N attempts per window, then a retry delay; reset after the window; bounded memory; thread safety.
// Time is passed in explicitly.
import Foundation
import Testing
@testable import API

@Suite("RateLimiter")
struct RateLimiterTests {
    let start = Date(timeIntervalSince1970: 1_750_000_000)

    @Test("allows N per window, then answers the seconds left, then resets")
    func window() {
        let limiter = RateLimiter()
        for _ in 0..<5 {
            #expect(limiter.check("login:ip:1.2.3.4", limit: 5, window: .seconds(60), now: start) == nil)
        }
        #expect(limiter.check("login:ip:1.2.3.4", limit: 5, window: .seconds(60), now: start) == 60)
        #expect(limiter.check("login:ip:1.2.3.4", limit: 5, window: .seconds(60), now: start.addingTimeInterval(30.5)) == 30)
        #expect(limiter.check("login:ip:1.2.3.4", limit: 5, window: .seconds(60), now: start.addingTimeInterval(59.9)) == 1)
        // Other keys are independent.
        #expect(limiter.check("login:email:x@y.z", limit: 5, window: .seconds(60), now: start) == nil)
        // A new window.
        #expect(limiter.check("login:ip:1.2.3.4", limit: 5, window: .seconds(60), now: start.addingTimeInterval(60)) == nil)
    }

    @Test("reset forgets a key")
    func reset() {
        let limiter = RateLimiter()
        #expect(limiter.check("k", limit: 1, window: .seconds(10), now: start) == nil)
        #expect(limiter.check("k", limit: 1, window: .seconds(10), now: start) == 10)
        limiter.reset("k")
        #expect(limiter.check("k", limit: 1, window: .seconds(10), now: start) == nil)
    }

    @Test("memory stays bounded under many distinct keys")
    func bounded() {
        let limiter = RateLimiter(maxEntries: 100)
        for i in 0..<10_000 {
            _ = limiter.check("ip:\(i)", limit: 3, window: .seconds(60), now: start.addingTimeInterval(Double(i) / 1000))
            #expect(limiter.count <= 100)
        }
        // Lapsed windows are swept first.
        _ = limiter.check("late", limit: 3, window: .seconds(1), now: start.addingTimeInterval(1000))
        for i in 0..<100 { _ = limiter.check("later:\(i)", limit: 3, window: .seconds(1), now: start.addingTimeInterval(1000)) }
        #expect(limiter.count <= 100)
    }

    @Test("concurrent checks of one key admit exactly the limit")
    func concurrent() async {
        let limiter = RateLimiter()
        let now = start
        let admitted = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<200 {
                group.addTask { limiter.check("shared", limit: 50, window: .seconds(60), now: now) == nil }
            }
            var count = 0
            for await ok in group where ok { count += 1 }
            return count
        }
        #expect(admitted == 50)
    }
}

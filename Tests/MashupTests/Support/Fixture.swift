// Fixture: loads test fixture files bundled with the test target (Fixtures/, copied as a resource).
// Knows nothing about what the fixtures contain.

import Foundation
import Testing

/// Access to `Fixtures/` files.
enum Fixture {
    /// The text of `Fixtures/<name>`; records a test issue and returns "" when it is missing.
    static func text(_ name: String) -> String {
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        guard let url = Bundle.module.url(forResource: parts[0], withExtension: parts.count > 1 ? parts[1] : nil, subdirectory: "Fixtures"),
              let text = try? String(contentsOf: url, encoding: .utf8)
        else {
            Issue.record("missing fixture \(name)")
            return ""
        }
        return text
    }
}

/// A small deterministic random generator for fuzz-style tests.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        var x = state
        x ^= x >> 33
        x = x &* 0xff51afd7ed558ccd
        x ^= x >> 33
        return x
    }
}

// Tests for NumberText and the validation messages that print numbers for people.
// Loads manifests from strings; renders nothing.
import Foundation
import Testing
@testable import Pipeline
import Stages

@Suite("Numbers in messages")
struct NumberTextTests {
    @Test("numbers are rounded for people", arguments: [
        (6.359999999999999, "6.36"), (3.0, "3"), (-0.0, "0"), (0.004, "0.004"), (0.30000000000000004, "0.3"),
        (1234.5678, "1234.57"), (-2.5, "-2.5"), (0.000123456, "0.00012"),
    ])
    func rounded(_ pair: (Double, String)) {
        #expect(NumberText.number(pair.0) == pair.1)
        #expect(NumberText.seconds(pair.0) == pair.1 + " s")
    }

    @Test("a number next to a bound gets enough decimals to differ from it")
    func apart() {
        #expect(NumberText.number(5.0001, apartFrom: 5) == "5.0001")
        #expect(NumberText.number(5, apartFrom: 5.0001) == "5")
        #expect(NumberText.seconds(6.36, apartFrom: 6.359) == "6.36 s")
        #expect(NumberText.seconds(6.359, apartFrom: 6.36) == "6.359 s")
    }

    func errors(_ yaml: String) -> String {
        do {
            _ = try ManifestLoader(registry: StageCatalog.standard()).load(yaml: yaml, file: "m.yaml", directory: "/tmp")
            return ""
        } catch {
            return error.description
        }
    }

    @Test("a crossfade longer than a computed segment length prints rounded seconds")
    func crossfadeMessage() {
        let e = errors("""
        version: 1
        stages:
          - id: song
            kind: source
            path: song.wav
          - id: a
            kind: cut
            input: song
            start: 1.1
            end: 7.46
          - id: mix
            kind: crossfade
            inputs: [a, a]
            duration: 7
        """)
        #expect(e.contains("transition 1 lasts 7 s, longer than segment 1 (6.36 s)"), "\(e)")
        #expect(!e.contains("6.3599"))
    }

    @Test("range errors print rounded numbers that still differ from the bound")
    func rangeMessage() {
        let e = errors("""
        version: 1
        stages:
          - id: song
            kind: source
            path: song.wav
          - id: loud
            kind: loudness
            input: song
            target: -4.9999
        """)
        #expect(e.contains("must be at most -5 (got -4.9999)"), "\(e)")
    }
}

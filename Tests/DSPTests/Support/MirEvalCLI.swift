// MirEvalCLI: runs Debian's /usr/bin/python3 with mir_eval to compute reference beat F-measures and key scores.
// Knows nothing about our metric code; tests fail (not skip) when python3 or mir_eval is missing.

import Foundation

enum MirEvalCLI {
    /// Debian's interpreter (the `python3` on PATH may be a pyenv one without mir_eval).
    static let python = "/usr/bin/python3"

    /// One beat-list pair and the settings to score it with.
    struct BeatCase: Codable {
        var reference: [Double]
        var estimated: [Double]
        var window: Double
        var trim: Double
    }

    /// One key pair, as mir_eval key strings (`Eb major`).
    struct KeyCase: Codable {
        var reference: String
        var estimated: String
    }

    struct Input: Codable {
        var beats: [BeatCase]
        var keys: [KeyCase]
    }

    struct Output: Codable {
        var beats: [Double]
        var keys: [Double]
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// `trim_beats` then `beat.f_measure` per beat case, `key.weighted_score` per key case.
    static let script = """
    import json, sys, warnings
    import numpy as np
    import mir_eval
    warnings.simplefilter('ignore')
    data = json.load(open(sys.argv[1]))
    beats = []
    for c in data['beats']:
        ref = mir_eval.beat.trim_beats(np.array(c['reference'], dtype=float), c['trim'])
        est = mir_eval.beat.trim_beats(np.array(c['estimated'], dtype=float), c['trim'])
        beats.append(float(mir_eval.beat.f_measure(ref, est, c['window'])))
    keys = [float(mir_eval.key.weighted_score(k['reference'], k['estimated'])) for k in data['keys']]
    json.dump({'beats': beats, 'keys': keys}, open(sys.argv[2], 'w'))
    """

    /// Scores every case with mir_eval; throws when the interpreter or mir_eval fails.
    static func score(_ input: Input, in directory: TemporaryDirectory) throws -> Output {
        let inPath = directory.file("cases.json"), outPath = directory.file("scores.json")
        try JSONEncoder().encode(input).write(to: URL(fileURLWithPath: inPath))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script, inPath, outPath]
        let errPipe = Pipe()
        process.standardError = errPipe
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch { throw Failure(description: "cannot run \(python): \(error) (scripts/test installs python3-mir-eval)") }
        let stderr = String(decoding: errPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(python) with mir_eval exited \(process.terminationStatus): \(stderr)")
        }
        return try JSONDecoder().decode(Output.self, from: Data(contentsOf: URL(fileURLWithPath: outPath)))
    }
}

// Turns MediaIO and DSP errors into stage failures with stable codes and messages that name the
// stage and the file. Knows nothing of the runner.
import DSP
import MediaIO
import Foundation
import Pipeline

enum FailureMapping {
    /// Maps an error thrown while a stage worked on `file` to a StageFailure.
    /// Blob paths in messages are replaced by `readable` names (stage ids or source files).
    static func failure(_ error: Error, stage: String, file: String?, readable: [String: String] = [:]) -> StageFailure {
        if let f = error as? StageFailure { return f }
        let subject = file.map { "stage \(stage) (\($0))" } ?? "stage \(stage)"
        func clean(_ text: String) -> String {
            readable.reduce(text) { $0.replacingOccurrences(of: "'\($1.key)'", with: "the input").replacingOccurrences(of: $1.key, with: $1.value) }
        }
        if let m = error as? MediaError {
            let code: StageFailure.Code
            switch m.code {
            case .encodeFailed, .unsupportedFormat: code = .encodeFailed
            case .truncated: code = .invalidSettings
            default: code = .badAudio
            }
            return StageFailure(code: code, message: "\(subject): \(clean(m.message))")
        }
        if let d = error as? DSPError {
            return StageFailure(code: .badAudio, message: "\(subject): \(clean(d.message))")
        }
        return StageFailure(code: .internal, message: "\(subject): \(clean("\(error)"))")
    }
}

// Turns MediaIO and DSP errors into stage failures with stable codes and messages that name the
// stage and the file. Knows nothing of the runner.
import DSP
import MediaIO
import Pipeline

enum FailureMapping {
    /// Maps an error thrown while a stage worked on `file` to a StageFailure.
    static func failure(_ error: Error, stage: String, file: String?) -> StageFailure {
        if let f = error as? StageFailure { return f }
        let subject = file.map { "stage \(stage) (\($0))" } ?? "stage \(stage)"
        if let m = error as? MediaError {
            let code: StageFailure.Code
            switch m.code {
            case .encodeFailed, .unsupportedFormat: code = .encodeFailed
            case .truncated: code = .invalidSettings
            default: code = .badAudio
            }
            return StageFailure(code: code, message: "\(subject): \(m.message)")
        }
        if let d = error as? DSPError {
            return StageFailure(code: .badAudio, message: "\(subject): \(d.message)")
        }
        return StageFailure(code: .internal, message: "\(subject): \(error)")
    }
}

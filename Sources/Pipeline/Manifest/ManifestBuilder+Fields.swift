// Type checking and normalisation of setting values, and the stage kinds' cross-field checks.
// Part of the validation pass; performs no I/O.
import Foundation

extension ManifestBuilder {
    /// Checks a value against its field type and returns it normalised (times in seconds, bit rates in bit/s).
    func normalize(_ field: FieldSpec, _ located: Located, path: String) -> Value? {
        let v = located.value
        let at = located.location
        func fail(_ message: String) -> Value? {
            report(at, path, message)
            return nil
        }
        func shown(_ v: Value) -> String { v.typeName == "string" ? "'\(v)'" : "\(v.typeName) \(v.canonical)" }
        switch field.type {
        case .number(let min, let max, let exclusiveMin):
            guard let n = v.number, n.isFinite else { return fail("expected a number, got \(shown(v))") }
            if let min {
                if exclusiveMin && n <= min { return fail("must be greater than \(NumberText.number(min)) (got \(NumberText.number(n, apartFrom: min)))") }
                if !exclusiveMin && n < min { return fail("must be at least \(NumberText.number(min)) (got \(NumberText.number(n, apartFrom: min)))") }
            }
            if let max, n > max { return fail("must be at most \(NumberText.number(max)) (got \(NumberText.number(n, apartFrom: max)))") }
            return .double(n)
        case .integer(let min, let max):
            guard case .int(let n) = v else { return fail("expected an integer, got \(shown(v))") }
            if let min, n < min { return fail("must be at least \(min) (got \(n))") }
            if let max, n > max { return fail("must be at most \(max) (got \(n))") }
            return .int(n)
        case .string:
            switch v {
            case .string(let s):
                guard s.utf8.count <= 4096 else { return fail("must be at most 4096 bytes") }
                return .string(s)
            case .int, .double, .bool: return .string(v.description)
            default: return fail("expected a string, got \(v.typeName)")
            }
        case .choice(let allowed):
            guard case .string(let s) = v else { return fail("expected one of \(allowed.joined(separator: ", ")), got \(shown(v))") }
            guard allowed.contains(s) else {
                return fail("'\(s)' is not an allowed value\(Suggestion.hint(for: s, in: allowed)); allowed values: \(allowed.joined(separator: ", "))")
            }
            return .string(s)
        case .numbers(let min, let max):
            guard case .array(let list) = v else { return fail("expected a list of numbers, got \(shown(v))") }
            var out: [Value] = []
            for (i, element) in list.enumerated() {
                let elementAt = i < located.elementLocations.count ? located.elementLocations[i] : at
                guard let n = element.number, n.isFinite else {
                    report(elementAt, "\(path)[\(i)]", "expected a number, got \(shown(element))")
                    continue
                }
                if let min, n < min { report(elementAt, "\(path)[\(i)]", "must be at least \(NumberText.number(min)) (got \(NumberText.number(n, apartFrom: min)))") }
                if let max, n > max { report(elementAt, "\(path)[\(i)]", "must be at most \(NumberText.number(max)) (got \(NumberText.number(n, apartFrom: max)))") }
                out.append(.double(n))
            }
            return out.count == list.count ? .array(out) : nil
        case .bool:
            guard case .bool(let b) = v else { return fail("expected true or false, got \(shown(v))") }
            return .bool(b)
        case .time:
            if let n = v.number, n < 0 { return fail("must not be negative (got \(NumberText.number(n, apartFrom: 0)))") }
            guard let s = TimeValue.seconds(from: v) else {
                return fail("expected a time in seconds or as SS, MM:SS or HH:MM:SS (with optional fraction), got \(shown(v))")
            }
            guard s <= 86_400 else { return fail("must be at most 24 hours (got \(NumberText.seconds(s)))") }
            return .double(s)
        case .bitrate:
            guard let b = TimeValue.bitrate(from: v) else { return fail("expected a bit rate such as 192k or 192000, got \(shown(v))") }
            guard (8_000...1_536_000).contains(b) else { return fail("must be between 8k and 1536k (got \(b) bit/s)") }
            return .int(b)
        case .map:
            guard case .object(let o) = v else { return fail("expected a mapping, got \(v.typeName)") }
            var out: [String: Value] = [:]
            for (k, value) in o {
                switch value {
                case .string, .int, .double, .bool: out[k] = .string(value.description)
                default: report(at, "\(path).\(k)", "expected a scalar value, got \(value.typeName)")
                }
            }
            return .object(out)
        case .reference, .references:
            return nil
        }
    }

    /// Runs each stage kind's cross-field checks with whatever input durations are known before running.
    func staticChecks(_ graph: StageGraph) {
        var durations: [String: Double] = [:]
        // A field with a problem already reported (a failed substitution, say) gets no second, cross-field complaint.
        let flagged = Set(issues.compactMap { issue -> String? in
            guard issue.field.hasPrefix("stages.") else { return nil }
            let rest = issue.field.dropFirst(7)
            let declaration = rest.prefix { $0 != "." && $0 != "[" }
            guard let dot = rest.firstIndex(of: ".") else { return nil }
            return "\(declaration).\(rest[rest.index(after: dot)...])"
        })
        for stage in graph.stages {
            guard let spec = registry.spec(stage.kind) else { continue }
            var inputDurations: [String: [Double?]] = [:]
            for b in stage.inputs.sorted(by: { ($0.field, $0.position) < ($1.field, $1.position) }) {
                inputDurations[b.field, default: []].append(durations[b.stage])
            }
            let context = StaticCheckContext(settings: stage.settings, inputDurations: inputDurations)
            for problem in spec.check(context) where !flagged.contains("\(stage.declarationId).\(problem.field)") {
                report(stage.settingLocations[problem.field] ?? stage.location, "stages.\(stage.id).\(problem.field)", problem.message)
            }
            if let d = spec.staticDuration(context) { durations[stage.id] = d }
        }
    }
}

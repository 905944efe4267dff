import Foundation
import Testing
@testable import Pipeline
import Stages

@Suite("Manifest validation")
struct ValidationTests {
    let loader = ManifestLoader(registry: StageCatalog.standard())

    func errors(_ url: URL, overrides: [String: String] = [:]) -> String? {
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        do {
            _ = try ManifestLoader(registry: StageCatalog.standard(), overrides: overrides)
                .load(yaml: text, file: url.lastPathComponent, directory: url.deletingLastPathComponent().path)
            return nil
        } catch {
            return error.description
        }
    }

    /// Each fixture has a `.expected` file with the exact errors: file:line:column, field and message.
    @Test("every invalid fixture reports exactly its expected errors", arguments: Fixtures.invalid)
    func fixture(_ url: URL) throws {
        let expected = try String(contentsOf: url.deletingPathExtension().appendingPathExtension("expected"), encoding: .utf8)
        let actual = errors(url)
        #expect(actual != nil, "\(url.lastPathComponent) must be rejected")
        #expect((actual ?? "") + "\n" == expected)
    }

    @Test("every example manifest is valid", arguments: Fixtures.examples)
    func example(_ url: URL) {
        #expect(errors(url) == nil)
    }

    @Test("--set overrides params with typed values; unknown params are errors")
    func overrides() throws {
        let url = Fixtures.repo.appendingPathComponent("manifests/two-song-crossfade.yaml")
        let m = try loader.load(path: url.path)
        #expect(m.graph["mix"]?.settings["duration"] == .double(3))
        let changed = try ManifestLoader(registry: StageCatalog.standard(), overrides: ["crossfade": "4.5"]).load(path: url.path)
        #expect(changed.graph["mix"]?.settings["duration"] == .double(4.5))
        let e = errors(url, overrides: ["crossfad": "4"])
        #expect(e?.contains("params.crossfad: --set crossfad: no such param in the manifest (did you mean 'crossfade'?)") == true)
    }

    @Test("foreach expands into one instance per item, each keyed on its own settings")
    func foreach() throws {
        let url = Fixtures.repo.appendingPathComponent("manifests/clip-mix.yaml")
        let m = try loader.load(path: url.path)
        let clips = m.graph.stages.filter { $0.declarationId == "clip" }
        #expect(clips.map(\.id) == ["clip[0]", "clip[1]", "clip[2]", "clip[3]"])
        #expect(clips.map { $0.inputs.first?.stage } == ["clip_file[0]", "clip_file[1]", "clip_file[2]", "clip_file[3]"])
        #expect(clips[1].settings["start"] == .double(60))
        #expect(clips[2].settings["end"] == .double(30.5))
        #expect(m.graph["merged"]?.inputs.map(\.stage) == clips.map(\.id))
    }

    @Test("times parse in every accepted form", arguments: [
        ("90", 90.0), ("1:30", 90), ("01:02:03.5", 3723.5), ("0:05.25", 5.25), ("2.5", 2.5),
    ])
    func times(_ text: String, _ seconds: Double) {
        #expect(TimeValue.seconds(from: text) == seconds)
    }

    @Test("malformed times are rejected", arguments: ["1:75", "a", "1:2:3:4", "", "-3", "1::2"])
    func badTimes(_ text: String) {
        #expect(TimeValue.seconds(from: text) == nil)
    }
}

@Suite("JSON Schema")
struct SchemaTests {
    /// Fixtures whose problems a JSON Schema can express; the others (references, cycles, params) only the validator sees.
    static let schemaRejects: Set<String> = ["yaml-syntax.yaml", "unknown-keys.yaml", "unknown-kind.yaml", "wrong-types.yaml", "out-of-range.yaml", "missing-and-dangling.yaml"]

    @Test("the committed schema is the one generated from the stage declarations")
    func committedSchemaIsCurrent() throws {
        let committed = try String(contentsOf: Fixtures.repo.appendingPathComponent("schema/manifest.schema.json"), encoding: .utf8)
        #expect(committed == ManifestSchema.json(registry: StageCatalog.standard()),
                "schema/manifest.schema.json is stale: run `intellimix schema > schema/manifest.schema.json`")
    }

    @Test("the schema and the validator agree on every example and fixture")
    func agreement() throws {
        let python = try SchemaValidator.python()
        let schema = Fixtures.repo.appendingPathComponent("schema/manifest.schema.json").path
        for url in Fixtures.examples {
            #expect(try SchemaValidator.accepts(url.path, schema: schema, python: python), "\(url.lastPathComponent) must pass the schema")
        }
        for url in Fixtures.invalid {
            let accepted = try SchemaValidator.accepts(url.path, schema: schema, python: python)
            #expect(accepted == !Self.schemaRejects.contains(url.lastPathComponent),
                    "\(url.lastPathComponent): schema \(accepted ? "accepts" : "rejects") it")
        }
    }
}

/// Runs a real JSON Schema validator (python-jsonschema) over YAML files.
enum SchemaValidator {
    static let script = """
    import json, sys, yaml, jsonschema
    schema = json.load(open(sys.argv[1]))
    try:
        doc = yaml.safe_load(open(sys.argv[2]))
    except yaml.YAMLError as e:
        print("yaml:", e); sys.exit(1)
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(doc))
    for e in errors: print(list(e.path), e.message)
    sys.exit(1 if errors else 0)
    """

    /// A Python with jsonschema and PyYAML (scripts/test installs Debian's python3-jsonschema and python3-yaml).
    static func python() throws -> String {
        for candidate in ["/usr/bin/python3", "python3"] {
            if (try? run([candidate, "-c", "import jsonschema, yaml"])) == 0 { return candidate }
        }
        throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "no python3 with jsonschema and yaml; run scripts/test"])
    }

    static func accepts(_ path: String, schema: String, python: String) throws -> Bool {
        try run([python, "-c", script, schema, path]) == 0
    }

    @discardableResult
    static func run(_ args: [String]) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }
}

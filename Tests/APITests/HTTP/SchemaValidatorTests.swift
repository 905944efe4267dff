// The schema validator the OpenAPI tests rely on: each supported keyword accepts what it should
// and rejects what it should, so a passing OpenAPI test means something.
import Foundation
import Testing

@Suite("Schema validator")
struct SchemaValidatorTests {
    static let document = JSON.object([
        "components": .object(["schemas": .object([
            "Item": .object([
                "type": .string("object"),
                "required": .array([.string("id"), .string("kind")]),
                "additionalProperties": .bool(false),
                "properties": .object([
                    "id": .object(["type": .string("string"), "format": .string("uuid")]),
                    "kind": .object(["type": .string("string"), "enum": .array([.string("a"), .string("b")])]),
                    "count": .object(["type": .string("integer"), "minimum": .number(0)]),
                    "note": .object(["type": .array([.string("string"), .string("null")])]),
                    "at": .object(["type": .string("string"), "format": .string("date-time")]),
                    "tags": .object(["type": .string("array"), "items": .object(["type": .string("string")])]),
                    "any": .object(["description": .string("anything")]),
                ]),
            ]),
        ])]),
    ])

    func errors(_ text: String, _ schema: JSON = .object(["$ref": .string("#/components/schemas/Item")])) throws -> [String] {
        SchemaValidator(document: Self.document).errors(try JSON(data: Data(text.utf8)), schema)
    }

    static let id = "0f8fad5b-d9cb-469f-a165-70867728950e"

    @Test func acceptsConformingValues() throws {
        #expect(try errors(#"{"id": "\#(Self.id)", "kind": "a"}"#) == [])
        #expect(try errors(#"{"id": "\#(Self.id)", "kind": "b", "count": 3, "note": null, "at": "2025-06-15T12:00:00.123Z", "tags": ["x"], "any": [1, {"y": null}]}"#) == [])
        #expect(try errors(#"{"id": "\#(Self.id)", "kind": "b", "note": "text"}"#) == [])
    }

    @Test(arguments: [
        #"{"kind": "a"}"#,                                              // required
        #"{"id": "\#(SchemaValidatorTests.id)", "kind": "c"}"#,        // enum
        #"{"id": "\#(SchemaValidatorTests.id)", "kind": "a", "extra": 1}"#, // additionalProperties: false
        #"{"id": "\#(SchemaValidatorTests.id)", "kind": "a", "count": 1.5}"#, // integer
        #"{"id": "\#(SchemaValidatorTests.id)", "kind": "a", "count": -1}"#,  // minimum
        #"{"id": "\#(SchemaValidatorTests.id)", "kind": "a", "note": 3}"#,    // type array
        #"{"id": "\#(SchemaValidatorTests.id)", "kind": "a", "tags": [1]}"#,  // items
        #"{"id": "not-a-uuid", "kind": "a"}"#,                           // format uuid
        #"{"id": "\#(SchemaValidatorTests.id)", "kind": "a", "at": "yesterday"}"#, // format date-time
        #"[]"#,                                                          // type
    ])
    func rejectsNonConformingValues(_ text: String) throws {
        #expect(try !errors(text).isEmpty)
    }

    @Test func oneOfNeedsExactlyOneMatch() throws {
        let nullable = JSON.object(["oneOf": .array([.object(["$ref": .string("#/components/schemas/Item")]), .object(["type": .string("null")])])])
        #expect(try errors("null", nullable) == [])
        #expect(try errors(#"{"id": "\#(Self.id)", "kind": "a"}"#, nullable) == [])
        #expect(try !errors(#"{"kind": "a"}"#, nullable).isEmpty)
    }

    @Test func reportsUnresolvableReferencesAndUnsupportedKeywords() throws {
        #expect(try !errors("{}", .object(["$ref": .string("#/components/schemas/Missing")])).isEmpty)
        #expect(try !errors(#""x""#, .object(["pattern": .string("^y$")])).isEmpty)
    }
}

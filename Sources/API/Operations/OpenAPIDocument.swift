// The OpenAPI 3.1 document served at /api/v1/openapi.yaml: the file Sources/API/Resources/openapi.yaml (a
// SwiftPM resource of this target), served byte for byte; `OpenAPIDocumentTests` checks it against the routes.
import Foundation

/// The API description.
public enum OpenAPIDocument {
    /// The document, as YAML: the text of `openapi.yaml`, read once from the target's resource bundle.
    public static let yaml: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
              let text = try? String(contentsOf: url, encoding: .utf8)
        else { fatalError("openapi.yaml is missing from the API target's resources") }
        return text
    }()
}

// MultipartFormData: builds a multipart/form-data body (RFC 7578) from text fields and one file.
// Pure data; knows nothing about the service receiving it.
import Foundation

/// A multipart/form-data body under construction.
public struct MultipartFormData: Sendable {
    /// The boundary between parts (random by default).
    public let boundary: String
    private var body = Data()

    /// Creates an empty body.
    public init(boundary: String = "IntelliMix-" + UUID().uuidString) {
        self.boundary = boundary
    }

    /// The Content-Type header value, with the boundary.
    public var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    /// Adds a text field.
    public mutating func add(name: String, value: String) {
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(Self.quoted(name))\"\r\n\r\n".utf8))
        body.append(Data(value.utf8))
        body.append(Data("\r\n".utf8))
    }

    /// Adds a file part.
    public mutating func add(name: String, filename: String, contentType: String, data: Data) {
        body.append(Data("--\(boundary)\r\n".utf8))
        body.append(Data("Content-Disposition: form-data; name=\"\(Self.quoted(name))\"; filename=\"\(Self.quoted(filename))\"\r\n".utf8))
        body.append(Data("Content-Type: \(contentType)\r\n\r\n".utf8))
        body.append(data)
        body.append(Data("\r\n".utf8))
    }

    /// The finished body, closing boundary included.
    public func finished() -> Data {
        body + Data("--\(boundary)--\r\n".utf8)
    }

    /// A header parameter value with quotes, backslashes and line breaks removed.
    static func quoted(_ value: String) -> String {
        String(value.filter { $0 != "\"" && $0 != "\\" && !$0.isNewline })
    }
}

// FormPart: the server side of multipart/form-data, so loopback servers can assert uploaded fields.
// Test support only.
import Foundation

/// One part of a multipart/form-data body, as a server sees it.
struct FormPart {
    /// The field name.
    var name: String
    /// The file name, for file parts.
    var filename: String?
    /// The part's Content-Type, if given.
    var contentType: String?
    /// The part's bytes.
    var data: Data

    /// The bytes as UTF-8 text.
    var text: String { String(decoding: data, as: UTF8.self) }

    /// Splits a multipart body using the boundary from `contentType`; nil when it is malformed.
    static func parse(_ body: Data, contentType: String) -> [FormPart]? {
        guard let range = contentType.range(of: "boundary=") else { return nil }
        let boundary = Data(("--" + contentType[range.upperBound...].trimmingCharacters(in: .init(charactersIn: "\""))).utf8)
        var parts: [FormPart] = []
        var cursor = body.startIndex
        guard let first = body.range(of: boundary, in: cursor..<body.endIndex) else { return nil }
        cursor = first.upperBound
        while true {
            // After a boundary: "--" ends the body, CRLF starts a part.
            if body[cursor..<min(cursor + 2, body.endIndex)] == Data("--".utf8) { return parts }
            guard body[cursor..<min(cursor + 2, body.endIndex)] == Data("\r\n".utf8) else { return nil }
            cursor += 2
            guard let headerEnd = body.range(of: Data("\r\n\r\n".utf8), in: cursor..<body.endIndex) else { return nil }
            let headerText = String(decoding: body[cursor..<headerEnd.lowerBound], as: UTF8.self)
            guard let next = body.range(of: Data("\r\n".utf8) + boundary, in: headerEnd.upperBound..<body.endIndex) else { return nil }
            var part = FormPart(name: "", filename: nil, contentType: nil, data: Data(body[headerEnd.upperBound..<next.lowerBound]))
            for line in headerText.components(separatedBy: "\r\n") {
                let lower = line.lowercased()
                if lower.hasPrefix("content-disposition:") {
                    part.name = value(of: "name", in: line) ?? ""
                    part.filename = value(of: "filename", in: line)
                } else if lower.hasPrefix("content-type:") {
                    part.contentType = line.dropFirst("content-type:".count).trimmingCharacters(in: .whitespaces)
                }
            }
            parts.append(part)
            cursor = next.upperBound
        }
    }

    private static func value(of key: String, in line: String) -> String? {
        for piece in line.split(separator: ";") {
            let trimmed = piece.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("\(key)=\"") { return String(trimmed.dropFirst(key.count + 2).dropLast()) }
        }
        return nil
    }
}

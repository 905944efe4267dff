// ProxyHead: the start line and header fields of one HTTP/1.x message as the guarded proxy reads them,
// and the rewrites it makes (origin-form target, "Connection: close"). Pure text; knows nothing about sockets.
import Foundation

/// An HTTP/1.x message head: a start line and header fields, in order.
struct ProxyHead: Sendable, Equatable {
    /// The start line's three parts: method, target, version (request) or version, status, reason (response).
    var startLine: [String]
    /// Header fields in order, names as sent.
    var fields: [(name: String, value: String)]

    /// The longest head accepted, in bytes.
    static let maxBytes = 64 * 1024

    static func == (lhs: ProxyHead, rhs: ProxyHead) -> Bool {
        lhs.startLine == rhs.startLine && lhs.fields.map(\.name) == rhs.fields.map(\.name)
            && lhs.fields.map(\.value) == rhs.fields.map(\.value)
    }

    /// Parses a head (the bytes before the blank line, without it); nil when it is not HTTP/1.x.
    static func parse(_ text: String) -> ProxyHead? {
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        guard !lines.isEmpty else { return nil }
        let first = lines.removeFirst()
        let parts = first.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, parts.allSatisfy({ !$0.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } }) else {
            return nil
        }
        guard parts[0].hasPrefix("HTTP/1.") || parts.count == 3 && parts[2].hasPrefix("HTTP/1.") else { return nil }
        var fields: [(name: String, value: String)] = []
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let name = String(line[..<colon])
            guard !name.isEmpty, !name.contains(" "), !name.contains("\t") else { return nil }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            fields.append((name, value))
        }
        return ProxyHead(startLine: parts, fields: fields)
    }

    /// The first value of `name` (case-insensitive).
    func value(_ name: String) -> String? {
        fields.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The head with hop-by-hop fields (Connection, Keep-Alive, Proxy-*, the ones Connection names) replaced by
    /// "Connection: close", so each upstream connection carries one exchange.
    func closingConnection() -> ProxyHead {
        let named = Set((value("connection") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
        let hopByHop: Set<String> = ["connection", "keep-alive", "proxy-connection", "proxy-authorization", "proxy-authenticate", "te", "upgrade"]
        var copy = self
        copy.fields = fields.filter { !hopByHop.contains($0.name.lowercased()) && !named.contains($0.name.lowercased()) }
        copy.fields.append(("Connection", "close"))
        return copy
    }

    /// The wire form, ending with the blank line.
    var serialized: String {
        startLine.joined(separator: " ") + "\r\n" + fields.map { "\($0.name): \($0.value)\r\n" }.joined() + "\r\n"
    }
}

extension ProxyHead {
    /// For an absolute-form request target (`http://host[:port]/path?query`): the authority and the origin-form
    /// target (`/path?query`); nil when the target is not absolute http.
    static func splitAbsolute(_ target: String) -> (authority: String, originForm: String)? {
        guard target.count > 7, target.prefix(7).lowercased() == "http://" else { return nil }
        let rest = target.dropFirst(7)
        let end = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = String(rest[..<end])
        guard !authority.isEmpty else { return nil }
        var origin = String(rest[end...])
        if let hash = origin.firstIndex(of: "#") { origin = String(origin[..<hash]) }
        if origin.isEmpty { origin = "/" } else if origin.hasPrefix("?") { origin = "/" + origin }
        return (authority, origin)
    }
}

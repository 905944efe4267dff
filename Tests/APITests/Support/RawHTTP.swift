// A minimal HTTP/1.1 client over a blocking loopback socket, for tests that must hold a response
// open (event streams) or reach a second listener. Reads only what a test needs: status and body.
import Foundation

/// One loopback HTTP connection.
final class RawHTTP: @unchecked Sendable {
    private let fd: Int32
    private var closed = false

    /// Connects to 127.0.0.1:`port`.
    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let ok = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard ok == 0 else {
            _ = Foundation.close(fd)
            throw RawHTTPError("cannot connect to port \(port)")
        }
    }

    deinit { close() }

    /// Closes the connection (a client going away).
    func close() {
        guard !closed else { return }
        closed = true
        _ = Foundation.close(fd)
    }

    /// Sends a GET and reads up to the end of the headers; returns the status code and what came after the headers.
    func get(_ path: String, headers: [String: String] = [:]) throws -> (status: Int, rest: String) {
        var text = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (k, v) in headers { text += "\(k): \(v)\r\n" }
        text += "\r\n"
        _ = text.withCString { send(fd, $0, strlen($0), 0) }
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !received.contains(Data("\r\n\r\n".utf8)) {
            let n = recv(fd, &buffer, buffer.count, 0)
            guard n > 0 else { break }
            received.append(contentsOf: buffer[0..<n])
        }
        let all = String(decoding: received, as: UTF8.self)
        let status = Int(all.split(separator: " ").dropFirst().first ?? "") ?? 0
        let rest = all.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
        return (status, rest)
    }

    /// Reads until `marker` arrives or the connection ends; returns everything read.
    func read(until marker: String) -> String {
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !received.contains(Data(marker.utf8)) {
            let n = recv(fd, &buffer, buffer.count, 0)
            guard n > 0 else { break }
            received.append(contentsOf: buffer[0..<n])
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// A GET on a fresh connection that reads the whole answer (`Connection: close`).
    static func fetch(port: Int, _ path: String, headers: [String: String] = [:]) throws -> (status: Int, body: String) {
        let c = try RawHTTP(port: port)
        var h = headers
        h["Connection"] = "close"
        let (status, rest) = try c.get(path, headers: h)
        return (status, rest + c.read(until: "\u{0}"))
    }
}

/// A connection problem in a test.
struct RawHTTPError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

// FormDataParser: a streaming multipart/form-data parser (RFC 7578 over RFC 2046) as a pure state machine:
// bytes in, part headers and body bytes out, no I/O. It replaced MultipartKit, whose header parser indexed a
// 128-entry table with any byte and so crashed the server on one header byte of 0x80 or more.
import Foundation

/// Parses a multipart/form-data body fed in chunks of any size; every malformed input is an error, never a trap.
public struct FormDataParser {
    /// What went wrong, for the 400 answer.
    public enum Failure: Error, Equatable {
        /// A part's header block is malformed or longer than `maxHeaderBytes`.
        case badHeaders
        /// The boundary line is not followed by CRLF or `--`.
        case badDelimiter
        /// The body ended before the closing delimiter.
        case truncated
        /// More than `maxParts` parts.
        case tooManyParts
    }

    /// What the parser found in the bytes fed so far, in order.
    public enum Event: Equatable {
        /// A part starts; its header fields in order (names as sent, values decoded as UTF-8).
        case headers([Header])
        /// Bytes of the current part's body (a part's body may come in many pieces).
        case body([UInt8])
        /// The current part's body ended.
        case partEnd
    }

    /// One header field.
    public struct Header: Equatable, Sendable {
        /// The field name as sent.
        public var name: String
        /// The value, without surrounding white space.
        public var value: String
    }

    enum State { case preamble, afterDelimiter, headers, body, epilogue }

    /// Longest header block of one part (8 KiB).
    public var maxHeaderBytes = 8 * 1024
    /// Most parts in one body (1,000).
    public var maxParts = 1_000

    private let dashBoundary: [UInt8]   // "--" + boundary
    private let delimiter: [UInt8]      // CRLF + "--" + boundary
    private var state = State.preamble
    private var pending: [UInt8] = []
    private var parts = 0
    private var atBodyStart = true

    /// A parser for `boundary` (the Content-Type parameter, without quotes).
    public init(boundary: String) {
        dashBoundary = Array("--\(boundary)".utf8)
        delimiter = [0x0D, 0x0A] + dashBoundary
    }

    /// True once the closing delimiter has been read.
    public var isComplete: Bool { state == .epilogue }

    /// Feeds the next bytes; returns what they completed.
    public mutating func feed<C: Collection>(_ bytes: C) throws(Failure) -> [Event] where C.Element == UInt8 {
        guard state != .epilogue else { return [] }
        pending.append(contentsOf: bytes)
        var events: [Event] = []
        while try step(&events) {}
        return events
    }

    /// Declares the end of the body: an error unless the closing delimiter was read.
    public func finish() throws(Failure) {
        guard state == .epilogue else { throw .truncated }
    }

    /// One step of the machine over `pending`; false when it needs more bytes.
    private mutating func step(_ events: inout [Event]) throws(Failure) -> Bool {
        switch state {
        case .preamble:
            // The first delimiter may open the body directly, or end a preamble that is ignored.
            if atBodyStart {
                if pending.count < dashBoundary.count && dashBoundary.starts(with: pending) { return false }
                atBodyStart = false
                if pending.starts(with: dashBoundary) {
                    pending.removeFirst(dashBoundary.count)
                    state = .afterDelimiter
                    return true
                }
            }
            if let at = Self.firstIndex(of: delimiter, in: pending) {
                pending.removeFirst(at + delimiter.count)
                state = .afterDelimiter
                return true
            }
            // Keep only what could still be the start of a delimiter.
            if pending.count >= delimiter.count { pending.removeFirst(pending.count - (delimiter.count - 1)) }
            return false
        case .afterDelimiter:
            // "--" closes the body; otherwise optional transport padding (spaces, tabs) and CRLF open a part.
            guard pending.count >= 2 else { return false }
            if pending[0] == 0x2D && pending[1] == 0x2D {
                pending.removeAll()
                state = .epilogue
                return false
            }
            var i = 0
            while i < pending.count, pending[i] == 0x20 || pending[i] == 0x09 { i += 1 }
            guard i + 1 < pending.count else {
                if i > 256 { throw .badDelimiter }
                return false
            }
            guard pending[i] == 0x0D && pending[i + 1] == 0x0A else { throw .badDelimiter }
            pending.removeFirst(i + 2)
            parts += 1
            guard parts <= maxParts else { throw .tooManyParts }
            state = .headers
            return true
        case .headers:
            // The block ends at the first empty line: CRLF at its start, or CRLFCRLF.
            let end: (headers: Int, skip: Int)?
            if pending.starts(with: [0x0D, 0x0A]) {
                end = (0, 2)
            } else if let at = Self.firstIndex(of: [0x0D, 0x0A, 0x0D, 0x0A], in: pending) {
                end = (at, at + 4)
            } else {
                end = nil
            }
            guard let end else {
                if pending.count > maxHeaderBytes { throw .badHeaders }
                return false
            }
            guard end.headers <= maxHeaderBytes else { throw .badHeaders }
            events.append(.headers(try Self.headers(pending[0..<end.headers])))
            pending.removeFirst(end.skip)
            state = .body
            return true
        case .body:
            if let at = Self.firstIndex(of: delimiter, in: pending) {
                if at > 0 { events.append(.body(Array(pending[0..<at]))) }
                events.append(.partEnd)
                pending.removeFirst(at + delimiter.count)
                state = .afterDelimiter
                return true
            }
            // Everything but a tail that could be the start of the delimiter is body.
            let safe = pending.count - (delimiter.count - 1)
            if safe > 0 {
                events.append(.body(Array(pending[0..<safe])))
                pending.removeFirst(safe)
            }
            return false
        case .epilogue:
            pending.removeAll()
            return false
        }
    }

    /// Header fields from a block of CRLF-separated `name: value` lines; names must be HTTP tokens.
    static func headers(_ block: ArraySlice<UInt8>) throws(Failure) -> [Header] {
        guard !block.isEmpty else { return [] }
        var out: [Header] = []
        var lineStart = block.startIndex
        while lineStart < block.endIndex {
            var lineEnd = lineStart
            while lineEnd < block.endIndex, block[lineEnd] != 0x0D { lineEnd += 1 }
            let line = block[lineStart..<lineEnd]
            guard let colon = line.firstIndex(of: 0x3A), colon > line.startIndex,
                  line[line.startIndex..<colon].allSatisfy(isTokenByte) else { throw .badHeaders }
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            out.append(Header(name: String(decoding: line[line.startIndex..<colon], as: UTF8.self), value: value))
            guard lineEnd == block.endIndex || (lineEnd + 1 < block.endIndex && block[lineEnd + 1] == 0x0A) else { throw .badHeaders }
            lineStart = lineEnd == block.endIndex ? lineEnd : lineEnd + 2
        }
        return out
    }

    /// RFC 9110 `tchar`: the bytes a header field name may hold.
    static func isTokenByte(_ b: UInt8) -> Bool {
        switch b {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"),
             UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"),
             UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"): true
        default: false
        }
    }

    /// The first index of `needle` in `haystack`, scanning for its first byte with memchr.
    static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        return haystack.withUnsafeBufferPointer { hay -> Int? in
            needle.withUnsafeBufferPointer { pin -> Int? in
                guard let base = hay.baseAddress, let first = pin.first else { return nil }
                var from = 0
                let last = hay.count - pin.count
                while from <= last {
                    guard let hit = memchr(base + from, Int32(first), last - from + 1) else { return nil }
                    let i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + i, pin.baseAddress!, pin.count) == 0 { return i }
                    from = i + 1
                }
                return nil
            }
        }
    }
}

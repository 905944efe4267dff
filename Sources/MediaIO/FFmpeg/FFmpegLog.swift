// Keeps FFmpeg off the console and remembers, per thread, the last error line it logged.
// Knows nothing about files; MediaError messages append the remembered line as a hint.

import CFFmpeg
import Foundation

/// FFmpeg's global log hook: nothing is printed; error-level lines are kept per calling thread.
enum FFmpegLog {
    /// Installs the hook once per process; every MediaIO entry point calls this.
    static func install() { _ = installed }

    private static let installed: Void = {
        av_log_set_level(AV_LOG_ERROR)
        av_log_set_callback { context, level, format, arguments in
            guard level <= AV_LOG_ERROR, let format, let arguments else { return }
            var buffer = [CChar](repeating: 0, count: 512)
            var printPrefix: Int32 = 0
            let written = buffer.withUnsafeMutableBufferPointer { out in
                av_log_format_line2(context, level, format, arguments, out.baseAddress, Int32(out.count), &printPrefix)
            }
            guard written >= 0 else { return }
            let line = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
                .trimmingCharacters(in: .whitespacesAndNewlines)
            if !line.isEmpty { store.record(line) }
        }
    }()

    private static let store = LastLines()

    /// Forgets what this thread logged so far (call before an operation whose failure you will report).
    static func clearForCurrentThread() { store.clear() }

    /// The last error line FFmpeg logged on this thread since the last clear, if any.
    static func lastErrorForCurrentThread() -> String? { store.last() }

    /// A lock-protected map from thread id to its last error line; bounded by the number of threads.
    private final class LastLines: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [UInt: String] = [:]

        private static func threadID() -> UInt {
            #if canImport(Glibc)
            return UInt(pthread_self())
            #else
            return UInt(bitPattern: pthread_self())
            #endif
        }

        func record(_ line: String) {
            let id = Self.threadID()
            lock.lock(); lines[id] = line; lock.unlock()
        }

        func clear() {
            let id = Self.threadID()
            lock.lock(); lines[id] = nil; lock.unlock()
        }

        func last() -> String? {
            let id = Self.threadID()
            lock.lock(); defer { lock.unlock() }
            return lines[id]
        }
    }
}

/// FFmpeg error codes as text.
enum FFmpegText {
    /// `av_strerror` for a negative return code, e.g. "Invalid data found when processing input".
    static func error(_ code: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        return buffer.withUnsafeMutableBufferPointer { out in
            if av_strerror(code, out.baseAddress, out.count) < 0 { return "FFmpeg error \(code)" }
            return String(cString: out.baseAddress!)
        }
    }

    /// The error text plus FFmpeg's last logged line on this thread when that adds something.
    static func describe(_ code: Int32) -> String {
        let text = error(code)
        if let line = FFmpegLog.lastErrorForCurrentThread(), !line.isEmpty, line != text {
            return "\(text); FFmpeg said: \(line)"
        }
        return text
    }

    /// A C string or a fallback.
    static func string(_ pointer: UnsafePointer<CChar>?, _ fallback: String = "") -> String {
        pointer.map { String(cString: $0) } ?? fallback
    }
}

// ByteSize: byte counts written for people ("500 MiB", "98 KiB", "100 bytes") in error messages.
// Pure formatting.

/// Human-readable byte counts.
enum ByteSize {
    /// `bytes` in the largest binary unit that keeps it at least 1, rounded down.
    static func describe(_ bytes: Int64) -> String {
        if bytes >= 1 << 30 { return "\(bytes >> 30) GiB" }
        if bytes >= 1 << 20 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}

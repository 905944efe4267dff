// YTDLPProgress: one progress report parsed from yt-dlp's `--progress-template` lines.
// Pure data plus the line parser.

/// How far a download has got.
public struct YTDLPProgress: Sendable, Equatable {
    /// Bytes downloaded so far.
    public var downloadedBytes: Int64
    /// Total bytes, exact or estimated, when known.
    public var totalBytes: Int64?

    /// Creates a report.
    public init(downloadedBytes: Int64, totalBytes: Int64?) {
        self.downloadedBytes = downloadedBytes
        self.totalBytes = totalBytes
    }

    /// Downloaded over total (0...1), when the total is known.
    public var fraction: Double? {
        guard let totalBytes, totalBytes > 0 else { return nil }
        return min(1, Double(downloadedBytes) / Double(totalBytes))
    }

    /// The line prefix our template prints.
    static let marker = "IMXPROGRESS"
    /// The `--progress-template` value that prints lines `parse` reads.
    static let template =
        "download:\(marker) %(progress.downloaded_bytes)s %(progress.total_bytes)s %(progress.total_bytes_estimate)s"

    /// Parses "IMXPROGRESS downloaded total estimate" ("NA" for unknown); nil for other lines.
    static func parse(_ line: Substring) -> YTDLPProgress? {
        let fields = line.split(separator: " ")
        guard fields.count == 4, fields[0] == marker, let downloaded = number(fields[1]) else { return nil }
        return YTDLPProgress(downloadedBytes: downloaded, totalBytes: number(fields[2]) ?? number(fields[3]))
    }

    private static func number(_ field: Substring) -> Int64? {
        if let value = Int64(field) { return value }
        if let value = Double(field), value.isFinite, value >= 0 { return Int64(value) }
        return nil
    }
}

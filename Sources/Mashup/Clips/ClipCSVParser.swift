// ClipCSVParser: reads a clip-mix CSV (header Url,Start,End) into checked clip requests.
// Knows nothing about fetching or mixing; every error names its 1-based row (the header is row 1) and column.

/// Parses clip CSV files.
///
/// The header must name a `Url` column; `Start` and `End` are optional; names are case-insensitive, in any
/// order; other columns are ignored; a repeated known column is an error. A UTF-8 BOM, CRLF/LF/CR line ends,
/// RFC 4180 quoting, and `;` or tab separators (detected from the header line when it has no comma) are
/// accepted. Blank rows are skipped but still counted for row numbers. Times are read by `ClipTime`; an empty
/// Start is 0 and an empty End is Start + `defaultClipSeconds` (30 s), as in the original.
public struct ClipCSVParser: Sendable {
    /// The limits checked; see `ClipLimits` for the defaults.
    public var limits: ClipLimits

    /// Creates a parser with `limits` (defaults: 50 rows, 600 s clips, 2048-byte URLs, 256 KiB).
    public init(limits: ClipLimits = ClipLimits()) {
        self.limits = limits
    }

    /// The clips of `text`, in row order.
    public func parse(_ text: String) throws -> [ClipRequest] {
        guard text.utf8.count <= limits.maxCSVBytes else {
            throw MashupError(.inputTooLarge, "the CSV is \(text.utf8.count) bytes; the limit is \(limits.maxCSVBytes)")
        }
        var body = Substring(text)
        if body.first == "\u{FEFF}" { body = body.dropFirst() }
        let records = try CSVReader(detectingSeparatorIn: body).records(body)

        guard let headerIndex = records.firstIndex(where: { !Self.isBlank($0) }) else {
            throw MashupError(.csvHeader, "the CSV is empty; expected a header row 'Url,Start,End'", row: 1)
        }
        let headerRow = headerIndex + 1
        var columns: [String: Int] = [:]
        for (index, name) in records[headerIndex].enumerated() {
            let key = name.trimmingCharacters(in: .whitespaces).lowercased()
            guard ["url", "start", "end"].contains(key) else { continue }
            if columns[key] != nil {
                throw MashupError(.csvHeader, "row \(headerRow): column '\(name)' appears twice", row: headerRow, column: name)
            }
            columns[key] = index
        }
        guard let urlColumn = columns["url"] else {
            throw MashupError(.csvHeader, "row \(headerRow): the header has no 'Url' column (expected 'Url,Start,End')",
                              row: headerRow, column: "Url")
        }

        var clips: [ClipRequest] = []
        for recordIndex in (headerIndex + 1)..<records.count {
            let record = records[recordIndex]
            let row = recordIndex + 1
            if Self.isBlank(record) { continue }
            guard clips.count < limits.maxRows else {
                throw MashupError(.tooManyClips, "row \(row): more than \(limits.maxRows) clips", row: row)
            }
            func field(_ index: Int?) -> String {
                guard let index, index < record.count else { return "" }
                return record[index].trimmingCharacters(in: .whitespaces)
            }
            let url = try ClipRequest.checkedURL(field(urlColumn), limits: limits, context: "row \(row), column Url",
                                                 row: row, column: "Url")
            let start = try time(field(columns["start"]), row: row, column: "Start") ?? 0
            let end = try time(field(columns["end"]), row: row, column: "End") ?? start + limits.defaultClipSeconds
            if let reason = ClipRequest.checkRange(start: start, end: end, limits: limits) {
                throw MashupError(.invalidRange, "row \(row), column End: \(reason)", row: row, column: "End")
            }
            clips.append(ClipRequest(url: url, start: start, end: end))
        }
        return clips
    }

    /// Seconds, nil for an empty field, or an error naming the cell.
    func time(_ text: String, row: Int, column: String) throws -> Double? {
        if text.isEmpty { return nil }
        guard let seconds = ClipTime.parse(text) else {
            throw MashupError(.invalidTime, "row \(row), column \(column): '\(text.prefix(40))' is not a time (use SS, MM:SS or HH:MM:SS)",
                              row: row, column: column)
        }
        return seconds
    }

    static func isBlank(_ record: [String]) -> Bool {
        record.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty }
    }
}

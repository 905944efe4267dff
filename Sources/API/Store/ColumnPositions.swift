// Where named columns sit in a SQLite result row, found once per row: reading two dozen columns by name through GRDB
// compares names case-insensitively one column at a time, a tenth of a history page.
import GRDB

/// The positions of a row's columns by (lower-case) name.
struct ColumnPositions {
    private let positions: [String: Int]

    /// Indexes the columns of `row`.
    init(_ row: Row) {
        var found: [String: Int] = [:]
        found.reserveCapacity(row.count)
        for (index, column) in row.columnNames.enumerated() {
            let name = column.utf8.contains(where: { (65...90).contains($0) }) ? column.lowercased() : column
            if found[name] == nil { found[name] = index }
        }
        positions = found
    }

    /// The position of the column `name` (lower-case); `StoreError.unavailable` when the row has none.
    func callAsFunction(_ name: String) throws -> Int {
        guard let index = positions[name] else { throw StoreError.unavailable("the row has no column \(name)") }
        return index
    }
}

// Where named columns sit in a SQLite result row, found once per row: reading two dozen columns by name through GRDB
// compares names case-insensitively one column at a time, a tenth of a history page.
import GRDB

/// The positions of a row's columns by (lower-case) name.
struct ColumnPositions {
    private let positions: [String: Int]

    /// Finds `names` (lower-case) in `row`; `StoreError.unavailable` when one is missing.
    init(_ row: Row, _ names: [String]) throws {
        var found: [String: Int] = [:]
        found.reserveCapacity(names.count)
        for (index, column) in row.columnNames.enumerated() {
            let name = column.utf8.contains(where: { (65...90).contains($0) }) ? column.lowercased() : column
            if found[name] == nil { found[name] = index }
        }
        for name in names where found[name] == nil { throw StoreError.unavailable("the row has no column \(name)") }
        positions = found
    }

    /// The position of a column named when this was made.
    subscript(_ name: String) -> Int { positions[name] ?? 0 }
}

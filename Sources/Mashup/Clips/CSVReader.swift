// CSVReader: splits RFC 4180 text into records of fields (quotes, doubled quotes, CRLF/LF/CR, quoted newlines).
// Knows nothing about clips or headers; reports the 1-based record where a syntax error starts.

/// A small RFC 4180 reader.
struct CSVReader {
    /// The field separator: `,` unless the first line has `;` (or a tab) and no comma.
    var separator: Character

    /// Picks the separator from the first line of `text`.
    init(detectingSeparatorIn text: Substring) {
        let firstLine = text.prefix { !$0.isNewline }
        if !firstLine.contains(",") && firstLine.contains(";") {
            separator = ";"
        } else if !firstLine.contains(",") && firstLine.contains("\t") {
            separator = "\t"
        } else {
            separator = ","
        }
    }

    /// The records of `text`, each a list of fields; unquoted fields are trimmed of spaces.
    /// Throws `csvMalformed` naming the record for an unterminated quote or text after a closing quote.
    func records(_ text: Substring) throws -> [[String]] {
        var records: [[String]] = []
        var fields: [String] = []
        var field = ""
        var quoted = false        // inside a quoted field
        var wasQuoted = false     // the current field was quoted and has closed
        var quoteRow = 0
        var iterator = text.makeIterator()
        var pending: Character? = nil

        func endField() {
            fields.append(wasQuoted ? field : field.trimmingCharacters(in: [" "]))
            field = ""
            wasQuoted = false
        }
        func endRecord() {
            endField()
            records.append(fields)
            fields = []
        }

        while let ch = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if ch == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; wasQuoted = true; pending = next }
                    } else {
                        quoted = false
                        wasQuoted = true
                    }
                } else {
                    field.append(ch)
                }
                continue
            }
            if ch == separator {
                endField()
            } else if ch.isNewline {
                endRecord()
            } else if ch == "\"" && !wasQuoted && field.allSatisfy({ $0 == " " }) {
                field = ""
                quoted = true
                quoteRow = records.count + 1
            } else if wasQuoted {
                if ch != " " {
                    throw MashupError(.csvMalformed, "row \(records.count + 1): unexpected '\(ch)' after a closing quote",
                                      row: records.count + 1)
                }
            } else {
                field.append(ch)
            }
        }
        if quoted {
            throw MashupError(.csvMalformed, "row \(quoteRow): a quoted field is never closed", row: quoteRow)
        }
        if !field.isEmpty || !fields.isEmpty || wasQuoted { endRecord() }
        return records
    }
}

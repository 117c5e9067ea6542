/// RFC 4180 CSV: quoted fields with doubled quotes, CRLF or LF line ends.
public enum CSV {
    /// A CSV problem at a 1-based line.
    public struct ParseError: Error, Equatable, Sendable {
        public let line: Int
        public let message: String
    }

    /// Parses text into rows, each with the line number it starts on. Blank lines are skipped.
    public static func parse(_ text: String) throws -> [(line: Int, fields: [String])] {
        var rows: [(Int, [String])] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var rowStart = 1
        var fieldWasQuoted = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        func endRow() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty && !fieldWasQuoted) { rows.append((rowStart, fields)) }
            fields = []
            field = ""
            fieldWasQuoted = false
        }
        while let c = next() {
            if inQuotes {
                if c == "\"" {
                    if let n = next() {
                        if n == "\"" { field.unicodeScalars.append("\"") } else { inQuotes = false; pending = n }
                    } else { inQuotes = false }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"":
                if field.isEmpty && !fieldWasQuoted { inQuotes = true; fieldWasQuoted = true } else {
                    throw ParseError(line: line, message: "a quote inside an unquoted field (quote the whole field and double the quote)")
                }
            case ",":
                fields.append(field)
                field = ""
                fieldWasQuoted = false
            case "\r":
                if let n = next(), n != "\n" { pending = n }
                endRow()
                line += 1
                rowStart = line
            case "\n":
                endRow()
                line += 1
                rowStart = line
            default:
                if fieldWasQuoted { throw ParseError(line: line, message: "text after a closing quote") }
                field.unicodeScalars.append(c)
            }
        }
        if inQuotes { throw ParseError(line: rowStart, message: "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRow() }
        return rows
    }

    /// One CSV line (with CRLF), quoting only where needed.
    public static func line(_ fields: [String]) -> String {
        fields.map { field in
            if field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || field.hasPrefix(" ") || field.hasSuffix(" ") {
                return "\"" + field.replacing("\"", with: "\"\"") + "\""
            }
            return field
        }.joined(separator: ",") + "\r\n"
    }
}

/// Turns the FTS5 query a user types for log search (`words`, `"a phrase"`, `prefix*`, `AND`/`OR`/`NOT`, parentheses)
/// into a PostgreSQL tsquery for `to_tsquery('simple', …)`, the twin of SQLite's FTS5 on PostgreSQL. Words are cut at
/// anything but letters and digits, as FTS5's default tokenizer does.
public enum LogFullTextQuery {
    public static func tsquery(_ fts: String) -> String {
        var output: [String] = []
        var needsOperator = false
        func operand(_ text: String) {
            if needsOperator { output.append("&") }
            output.append(text)
            needsOperator = true
        }
        func phrase(_ text: Substring, prefix: Bool) -> String? {
            let words = text.split { !($0.isLetter || $0.isNumber) }.map { String($0).lowercased() }
            guard !words.isEmpty else { return nil }
            let joined = words.enumerated().map { $0.offset == words.count - 1 && prefix ? $0.element + ":*" : $0.element }.joined(separator: " <-> ")
            return words.count == 1 ? joined : "(" + joined + ")"
        }
        var rest = Substring(fts)
        while let first = rest.first {
            if first.isWhitespace { rest = rest.dropFirst(); continue }
            if first == "\"" {
                let body = rest.dropFirst().prefix { $0 != "\"" }
                rest = rest.dropFirst(body.count + 1).drop { $0 == "\"" }
                let prefix = rest.first == "*"
                if prefix { rest = rest.dropFirst() }
                if let text = phrase(body, prefix: prefix) { operand(text) }
            } else if first == "(" {
                if needsOperator { output.append("&") }
                output.append("(")
                needsOperator = false
                rest = rest.dropFirst()
            } else if first == ")" {
                if output.last == "(" { output.removeLast() } else { output.append(")") }
                needsOperator = true
                rest = rest.dropFirst()
            } else {
                let token = rest.prefix { !$0.isWhitespace && $0 != "\"" && $0 != "(" && $0 != ")" }
                rest = rest.dropFirst(token.count)
                switch token {
                case "AND": needsOperator = false; output.append("&")
                case "OR": needsOperator = false; output.append("|")
                case "NOT": needsOperator = false; output.append("& !")
                default:
                    let prefix = token.hasSuffix("*")
                    if let text = phrase(prefix ? token.dropLast() : token, prefix: prefix) { operand(text) }
                }
            }
        }
        return output.joined(separator: " ")
    }
}

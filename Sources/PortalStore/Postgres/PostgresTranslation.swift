/// Rewrites the SQLite SQL the stores write into PostgreSQL's dialect, for the differences that are mechanical.
/// Anything not listed here is a real dialect difference and sits as `switch db.dialect` in the store that owns it
/// (docs/notes-pg.md lists the mapping).
///
/// - `?` → `$1`, `$2`, … and `?NNN` → `$NNN` (outside string literals, quoted names and comments)
/// - `INSERT OR IGNORE INTO …` → `INSERT INTO … ON CONFLICT DO NOTHING`
/// - `INSERT OR REPLACE INTO t (cols) …` → `INSERT INTO t (cols) … ON CONFLICT (primary key) DO UPDATE SET col = excluded.col`
///   (SQLite also replaces on a conflict with any other UNIQUE constraint; here only the primary key counts)
/// - `ifnull(` → `coalesce(`; `max(a, b)` / `min(a, b)` (two or more arguments) → `greatest` / `least`
/// - `group_concat(x[, sep])` → `string_agg(CAST(x AS text), sep)` (default separator `,`)
/// - `SELECT value FROM json_each(?)` (a JSON array of ids) → `SELECT CAST(value AS bigint) FROM json_array_elements_text(CAST(? AS json))`
/// - `FROM (SELECT …)` without a name gets one (`AS subquery_1`): PostgreSQL 15 requires it
/// - `rowid` → `id` (every PostgreSQL table has an `id` where SQLite relied on the rowid)
/// - `LIKE` → `ILIKE` (SQLite's LIKE ignores ASCII case)
/// - `COLLATE NOCASE` works unchanged: the PostgreSQL schema creates a case-insensitive ICU collation `nocase`.
/// - `INSERT` into a table with an `id` column and no `RETURNING` gets `RETURNING id`, so `lastInsertRowID` is exact.
enum PostgresTranslation {
    /// A lexical piece of SQL. Words keep their spelling; literals, quoted names and comments pass through as they are.
    enum Token: Equatable {
        case word(String)
        /// `?` (nil) or `?NNN`.
        case parameter(Int?)
        case symbol(Character)
        case other(String)

        var upperWord: String? { if case .word(let w) = self { return w.uppercased() } else { return nil } }
        var text: String {
            switch self {
            case .word(let w): return w
            case .parameter(let n): return "?" + (n.map(String.init) ?? "")
            case .symbol(let c): return String(c)
            case .other(let s): return s
            }
        }
    }

    /// The translated SQL and whether `RETURNING id` was added (the caller reads it as the inserted row's id).
    struct Result {
        let sql: String
        let returnsInsertedID: Bool
    }

    static func translate(_ sql: String, tablesWithID: Set<String> = [], primaryKeys: [String: [String]] = [:]) -> Result {
        var tokens = tokenize(sql)
        var returnsID = false
        rewriteFunctions(&tokens)
        rewriteJSONEach(&tokens)
        nameSubqueries(&tokens)
        let significant = tokens.indices.filter { !isSpace(tokens[$0]) }
        if let first = significant.first, tokens[first].upperWord == "INSERT" {
            var conflict: String?
            if significant.count > 2, tokens[significant[1]].upperWord == "OR", let action = tokens[significant[2]].upperWord, ["IGNORE", "REPLACE"].contains(action) {
                tokens.removeSubrange((significant[0] + 1)...significant[2])
                if action == "IGNORE" {
                    conflict = " ON CONFLICT DO NOTHING"
                } else if let table = insertedTable(tokens), let key = primaryKeys[table] {
                    let columns = insertedColumns(tokens).filter { !key.contains($0) }
                    conflict = " ON CONFLICT (\(key.joined(separator: ", "))) DO " + (columns.isEmpty ? "NOTHING"
                        : "UPDATE SET " + columns.map { "\($0) = excluded.\($0)" }.joined(separator: ", "))
                }
            }
            let words = tokens.compactMap(\.upperWord)
            let hasReturning = words.contains("RETURNING")
            var tail: [Token] = []
            if let conflict { tail.append(.other(conflict)) }
            if !hasReturning, let table = insertedTable(tokens), tablesWithID.contains(table) {
                tail.append(.other(" RETURNING id"))
                returnsID = true
            }
            if !tail.isEmpty {
                // Before a top-level RETURNING, else at the end (before a trailing semicolon and blanks).
                var position = tokens.count
                if let returning = tokens.firstIndex(where: { $0.upperWord == "RETURNING" }) {
                    position = returning
                    while position > 0, isSpace(tokens[position - 1]) { position -= 1 }
                } else {
                    while position > 0, isSpace(tokens[position - 1]) || tokens[position - 1] == .symbol(";") { position -= 1 }
                }
                tokens.insert(contentsOf: tail, at: position)
            }
        }
        var output = ""
        var parameter = 0
        for token in tokens {
            switch token {
            case .parameter(let number):
                // SQLite: a plain ? takes the number after the largest one so far.
                let index = number ?? parameter + 1
                parameter = max(parameter, index)
                output += "$\(index)"
            case .word(let w) where w.lowercased() == "rowid": output += "id"
            case .word(let w) where w.uppercased() == "LIKE": output += "ILIKE"
            default: output += token.text
            }
        }
        return Result(sql: output, returnsInsertedID: returnsID)
    }

    /// How many values a statement binds: the largest parameter number, as SQLite counts them.
    static func parameterCount(_ sql: String) -> Int {
        var count = 0
        for case .parameter(let number) in tokenize(sql) { count = max(count, number ?? count + 1) }
        return count
    }

    /// The table an `INSERT [OR …] INTO name` writes, lowercased.
    static func insertedTable(_ tokens: [Token]) -> String? {
        guard let into = tokens.firstIndex(where: { $0.upperWord == "INTO" }) else { return nil }
        return tokens[(into + 1)...].first { !isSpace($0) }.flatMap { if case .word(let w) = $0 { return w.lowercased() } else { return nil } }
    }

    /// The column list of `INSERT INTO name (a, b, …)`, lowercased.
    static func insertedColumns(_ tokens: [Token]) -> [String] {
        guard let into = tokens.firstIndex(where: { $0.upperWord == "INTO" }),
              let open = tokens[into...].firstIndex(of: .symbol("(")), let close = tokens[open...].firstIndex(of: .symbol(")")) else { return [] }
        return tokens[open..<close].compactMap { if case .word(let w) = $0 { return w.lowercased() } else { return nil } }
    }

    static func isSpace(_ token: Token) -> Bool {
        if case .other(let s) = token { return s.allSatisfy(\.isWhitespace) || s.hasPrefix("--") || s.hasPrefix("/*") }
        return false
    }

    static func tokenize(_ sql: String) -> [Token] {
        var tokens: [Token] = []
        let chars = Array(sql)
        var i = 0
        func take(while predicate: (Character) -> Bool) -> String {
            let start = i
            while i < chars.count, predicate(chars[i]) { i += 1 }
            return String(chars[start..<i])
        }
        while i < chars.count {
            let c = chars[i]
            if c == "'" || c == "\"" || c == "`" {
                // A literal or quoted name; a doubled quote inside escapes it.
                let start = i
                i += 1
                while i < chars.count {
                    if chars[i] == c {
                        if i + 1 < chars.count, chars[i + 1] == c { i += 2; continue }
                        i += 1
                        break
                    }
                    i += 1
                }
                let text = String(chars[start..<i])
                tokens.append(.other(c == "`" ? "\"" + text.dropFirst().dropLast() + "\"" : text))
            } else if c == "-", i + 1 < chars.count, chars[i + 1] == "-" {
                tokens.append(.other(take { $0 != "\n" }))
            } else if c == "/", i + 1 < chars.count, chars[i + 1] == "*" {
                let start = i
                i += 2
                while i < chars.count, !(chars[i] == "*" && i + 1 < chars.count && chars[i + 1] == "/") { i += 1 }
                i = min(chars.count, i + 2)
                tokens.append(.other(String(chars[start..<i])))
            } else if c == "?" {
                i += 1
                let digits = take { $0.isASCII && $0.isNumber }
                tokens.append(.parameter(Int(digits)))
            } else if c.isLetter || c == "_" {
                tokens.append(.word(take { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "$" }))
            } else if c.isWhitespace {
                tokens.append(.other(take(while: \.isWhitespace)))
            } else if c.isNumber {
                tokens.append(.other(take { $0.isNumber || $0 == "." }))
            } else {
                i += 1
                tokens.append(.symbol(c))
            }
        }
        return tokens
    }

    /// Index of the `)` that closes the `(` at `open`, and the indices of the top-level commas between them.
    static func arguments(_ tokens: [Token], open: Int) -> (close: Int, commas: [Int])? {
        var depth = 0
        var commas: [Int] = []
        for index in open..<tokens.count {
            switch tokens[index] {
            case .symbol("("): depth += 1
            case .symbol(")"):
                depth -= 1
                if depth == 0 { return (index, commas) }
            case .symbol(","): if depth == 1 { commas.append(index) }
            default: break
            }
        }
        return nil
    }

    static func nextSignificant(_ tokens: [Token], after index: Int) -> Int? {
        var i = index + 1
        while i < tokens.count, isSpace(tokens[i]) { i += 1 }
        return i < tokens.count ? i : nil
    }

    static func rewriteFunctions(_ tokens: inout [Token]) {
        var index = 0
        while index < tokens.count {
            defer { index += 1 }
            guard let name = tokens[index].upperWord, let open = nextSignificant(tokens, after: index), tokens[open] == .symbol("("),
                  let (close, commas) = arguments(tokens, open: open) else { continue }
            switch name {
            case "IFNULL": tokens[index] = .word("coalesce")
            case "MAX" where !commas.isEmpty: tokens[index] = .word("greatest")
            case "MIN" where !commas.isEmpty: tokens[index] = .word("least")
            case "GROUP_CONCAT":
                let end = commas.first ?? close
                tokens.insert(.other(" AS text)"), at: end)
                if commas.isEmpty { tokens.insert(.other(", ','"), at: end + 1) }
                tokens.insert(.other("CAST("), at: open + 1)
                tokens[index] = .word("string_agg")
            default: break
            }
        }
    }

    /// Words after a subquery in FROM that mean it has no name yet.
    static let clauseWords: Set<String> = ["WHERE", "ORDER", "GROUP", "HAVING", "LIMIT", "OFFSET", "JOIN", "LEFT", "INNER", "CROSS",
                                           "RIGHT", "FULL", "UNION", "EXCEPT", "INTERSECT", "ON", "USING", "WINDOW", "RETURNING"]

    static func nameSubqueries(_ tokens: inout [Token]) {
        var index = 0
        var named = 0
        while index < tokens.count {
            defer { index += 1 }
            guard tokens[index] == .symbol("("), let before = previousSignificant(tokens, before: index),
                  ["FROM", "JOIN"].contains(tokens[before].upperWord ?? ""),
                  let first = nextSignificant(tokens, after: index), ["SELECT", "WITH"].contains(tokens[first].upperWord ?? ""),
                  let (close, _) = arguments(tokens, open: index) else { continue }
            if let after = nextSignificant(tokens, after: close), let word = tokens[after].upperWord, !clauseWords.contains(word) { continue }
            named += 1
            tokens.insert(.other(" AS subquery_\(named)"), at: close + 1)
        }
    }

    static func previousSignificant(_ tokens: [Token], before index: Int) -> Int? {
        var i = index - 1
        while i >= 0, isSpace(tokens[i]) { i -= 1 }
        return i >= 0 ? i : nil
    }

    static func rewriteJSONEach(_ tokens: inout [Token]) {
        var index = 0
        while index < tokens.count {
            defer { index += 1 }
            guard tokens[index].upperWord == "JSON_EACH", let open = nextSignificant(tokens, after: index), tokens[open] == .symbol("("),
                  let (close, _) = arguments(tokens, open: open) else { continue }
            tokens.insert(.other(" AS json)"), at: close)
            tokens.insert(.other("CAST("), at: open + 1)
            tokens[index] = .word("json_array_elements_text")
            // `SELECT value FROM json_each(…)`: the ids come back as text; compare them as numbers.
            var back = index - 1
            var seen: [Int] = []
            while back >= 0, seen.count < 3 {
                if !isSpace(tokens[back]) { seen.append(back) }
                back -= 1
            }
            if seen.count == 3, tokens[seen[0]].upperWord == "FROM", tokens[seen[1]].upperWord == "VALUE", tokens[seen[2]].upperWord == "SELECT" {
                tokens[seen[1]] = .other("CAST(value AS bigint)")
            }
        }
    }
}

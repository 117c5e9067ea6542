import ForewarnTestSupport
import Foundation
import Testing

/// The layering rules of DESIGN.md, checked on the sources: every SQL statement lives in PortalStore.
@Suite("Layering: no SQL outside PortalStore")
struct LayeringTests {
    /// What a statement looks like; the same pattern as the repository's before-stop check, plus schema and pragmas.
    static var sql: Regex<(Substring, Substring, Substring?)> { #/(SELECT [^"]* FROM |INSERT INTO |DELETE FROM |UPDATE [a-z_]+ SET |CREATE (TABLE|INDEX|TRIGGER|VIEW) |PRAGMA [a-z_]+)/# }

    /// Each match in a Swift source, as `line: text`.
    static func statements(in source: String) -> [String] {
        var found: [String] = []
        for (number, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let code = line.trimmingCharacters(in: .whitespaces)
            if code.hasPrefix("//") { continue }
            if line.contains(sql) { found.append("\(number + 1): \(code.prefix(120))") }
        }
        // Multi-line string literals: a SELECT on one line and its FROM on the next.
        if source.contains(#/SELECT [^"]*\n[^"]* FROM /#), found.isEmpty { found.append("a multi-line SELECT … FROM") }
        return found
    }

    @Test(arguments: [
        (#"try db.run("DELETE FROM blackouts WHERE id = ?", [id])"#, true),
        (#"try db.query("SELECT name FROM users")"#, true),
        ("let rows = try db.query(\"\"\"\n    SELECT id,\n           name FROM regions\n    \"\"\")", true),
        (#"try db.run("UPDATE users SET role = ?")"#, true),
        (#"try db.execute("PRAGMA foreign_keys = ON")"#, true),
        (#"let text = "Select the servers from the list""#, false),
        (#"try BlackoutStore.delete(db, id: id)"#, false),
    ])
    func theCheckRecognisesStatements(source: String, isSQL: Bool) {
        #expect(Self.statements(in: source).isEmpty != isSQL, "\(source)")
    }

    @Test(arguments: ["Sources/PortalApp", "Sources/forewarn"])
    func noSQLOutsidePortalStore(folder: String) throws {
        let root = repositoryRoot + "/" + folder
        let files = try #require(FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String }).filter { $0.hasSuffix(".swift") }
        #expect(!files.isEmpty)
        var offenders: [String] = []
        for file in files.sorted() {
            let source = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
            offenders += Self.statements(in: source).map { "\(folder)/\(file):\($0)" }
        }
        #expect(offenders.isEmpty, "SQL belongs in a PortalStore store file (one per entity):\n\(offenders.joined(separator: "\n"))")
    }
}

import ForewarnTestSupport
import Foundation
import PortalApp
import PortalHTTP
import PortalStore
import Testing

/// The routes table as data: printed whole (the inventory routes are registered in a loop, so this is where each
/// `/servers/...` line can be read), and the URLs README names checked against it.
@Suite("Routes table")
struct RoutesTableTests {
    static func lines() -> [String] {
        Routes.build().entries.map { entry in
            "\(entry.method.padding(toLength: 6, withPad: " ", startingAt: 0)) \(entry.pattern.padding(toLength: 44, withPad: " ", startingAt: 0)) \(entry.handler.role?.rawValue ?? "anyone")"
        }
    }

    @Test func printsTheWholeTableWithEveryInventoryRouteSpelledOut() {
        let lines = Self.lines()
        print("The routes table (swift test --filter RoutesTableTests):\n" + lines.joined(separator: "\n"))
        for kind in InventoryKind.allCases {
            for pattern in ["/\(kind.rawValue)", "/\(kind.rawValue)/:id", "/\(kind.rawValue).csv", "/api/v1/\(kind.rawValue)/:id"] {
                #expect(lines.contains { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.map(String.init) == pattern }, "\(pattern)")
            }
        }
        let pairs = Routes.build().table.map { "\($0.method) \($0.pattern)" }
        #expect(Set(pairs).count == pairs.count, "no route is registered twice")
    }

    /// Every `/path` (optionally after a method) in README's backticks, with `<kind>` and `<id>` placeholders,
    /// `a|b` alternatives in the last segment, and query strings or `[...]` options dropped. A path ending in `/` is
    /// a prefix (`/api/`).
    static func readmeURLs() throws -> [(method: String?, path: String)] {
        let readme = try String(contentsOfFile: repositoryRoot + "/README.md", encoding: .utf8)
        var found: [(String?, String)] = []
        for match in readme.matches(of: #/`(?:(GET|POST|PUT|PATCH|DELETE) )?(/[^`\s]*)`/#) {
            var path = String(match.output.2)
            if path.hasPrefix("/:") || path.hasPrefix("/static/") { continue }
            if let cut = path.firstIndex(where: { $0 == "?" || $0 == "[" }) { path = String(path[..<cut]) }
            let segments = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            for alternative in (segments.last ?? "").split(separator: "|").map(String.init) {
                found.append((match.output.1.map(String.init), (segments.dropLast() + [alternative]).joined(separator: "/")))
            }
        }
        return found
    }

    @Test func everyURLInTheReadmeIsInTheRoutesTable() throws {
        let router = Routes.build()
        let urls = try Self.readmeURLs()
        #expect(urls.count > 40, "README lists the URL space (\(urls.count) found)")
        let patterns = router.table.map(\.pattern)
        for (_, path) in urls where path.hasSuffix("/") {
            #expect(patterns.contains { $0.hasPrefix(path) }, "README names \(path), under which no route is registered")
        }
        for (method, path) in urls where !path.hasSuffix("/") {
            let concrete = path.replacingOccurrences(of: "<id>", with: "1").replacingOccurrences(of: ":id", with: "1")
            let candidates = concrete.contains("<kind>") ? InventoryKind.allCases.map { concrete.replacingOccurrences(of: "<kind>", with: $0.rawValue) } : [concrete]
            let answered = candidates.contains { candidate in
                switch router.match(method: method ?? "GET", path: candidate) {
                case .success: true
                case .failure(let error): method == nil && error.status == 405
                }
            }
            #expect(answered, "README names \(method.map { $0 + " " } ?? "")\(path), which the routes table does not answer")
        }
    }
}

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import PortalCore
@testable import PortalViews

/// Shared values for the timeline tests: a fixed "now", instants written as text, and a realistic mix of events.
enum TimelineFixtures {
    /// Tuesday 12 January 2027, 12:00 UTC.
    static let now = instant("2027-01-12T12:00:00Z")

    static func instant(_ text: String) -> Date {
        guard let date = TimelineDateText.parseRFC3339(text) else { fatalError("bad fixture instant \(text)") }
        return date
    }

    static func hours(_ h: Double, from date: Date = now) -> Date {
        date.addingTimeInterval(h * 3_600)
    }

    static func event(
        _ id: String, _ kind: TimelineEvent.Kind = .downtime(.planned), start: Date, end: Date?,
        title: String? = nil, state: String = "Scheduled"
    ) -> TimelineEvent {
        TimelineEvent(id: id, kind: kind, title: title ?? "Event \(id)", stateText: state, start: start, end: end,
                      link: "/events/\(id)")
    }

    /// Thirty events over the default two weeks: overlaps, edge crossers, open incidents, a zero-length event,
    /// a cancelled one, long and short ones. The example chart and the structural SVG tests use it.
    static let thirty: [TimelineEvent] = {
        typealias Row = (kind: TimelineEvent.Kind, title: String, start: Double, hours: Double?, state: String, affected: [String], contact: String)
        let rows: [Row] = [
            (.downtime(.planned), "PostgreSQL 16 upgrade on PG-3", -172, 6, "Completed", ["PG-3", "payroll-db", "hr-portal"], "Aiko Tanaka"),
            (.incident(.major), "Payroll API timeouts", -160, 3.5, "Resolved", ["payroll-api"], "Jonas Berg"),
            (.downtime(.planned), "Kernel patching db-east", -140, 4, "Completed", ["db-11", "db-12", "db-13"], "Aiko Tanaka"),
            (.downtime(.emergency), "Firewall rule rollback", -130, 1, "Completed", ["fw-edge-1"], "Marta Ruiz"),
            (.incident(.minor), "Slow search in wiki", -120, 20, "Resolved", ["wiki"], "Lee Chen"),
            (.downtime(.planned), "SAN firmware 9.2", -100, 8, "Completed", ["san-a", "san-b"], "Omar Haddad"),
            (.incident(.critical), "Login outage (SSO)", -96, 2, "Postmortem", ["sso", "hr-portal", "payroll-api"], "Jonas Berg"),
            (.downtime(.unplanned), "Power loss in rack B4", -80, 3, "Completed", ["db-21", "app-7"], "Marta Ruiz"),
            (.downtime(.planned), "Mail relay certificate renewal", -72, 0.5, "Completed", ["smtp-1"], "Lee Chen"),
            (.incident(.minor), "Backup job alerts", -60, 0, "Resolved", ["backup"], "Omar Haddad"),
            (.downtime(.planned), "Cancelled: DNS migration", -50, 5, "Cancelled", ["dns-1", "dns-2"], "Omar Haddad"),
            (.downtime(.planned), "Quarterly DR test", -40, 30, "Completed", ["dr-site"], "Aiko Tanaka"),
            (.incident(.major), "VPN drops for remote staff", -30, 6, "Resolved", ["vpn"], "Jonas Berg"),
            (.downtime(.planned), "Core switch replacement", -26, 8, "Completed", ["sw-core-1"], "Marta Ruiz"),
            (.downtime(.emergency), "Hotfix for payroll rounding", -6, 2, "Completed", ["payroll-api"], "Lee Chen"),
            (.incident(.critical), "Storage latency on PG-3", -3, nil, "Identified", ["PG-3", "payroll-db"], "Jonas Berg"),
            (.downtime(.planned), "Monitoring agent rollout", -2, 10, "In progress", ["all servers"], "Omar Haddad"),
            (.incident(.minor), "Intermittent 502 on intranet", -1, nil, "Investigating", ["intranet"], "Lee Chen"),
            (.downtime(.planned), "Kubernetes 1.31 upgrade", 20, 6, "Scheduled", ["k8s-prod"], "Aiko Tanaka"),
            (.downtime(.planned), "Oracle patch set (ERP)", 30, 4, "Scheduled", ["erp-db"], "Marta Ruiz"),
            (.downtime(.emergency), "Replace failed disk db-12", 8, 1.5, "Scheduled", ["db-12"], "Omar Haddad"),
            (.downtime(.planned), "Data centre cooling service", 44, 12, "Scheduled", ["dc-north"], "Aiko Tanaka"),
            (.downtime(.planned), "Payroll freeze window", 60, 48, "Scheduled", ["payroll-api", "payroll-db"], "Lee Chen"),
            (.downtime(.planned), "Wi-Fi controller upgrade", 70, 3, "Scheduled", ["wlc-1"], "Jonas Berg"),
            (.downtime(.planned), "LDAP schema change", 96, 2, "Scheduled", ["ldap"], "Marta Ruiz"),
            (.downtime(.planned), "Object storage rebalance", 100, 20, "Scheduled", ["s3-gw"], "Omar Haddad"),
            (.downtime(.planned), "HR portal release 4.2", 122, 3, "Scheduled", ["hr-portal"], "Aiko Tanaka"),
            (.downtime(.planned), "Network maintenance window", 140, 6, "Scheduled", ["wan"], "Marta Ruiz"),
            (.downtime(.planned), "Archive migration to tape", 150, 40, "Scheduled", ["archive"], "Lee Chen"),
            (.downtime(.planned), "Backup server OS upgrade", 165, 5, "Scheduled", ["backup"], "Omar Haddad"),
        ]
        return rows.enumerated().map { index, row in
            TimelineEvent(
                id: "e\(index + 1)", kind: row.kind, title: row.title,
                summary: "Work on \(row.affected.joined(separator: ", ")).", stateText: row.state,
                start: hours(row.start), end: row.hours.map { hours(row.start + $0) }, affected: row.affected,
                contactName: row.contact, ticket: "CHG-\(4100 + index)", ticketURL: "https://tickets.example.com/CHG-\(4100 + index)",
                link: "/\(row.kind.slug.hasPrefix("incident") ? "incidents" : "downtimes")/\(index + 1)")
        }
    }()
}

/// Parses XML with Foundation's parser and keeps what the tests look at. On Linux `parse()` can return true for
/// broken input, so well-formedness is `parse() && parserError == nil`.
final class TimelineXMLOutline: NSObject, XMLParserDelegate {
    struct Element {
        let name: String
        let attributes: [String: String]
        var text = ""
        let path: [String]
    }

    private(set) var elements: [Element] = []
    private var open: [Int] = []
    private(set) var wellFormed = false
    private(set) var errorText = ""

    init(_ text: String) {
        super.init()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = self
        let ok = parser.parse()
        wellFormed = ok && parser.parserError == nil
        errorText = parser.parserError.map { "\($0) at line \(parser.lineNumber)" } ?? ""
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements.append(Element(name: name, attributes: attributes, path: open.map { elements[$0].name }))
        open.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let last = open.last { elements[last].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        open.removeLast()
    }

    func all(_ name: String) -> [Element] {
        elements.filter { $0.name == name }
    }
}

/// Runs a Python snippet with arguments and returns what it printed; the tests use it to check feeds with feedparser.
enum TimelinePython {
    static func run(_ script: String, arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

import ForewarnTestSupport
import Foundation
import PortalCore
import PortalStore
import Testing

@Suite("Incidents on the timeline, the status page and the feed")
struct IncidentViewsTests {
    func start() throws -> TestApp {
        let app = try TestApp.start { $0.clockInterval = 0 }
        try app.importFixture()
        return app
    }

    func local(_ date: Date) -> String { String(StoreTime.format(date).dropLast()) }

    /// Opens an incident through the API and returns its id.
    func open(_ app: TestApp, _ title: String, target: String = "pg-3", severity: String = "critical", start: Date, end: Date? = nil) throws -> Int {
        let body = """
            {"title":"\(title)","severity":"\(severity)","targets":[{"kind":"service","name":"\(target)"}],"started_at":"\(local(start))","time_zone":"UTC",
             "engineer":"ana@example.com","ticket":"INC-77","ticket_url":"https://tickets.example.com/77","description":"Storage latency"}
            """
        let created = try app.postJSON("/api/v1/incidents", body)
        let id = try #require((created.json as? [String: Any])?["id"] as? Int, "\(created.text)")
        if let end {
            let resolved = try app.postJSON("/api/v1/incidents/\(id)/resolve", #"{"resolution":"fixed","ended_at":"\#(local(end))","time_zone":"UTC"}"#)
            #expect(resolved.status == 200, "\(resolved.text)")
        }
        return id
    }

    /// The SQL range query agrees with TimelineQuery's rule at every edge (range 10:00–14:00, now 12:00; hours from now).
    @Test func theIndexedRangeQueryMatchesTheTimelineRuleAtTheEdges() throws {
        let app = try start()
        defer { app.stop() }
        let now = try UTCTimestamp.date(from: "2026-01-12T12:00:00Z")
        func hours(_ h: Double) -> Date { now.addingTimeInterval(h * 3600) }
        let range = try TimelineRange(from: hours(-2), to: hours(2))
        let cases: [(String, Double, Double?)] = [
            ("inside", -1, 1), ("crosses the start", -3, -1), ("crosses the end", 1, 3), ("covers the range", -5, 5),
            ("ends exactly at the start", -3, -2), ("entirely before", -6, -4), ("zero-length inside", 0, 0),
            ("zero-length at the start", -2, -2), ("zero-length at the end", 2, 2), ("open, started before", -5, nil),
            ("open, started inside", -1, nil), ("open, starting at the end", 2, nil), ("starts exactly at the end", 2, 3),
        ]
        try app.app.context.store.write { db in
            for (name, start, end) in cases {
                try db.run("""
                    INSERT INTO incidents (title, severity, status, started_at, ended_at, created_by, created_at, updated_at)
                    VALUES (?, 'minor', ?, ?, ?, 'test', ?, ?)
                    """, [name, end == nil ? "investigating" : "resolved", StoreTime.format(hours(start)), end.map { StoreTime.format(hours($0)) },
                          StoreTime.format(now), StoreTime.format(now)])
            }
        }
        let listed = try app.app.context.store.read { try IncidentStore.list($0, IncidentFilter(from: range.from, to: range.to, limit: 100)) }
        let expected = cases.filter { name, start, end in
            TimelineQuery.shows(TimelineEvent(id: name, kind: .incident(.minor), title: name, stateText: "x", start: hours(start),
                                              end: end.map(hours), link: "/"), in: range, now: now)
        }.map(\.0)
        #expect(Set(listed.map(\.title)) == Set(expected))
        #expect(expected.count == 8, "the table covers both sides of every edge")
        // The range query walks the started_at index rather than the whole table.
        let plan = try app.app.context.store.read { db -> String in
            var rows: [String] = []
            try db.forEach("EXPLAIN QUERY PLAN SELECT id FROM incidents i WHERE i.started_at < ? AND (i.ended_at IS NULL OR i.ended_at > ?)", ["a", "b"]) {
                rows.append($0.string(at: 3) ?? "")
            }
            return rows.joined(separator: "; ")
        }
        #expect(plan.contains("incidents_started"), "\(plan)")
    }

    @Test func theTimelineDrawsIncidentsWithTooltipsListsThemAndFiltersThem() throws {
        let app = try start()
        defer { app.stop() }
        let now = Date()
        let openID = try open(app, "Storage <latency>", start: now.addingTimeInterval(-2 * 3600))
        let resolvedID = try open(app, "Portal down earlier", target: "portal", severity: "minor", start: now.addingTimeInterval(-30 * 3600), end: now.addingTimeInterval(-29 * 3600))
        let dt = try app.postJSON("/api/v1/downtimes", """
            {"title":"Patch db-east","kind":"planned","targets":[{"kind":"cluster","name":"db-east"}],"starts_at":"\(local(now.addingTimeInterval(3600)))","ends_at":"\(local(now.addingTimeInterval(7200)))","time_zone":"UTC"}
            """)
        #expect(dt.status == 201)
        let page = try app.get("/timeline")
        #expect(page.status == 200)
        #expect(page.text.contains("tl-incident-critical"), "an incident bar with its severity colour")
        #expect(page.text.contains("href=\"/incidents/\(openID)\""))
        #expect(page.text.contains("Storage &lt;latency&gt;"))
        #expect(!page.text.contains("Storage <latency>"))
        // Tooltip: description, affected systems, engineer, ticket.
        #expect(page.text.contains("Storage latency"))
        #expect(page.text.contains("Ana Lima"))
        #expect(page.text.contains("INC-77"))
        #expect(page.text.contains("service payroll"), "affected services from the impact snapshot")
        #expect(page.text.contains(">INC-\(openID)</a>"), "in the list fallback")
        #expect(page.text.contains("ongoing"))
        #expect(page.text.contains("Patch db-east"))
        let onlyIncidents = try app.get("/timeline?kind=incident")
        #expect(onlyIncidents.text.contains(">INC-\(openID)</a>") && !onlyIncidents.text.contains("Patch db-east"))
        let onlyOpen = try app.get("/timeline?state=investigating")
        #expect(onlyOpen.text.contains(">INC-\(openID)</a>") && !onlyOpen.text.contains(">INC-\(resolvedID)</a>"))
        let planned = try app.get("/timeline?kind=planned")
        #expect(!planned.text.contains(">INC-\(openID)</a>") && planned.text.contains("Patch db-east"))
        // pg-3's incident also reaches portal (portal → payroll → pg-3), but the portal incident never touched pg-3.
        let byTarget = try app.get("/timeline?target=pg-3")
        #expect(byTarget.text.contains(">INC-\(openID)</a>") && !byTarget.text.contains(">INC-\(resolvedID)</a>"))
    }

    @Test func theStatusPageAndJSONDeriveFromOpenIncidentsAndListTheLast90Days() throws {
        let app = try start()
        defer { app.stop() }
        let now = Date()
        let openID = try open(app, "PG-3 storage", start: now.addingTimeInterval(-3600))
        _ = try app.postJSON("/api/v1/incidents/\(openID)/updates", #"{"status":"identified","message":"A disk is failing"}"#)
        let oldID = try open(app, "Portal slow last month", target: "portal", severity: "minor", start: now.addingTimeInterval(-20 * 86_400), end: now.addingTimeInterval(-20 * 86_400 + 1800))
        let ancientID = try open(app, "Ancient", target: "portal", severity: "minor", start: now.addingTimeInterval(-120 * 86_400), end: now.addingTimeInterval(-120 * 86_400 + 1800))
        let json = try #require(try app.get("/api/v1/status").json as? [String: Any])
        let components = try #require(json["components"] as? [[String: Any]])
        #expect(components.first { $0["name"] as? String == "pg-3" }?["status"] as? String == "major_outage", "open critical incident, service down")
        // portal's own incident is resolved; it depends softly (through payroll) on pg-3, so the open one degrades it.
        #expect(components.first { $0["name"] as? String == "portal" }?["status"] as? String == "degraded_performance")
        #expect((json["status"] as? [String: Any])?["indicator"] as? String == "critical")
        let ongoing = try #require(json["incidents"] as? [[String: Any]])
        #expect(ongoing.map { $0["id"] as? String ?? "" } == ["INC-\(openID)"], "unresolved only, as Statuspage widgets expect")
        let incidents = try #require(json["recent_incidents"] as? [[String: Any]])
        #expect(incidents.map { $0["id"] as? String ?? "" } == ["INC-\(openID)", "INC-\(oldID)"], "the last 90 days, newest first")
        let first = incidents[0]
        #expect(Set(first.keys).isSuperset(of: ["id", "name", "status", "impact", "created_at", "updated_at", "resolved_at", "shortlink", "incident_updates"]))
        #expect(first["status"] as? String == "identified" && first["impact"] as? String == "critical" && first["resolved_at"] is NSNull)
        let updates = try #require(first["incident_updates"] as? [[String: Any]])
        #expect(updates.map { $0["body"] as? String ?? "" } == ["A disk is failing", "Storage latency"], "newest first")
        #expect(updates.first?["status"] as? String == "identified" && updates.first?["created_at"] is String)
        #expect(incidents[1]["status"] as? String == "resolved" && incidents[1]["resolved_at"] is String)
        let page = try app.get("/status")
        #expect(page.text.contains("href=\"/incidents/\(openID)\"") && page.text.contains("Portal slow last month"))
        #expect(!page.text.contains("Ancient") && ancientID > 0)
    }

    @Test func theAtomFeedCarriesIncidentsAndIsValidForFeedparser() throws {
        let app = try start()
        defer { app.stop() }
        let now = Date()
        _ = try open(app, "PG-3 storage & <latency>", start: now.addingTimeInterval(-3600))
        _ = try open(app, "Portal hiccup", target: "portal", severity: "minor", start: now.addingTimeInterval(-7200), end: now.addingTimeInterval(-3600))
        let feed = try app.get("/feed.atom")
        let path = temporaryDirectory() + "/incidents.xml"
        try Data(feed.body).write(to: URL(fileURLWithPath: path))
        let result = try runTool("python3", ["-c", "import feedparser,sys\nd=feedparser.parse(sys.argv[1])\nprint(int(d.bozo), len(d.entries), '|'.join(e.title for e in d.entries), '|'.join(e.link for e in d.entries))", path])
        #expect(result.hasPrefix("0 2 "), "\(result)")
        #expect(result.contains("[Critical incident] PG-3 storage & <latency> (Investigating)"), "\(result)")
        #expect(result.contains("[Minor incident] Portal hiccup (Resolved)"), "\(result)")
        #expect(result.contains("/incidents/"))
        let filtered = try app.get("/feed.atom?target=pg-3")
        #expect(filtered.text.contains("PG-3 storage") && !filtered.text.contains("Portal hiccup"))
    }

    /// 5,000 downtimes and 5,000 incidents in a week, 20,000 incidents outside it: the page reads only the range.
    @Test func theTimelineStaysFastWithTenThousandEventsInRange() throws {
        let app = try start()
        defer { app.stop() }
        try app.app.context.store.write { db in
            try db.run("""
                WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 4999)
                INSERT INTO downtimes (title, kind, state, starts_at, ends_at, time_zone, created_at, updated_at)
                SELECT 'bulk downtime ' || i, 'planned', 'scheduled', strftime('%Y-%m-%dT%H:%M:%SZ', '2026-03-02', '+' || (i * 2) || ' minutes'),
                       strftime('%Y-%m-%dT%H:%M:%SZ', '2026-03-02', '+' || (i * 2 + 90) || ' minutes'), 'UTC', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n
                """)
            try db.run("INSERT INTO downtime_targets (downtime_id, service_id) SELECT id, (SELECT id FROM services WHERE name = 'payroll') FROM downtimes")
            try db.run("""
                WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 24999)
                INSERT INTO incidents (title, severity, status, started_at, ended_at, created_by, created_at, updated_at)
                SELECT 'bulk incident ' || i, 'major', 'resolved',
                       strftime('%Y-%m-%dT%H:%M:%SZ', CASE WHEN i < 5000 THEN '2026-03-02' ELSE '2025-01-01' END, '+' || (i * 2) || ' minutes'),
                       strftime('%Y-%m-%dT%H:%M:%SZ', CASE WHEN i < 5000 THEN '2026-03-02' ELSE '2025-01-01' END, '+' || (i * 2 + 45) || ' minutes'),
                       'test', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n
                """)
            try db.run("INSERT INTO incident_targets (incident_id, service_id) SELECT id, (SELECT id FROM services WHERE name = 'pg-3') FROM incidents")
            try db.run("INSERT INTO incident_services (incident_id, service_id, state) SELECT id, (SELECT id FROM services WHERE name = 'pg-3'), 'down' FROM incidents")
        }
        let inRange = try app.app.context.store.read {
            try IncidentStore.list($0, IncidentFilter(from: try UTCTimestamp.date(from: "2026-03-02T00:00:00Z"), to: try UTCTimestamp.date(from: "2026-03-09T00:00:00Z"), limit: 100_000)).count
        }
        #expect(inRange == 5000, "\(inRange) incidents in the week")
        let clock = ContinuousClock()
        var page: RawResponse?
        let elapsed = try clock.measure { page = try app.get("/timeline?from=2026-03-02&to=2026-03-08") }
        print("timeline: \(inRange) incidents + 5000 downtimes in range rendered in \(elapsed), \((page?.body.count ?? 0) / 1024) KiB")
        #expect(page?.status == 200)
        #expect(page?.text.contains("tl-incident-major") == true && page?.text.contains("tl-downtime-planned") == true)
        #expect(page?.text.contains("Showing the first 1,000 of 10,000 events") == true, "the list under the chart is capped")
        #expect(elapsed < .seconds(30), "smoke bound for a debug build on a shared machine; the release figure is in the report")
    }
}

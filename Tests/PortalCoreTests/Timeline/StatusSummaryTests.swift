import Foundation
import Testing
@testable import PortalCore
@testable import PortalViews

@Suite struct StatusSummaryTests {
    static func json() throws -> [String: Any] {
        let data = try StatusDerivationTests.summary().jsonData()
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func keys(_ value: Any?) -> Set<String> {
        Set((value as? [String: Any])?.keys.map { $0 } ?? [])
    }

    /// Key sets as Statuspage's `summary.json` writes them (the subset this portal fills), checked literally.
    @Test func keysAreStatuspages() throws {
        let root = try Self.json()
        // Statuspage's keys, plus Forewarn's recent_incidents (the 90-day history, resolved ones included).
        #expect(Set(root.keys) == ["page", "components", "incidents", "scheduled_maintenances", "status", "recent_incidents"])
        #expect(Self.keys(root["page"]) == ["id", "name", "url", "time_zone", "updated_at"])
        let components = try #require(root["components"] as? [[String: Any]])
        #expect(components.count == 4)
        for component in components {
            #expect(Self.keys(component) == ["id", "name", "status", "updated_at"])
        }
        let ongoing = try #require(root["incidents"] as? [[String: Any]])
        #expect(ongoing.allSatisfy { $0["resolved_at"] is NSNull }, "the summary's incidents are unresolved ones only")
        let incidents = try #require(root["recent_incidents"] as? [[String: Any]])
        #expect(incidents.count > ongoing.count)
        for incident in incidents {
            #expect(Self.keys(incident) == ["id", "name", "status", "impact", "created_at", "updated_at", "resolved_at", "shortlink",
                                            "started_at", "components", "incident_updates"])
        }
        #expect(incidents.first?["resolved_at"] is NSNull, "an open incident writes resolved_at as null")
        #expect(incidents.last?["resolved_at"] as? String == "2027-01-12T09:00:00Z")
        let update = try #require((incidents.first?["incident_updates"] as? [[String: Any]])?.first)
        #expect(Self.keys(update) == ["status", "body", "created_at"])
        let maintenances = try #require(root["scheduled_maintenances"] as? [[String: Any]])
        for maintenance in maintenances {
            #expect(Self.keys(maintenance) == ["id", "name", "status", "impact", "shortlink", "scheduled_for", "scheduled_until", "components"])
        }
        #expect(maintenances.last?["scheduled_until"] is NSNull)
        #expect(Self.keys(root["status"]) == ["indicator", "description"])
    }

    @Test func valuesUseStatuspagesWords() throws {
        let root = try Self.json()
        let statuses = (root["components"] as? [[String: Any]])?.compactMap { $0["status"] as? String }
        #expect(statuses == ["under_maintenance", "operational", "major_outage", "operational"])
        #expect((root["status"] as? [String: Any])?["indicator"] as? String == "critical")
        let maintenance = (root["scheduled_maintenances"] as? [[String: Any]])?.first
        #expect(maintenance?["status"] as? String == "in_progress")
        #expect(maintenance?["impact"] as? String == "maintenance")
        #expect(maintenance?["scheduled_for"] as? String == "2027-01-12T11:00:00Z")
        #expect(Set(StatusSummary.ComponentStatus.allCases.map(\.rawValue))
            == ["operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"])
        #expect(StatusSummary.Indicator.allCases.map(\.rawValue) == ["none", "minor", "major", "critical"])
    }

    @Test func outputIsStableAndSorted() throws {
        let first = try StatusDerivationTests.summary().jsonData()
        let second = try StatusDerivationTests.summary().jsonData()
        #expect(first == second)
        let text = String(decoding: first, as: UTF8.self)
        #expect(text.hasPrefix("{\"components\":[{\"id\":\"payroll\",\"name\":\"Payroll\",\"status\":\"under_maintenance\",\"updated_at\":\"2027-01-12T11:30:00Z\"}"))
        #expect(text.contains("\"url\":\"https://status.example.com\""), "slashes are not escaped")
        // Top-level keys in order: components, incidents, page, scheduled_maintenances, status (last).
        let positions = ["\"incidents\":", "\"page\":", "\"scheduled_maintenances\":"].map { text.range(of: $0)!.lowerBound }
        #expect(positions == positions.sorted())
        #expect(text.hasSuffix(",\"status\":{\"description\":\"Major System Outage\",\"indicator\":\"critical\"}}"))
    }

    @Test func roundTripsThroughJSON() throws {
        let summary = StatusDerivationTests.summary()
        #expect(try StatusSummary.decode(from: summary.jsonData(prettyPrinted: true)) == summary)
    }

    @Test func timestampsIgnoreTheEncodersDateStrategy() throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        let text = String(decoding: try encoder.encode(StatusSummary.Timestamp(TimelineFixtures.now)), as: UTF8.self)
        #expect(text == "\"2027-01-12T12:00:00Z\"")
    }

    @Test(arguments: [
        ("2027-01-12T12:00:00Z", "2027-01-12T12:00:00Z"),
        ("2019-02-21T08:31:24.239-06:00", "2019-02-21T14:31:24Z"),
        ("2027-01-12T13:30:00+01:30", "2027-01-12T12:00:00Z"),
    ])
    func readsStatuspageTimestamps(input: String, utc: String) throws {
        let decoded = try JSONDecoder().decode(StatusSummary.Timestamp.self, from: Data("\"\(input)\"".utf8))
        #expect(decoded.description == utc)
    }

    @Test(arguments: ["2027-01-12", "2027-01-12T12:00:00", "2027-02-30T12:00:00Z", "yesterday"])
    func refusesOtherTimestamps(input: String) {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(StatusSummary.Timestamp.self, from: Data("\"\(input)\"".utf8))
        }
    }
}

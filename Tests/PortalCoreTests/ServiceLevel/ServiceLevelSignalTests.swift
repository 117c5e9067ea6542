import PortalCore
import Testing

@Suite("Service level from signals")
struct ServiceLevelSignalTests {
    @Test(arguments: [
        ("no samples", 0, 0, 0, 0, MinuteSignal.noSignal),
        ("all passed", 6, 6, 0, 0, .good),
        ("one failed", 6, 5, 0, 0, .bad),
        ("all failed in declared downtime", 6, 0, 6, 0, .maintenance),
        ("failures in downtime, the rest passed", 6, 3, 3, 0, .good),
        ("a failure outside downtime", 6, 2, 3, 0, .bad),
    ])
    func aCheckMinute(name: String, samples: Int, up: Int, maintenance: Int, maintenanceUp: Int, expected: MinuteSignal) {
        #expect(MinuteSignal(samples: samples, up: up, maintenanceSamples: maintenance, maintenanceUp: maintenanceUp) == expected, "\(name)")
    }

    @Test(arguments: [
        ([MinuteSignal](), MinuteSignal.noSignal),
        ([.good, .bad], .bad),
        ([.good, .maintenance], .good),
        ([.maintenance, .noSignal], .maintenance),
    ])
    func aServiceMinuteFromItsChecks(signals: [MinuteSignal], expected: MinuteSignal) {
        #expect(MinuteSignal.combine(signals) == expected)
    }

    @Test func countsJudgeLikeMinutes() {
        let minutes = ServiceLevelTests.signals("gggggggggb")
        let fromMinutes = ServiceLevelAssessment(name: "User", signals: minutes, now: 100_000, slaPercent: 99.9, inMaintenance: false)
        let fromCounts = ServiceLevelAssessment(name: "User", levels: fromMinutes.levels, periodGood: 9, periodBad: 1, latest: .bad,
                                                slaPercent: 99.9, inMaintenance: false)
        #expect(fromCounts == fromMinutes)
    }

    static let inventory: Inventory = {
        let regions = [Region(id: 1, name: "EU"), Region(id: 2, name: "Paris", parentID: 1)]
        let servers = [Server(id: 1, name: "web-1", regionID: 2), Server(id: 2, name: "db-1", regionID: 1)]
        let services = [Service(id: 1, name: "web"), Service(id: 2, name: "db"), Service(id: 3, name: "cache")]
        let placements = [Placement(serviceID: 1, serverID: 1), Placement(serviceID: 2, serverID: 2)]
        let dependencies = [Dependency(serviceID: 1, dependsOnID: 2, kind: .hard), Dependency(serviceID: 1, dependsOnID: 3, kind: .soft)]
        let processes = [BusinessProcess(id: 1, name: "Checkout", serviceIDs: [1])]
        return try! Inventory(regions: regions, servers: servers, services: services, placements: placements, dependencies: dependencies,
                              processes: processes)
    }()

    static func state(_ id: Int64, _ percent: Double?, _ mood: ServiceMood) -> ServiceLevelState {
        ServiceLevelState(subject: .service(id), name: "s\(id)", percent: percent, mood: mood, reason: "")
    }

    @Test(arguments: [
        // subject, web, db, cache → expected percent, mood
        ("process: worst of its services and hard dependencies", ServiceLevelSubject.process(1), 100.0, 90.0, 50.0, 90.0, ServiceMood.degraded),
        ("region with a sub-region: mean of both services", .region(1), 100.0, 90.0, 50.0, 95.0, .degraded),
        ("sub-region: its own service only", .region(2), 100.0, 90.0, 50.0, 100.0, .ok),
        ("overall: mean of all", .overall, 100.0, 90.0, 50.0, 80.0, .degraded),
    ])
    func aggregates(name: String, subject: ServiceLevelSubject, web: Double, db: Double, cache: Double, percent: Double, mood: ServiceMood) throws {
        let services: [Int64: ServiceLevelState] = [1: Self.state(1, web, .ok), 2: Self.state(2, db, .degraded), 3: Self.state(3, cache, .degraded)]
        let result = try #require(ServiceLevelAggregates.states(inventory: Self.inventory, services: services).first { $0.subject == subject })
        #expect(abs((result.percent ?? -1) - percent) < 0.0001, "\(name)")
        #expect(result.mood == mood, "\(name)")
    }
}

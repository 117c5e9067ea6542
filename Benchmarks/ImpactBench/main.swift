// Impact of a downtime on the 100,000-server demo inventory: the in-memory resolver (PortalCore) against an
// equivalent recursive-CTE query in SQLite, in the same process. Targets: region <= 100 ms warm, cluster <= 10 ms.
import Foundation
import PortalCore
import PortalStore

func milliseconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
}

/// CPU time of this thread, in milliseconds: what the waiting of a shared machine does not change.
func threadCPUMilliseconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
    return Double(now.tv_sec) * 1000 + Double(now.tv_nsec) / 1_000_000
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: impact-bench DATABASE")
    exit(2)
}
let store = try Store(path: arguments[1])
var inventory: Inventory!
let loadTime = try milliseconds { inventory = try store.read { try InventoryLoader.load($0) } }
print("loaded \(inventory.servers.count) servers, \(inventory.services.count) services, \(inventory.dependencies.count) dependency edges in \(String(format: "%.0f", loadTime)) ms")

// The mid-level region holding the most servers (not the root), and the largest cluster.
var serversPerRegion: [Int64: Int] = [:]
let clusterRegion = Dictionary(uniqueKeysWithValues: inventory.clusters.map { ($0.id, $0.regionID) })
for server in inventory.servers {
    var region = server.regionID ?? server.clusterID.flatMap { clusterRegion[$0] }
    while let id = region {
        serversPerRegion[id, default: 0] += 1
        region = inventory.region(id)?.parentID
    }
}
let parentIDs = Set(inventory.regions.compactMap(\.parentID))
let midRegions = inventory.regions.filter { $0.parentID != nil && parentIDs.contains($0.id) }
let region = midRegions.max { (serversPerRegion[$0.id] ?? 0) < (serversPerRegion[$1.id] ?? 0) }!
var clusterSizes: [Int64: Int] = [:]
for server in inventory.servers { if let c = server.clusterID { clusterSizes[c, default: 0] += 1 } }
let cluster = inventory.clusters.max { (clusterSizes[$0.id] ?? 0) < (clusterSizes[$1.id] ?? 0) }!

let resolver = ImpactResolver(inventory: inventory)
func bench(_ label: String, _ target: ObjectRef, cte: String, target ms: Double) throws {
    var impact: Impact!
    for _ in 0..<3 { impact = try resolver.resolve(targets: [target]) }
    var swiftCPU: [Double] = []
    let swiftTimes = try (0..<11).map { _ in
        let cpu = threadCPUMilliseconds()
        defer { swiftCPU.append(threadCPUMilliseconds() - cpu) }
        return try milliseconds { impact = try resolver.resolve(targets: [target]) }
    }
    var sqlCount = 0
    var sqlCPU: [Double] = []
    let sqlTimes = try store.read { db in
        try (0..<5).map { _ in
            let cpu = threadCPUMilliseconds()
            defer { sqlCPU.append(threadCPUMilliseconds() - cpu) }
            return try milliseconds { if case .integer(let n)? = try db.scalar(cte, [target.id]) { sqlCount = Int(n) } }
        }
    }
    let swiftMedian = median(swiftTimes), sqlMedian = median(sqlTimes)
    let services = impact.affected(ofKind: .service).count
    print("\(label): resolver \(String(format: "%.2f", swiftMedian)) ms warm (target <= \(Int(ms)) ms, \(swiftMedian <= ms ? "OK" : "OVER")), "
          + "\(impact.affected.count) affected objects (\(services) services), \(impact.contacts.count) contacts; "
          + "recursive CTE \(String(format: "%.1f", sqlMedian)) ms for \(sqlCount) affected services and servers; "
          + "resolver is \(String(format: "%.1f", sqlMedian / swiftMedian))x faster")
    print("  CPU time (this thread): resolver \(String(format: "%.2f", median(swiftCPU))) ms, recursive CTE \(String(format: "%.1f", median(sqlCPU))) ms, "
          + "\(String(format: "%.1f", median(sqlCPU) / median(swiftCPU)))x")
    // Contact reasons are gathered on first use (#14); a page that shows every contact's reasons pays this on top.
    var gatherCPU: [Double] = []
    let gatherTimes = try (0..<11).map { _ in
        let cpu = threadCPUMilliseconds()
        defer { gatherCPU.append(threadCPUMilliseconds() - cpu) }
        return try milliseconds {
            impact = try resolver.resolve(targets: [target])
            var reasons = 0
            for contact in impact.contacts { reasons += contact.reasons.count }
            precondition(reasons >= impact.contacts.count)
        }
    }
    print("  resolver plus every contact's reasons gathered: \(String(format: "%.2f", median(gatherTimes))) ms wall, "
          + "\(String(format: "%.2f", median(gatherCPU))) ms CPU")
}

// The CTE answers the narrower question "which servers and services are affected at all" (no redundancy maths,
// no states, no explanations, no contacts): a lower bound on what SQL alone would cost.
let affectedSQL = """
    WITH RECURSIVE
      regs(id) AS (SELECT ?1 UNION SELECT r.id FROM regions r JOIN regs ON r.parent_id = regs.id),
      srv(id) AS (SELECT s.id FROM servers s WHERE s.region_id IN regs OR s.cluster_id IN (SELECT c.id FROM clusters c WHERE c.region_id IN regs)),
      svc(id) AS (SELECT p.service_id FROM placements p WHERE p.server_id IN srv OR p.cluster_id IN (SELECT c.id FROM clusters c WHERE c.region_id IN regs)
                  UNION SELECT d.service_id FROM dependencies d JOIN svc ON d.depends_on_id = svc.id)
    SELECT (SELECT count(*) FROM srv) + (SELECT count(*) FROM svc)
    """
let clusterSQL = """
    WITH RECURSIVE
      srv(id) AS (SELECT s.id FROM servers s WHERE s.cluster_id = ?1),
      svc(id) AS (SELECT p.service_id FROM placements p WHERE p.server_id IN srv OR p.cluster_id = ?1
                  UNION SELECT d.service_id FROM dependencies d JOIN svc ON d.depends_on_id = svc.id)
    SELECT (SELECT count(*) FROM srv) + (SELECT count(*) FROM svc)
    """
try bench("region \(region.name) (\(serversPerRegion[region.id] ?? 0) servers)", .region(region.id), cte: affectedSQL, target: 100)
try bench("cluster \(cluster.name) (\(clusterSizes[cluster.id] ?? 0) servers)", .cluster(cluster.id), cte: clusterSQL, target: 10)

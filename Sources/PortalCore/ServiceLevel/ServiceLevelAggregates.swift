/// Levels of processes, regions and the whole estate from their services' levels, following the inventory:
/// a process is as good as the worst of its services and their hard dependencies (transitively); a region (with its
/// sub-regions) and the whole estate take the mean of the services placed in them.
public enum ServiceLevelAggregates {
    /// Every aggregate's state from the services' states (keyed by service id), in subject order.
    /// `slaPercent`: the advertised SLA of every service that has one (the reason of an aggregate names it).
    public static func states(inventory: Inventory, services: [Int64: ServiceLevelState], slaPercent: [Int64: Double] = [:]) -> [ServiceLevelState] {
        var hardDependencies: [Int64: [Int64]] = [:]
        for dependency in inventory.dependencies where dependency.kind == .hard {
            hardDependencies[dependency.serviceID, default: []].append(dependency.dependsOnID)
        }
        var result: [ServiceLevelState] = []
        let all = Array(services.values)
        let advertising = Set(slaPercent.keys)
        result.append(aggregate(.overall, name: "Overall", members: all, mean: true, advertising: advertising))

        // Regions: a service counts in the region of each server or cluster it is placed on and in every ancestor.
        let regionOfCluster = Dictionary(inventory.clusters.map { ($0.id, $0.regionID) }, uniquingKeysWith: { a, _ in a })
        let serverRegion = Dictionary(inventory.servers.map { ($0.id, $0.regionID ?? $0.clusterID.flatMap { regionOfCluster[$0] }) },
                                      uniquingKeysWith: { a, _ in a })
        let parent = Dictionary(inventory.regions.map { ($0.id, $0.parentID) }, uniquingKeysWith: { a, _ in a })
        var servicesByRegion: [Int64: Set<Int64>] = [:]
        for placement in inventory.placements {
            var region = placement.serverID.flatMap { serverRegion[$0] ?? nil } ?? placement.clusterID.flatMap { regionOfCluster[$0] }
            var seen: Set<Int64> = []
            while let current = region, seen.insert(current).inserted {
                servicesByRegion[current, default: []].insert(placement.serviceID)
                region = parent[current] ?? nil
            }
        }
        for region in inventory.regions.sorted(by: { $0.id < $1.id }) {
            let members = (servicesByRegion[region.id] ?? []).sorted().compactMap { services[$0] }
            result.append(aggregate(.region(region.id), name: region.name, members: members, mean: true, advertising: advertising))
        }
        for process in inventory.processes.sorted(by: { $0.id < $1.id }) {
            let members = self.members(of: process, hardDependencies: hardDependencies).compactMap { services[$0] }
            result.append(aggregate(.process(process.id), name: process.name, members: members, mean: false, advertising: advertising))
        }
        return result
    }

    /// The services a process's level is taken from: its own and their hard dependencies, transitively, by id.
    public static func members(of process: BusinessProcess, inventory: Inventory) -> [Int64] {
        var hardDependencies: [Int64: [Int64]] = [:]
        for dependency in inventory.dependencies where dependency.kind == .hard {
            hardDependencies[dependency.serviceID, default: []].append(dependency.dependsOnID)
        }
        return members(of: process, hardDependencies: hardDependencies)
    }

    static func members(of process: BusinessProcess, hardDependencies: [Int64: [Int64]]) -> [Int64] {
        var included: Set<Int64> = []
        var queue = process.serviceIDs
        while let next = queue.popLast() {
            guard included.insert(next).inserted else { continue }
            queue += hardDependencies[next] ?? []
        }
        return included.sorted()
    }

    /// With no member below its level, the reason says "within advertised SLA range" when some member advertises an
    /// SLA (`advertising`: ids of services with one), "no service below its level" otherwise.
    static func aggregate(_ subject: ServiceLevelSubject, name: String, members: [ServiceLevelState], mean: Bool,
                          advertising: Set<Int64> = []) -> ServiceLevelState {
        let percents = members.map(\.percent)
        let percent = mean ? ServiceLevelAggregation.mean(percents) : ServiceLevelAggregation.worst(percents)
        let mood = ServiceMood.worst(members.map(\.mood))
        let reason: String
        if let percent {
            var parts: [String] = []
            for bad in [ServiceMood.down, .breaching, .degraded] {
                let count = members.filter { $0.mood == bad }.count
                if count > 0 { parts.append(parts.isEmpty ? "\(count) service\(count == 1 ? "" : "s") \(bad.rawValue)" : "\(count) \(bad.rawValue)") }
            }
            let advertised = members.contains { if case .service(let id) = $0.subject { advertising.contains(id) } else { false } }
            let detail = !parts.isEmpty ? parts.joined(separator: ", ") : advertised ? "within advertised SLA range" : "no service below its level"
            reason = "\(name) service level: \(ServiceLevel.format(percent)) (\(detail))"
        } else {
            reason = mood == .maintenance ? "\(name): in declared maintenance" : "\(name) service level: unknown (no signal)"
        }
        return ServiceLevelState(subject: subject, name: name, percent: percent, mood: mood, reason: reason)
    }
}

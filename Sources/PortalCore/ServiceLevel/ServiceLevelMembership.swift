/// Which services every aggregate takes its level from, worked out once per inventory: the whole estate, each region
/// (services placed on its servers or clusters, or in a sub-region) and each process (its services and their hard
/// dependencies, transitively). A level pass then only looks members up, and after a change recomputes only the
/// aggregates the changed services count in (`groupsOf`).
public struct ServiceLevelMembership: Sendable {
    /// One aggregate and its members.
    public struct Group: Sendable {
        public let subject: ServiceLevelSubject
        public let name: String
        /// Member service ids, ascending.
        public let members: [Int64]
        /// The mean of the members' levels (regions, overall) or the worst (processes).
        public let mean: Bool
    }

    /// Overall, then the regions by id, then the processes by id.
    public let groups: [Group]
    /// The indexes in `groups` of the aggregates each service counts in.
    public let groupsOf: [Int64: [Int]]

    public init(inventory: Inventory) {
        var groups = [Group(subject: .overall, name: "Overall", members: inventory.services.map(\.id).sorted(), mean: true)]
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
            groups.append(Group(subject: .region(region.id), name: region.name, members: (servicesByRegion[region.id] ?? []).sorted(), mean: true))
        }
        let hardDependencies = Self.hardDependencies(inventory)
        for process in inventory.processes.sorted(by: { $0.id < $1.id }) {
            groups.append(Group(subject: .process(process.id), name: process.name,
                                members: Self.members(of: process, hardDependencies: hardDependencies), mean: false))
        }
        var groupsOf: [Int64: [Int]] = [:]
        for (index, group) in groups.enumerated() {
            for member in group.members { groupsOf[member, default: []].append(index) }
        }
        self.groups = groups
        self.groupsOf = groupsOf
    }

    /// The services a process's level is taken from: its own and their hard dependencies, transitively, by id.
    public static func members(of process: BusinessProcess, inventory: Inventory) -> [Int64] {
        members(of: process, hardDependencies: hardDependencies(inventory))
    }

    static func hardDependencies(_ inventory: Inventory) -> [Int64: [Int64]] {
        var result: [Int64: [Int64]] = [:]
        for dependency in inventory.dependencies where dependency.kind == .hard {
            result[dependency.serviceID, default: []].append(dependency.dependsOnID)
        }
        return result
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
}

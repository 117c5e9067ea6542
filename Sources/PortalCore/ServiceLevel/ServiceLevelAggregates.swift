/// Levels of processes, regions and the whole estate from their services' levels, following the inventory
/// (`ServiceLevelMembership`): a process is as good as the worst of its services and their hard dependencies
/// (transitively); a region (with its sub-regions) and the whole estate take the mean of the services placed in them.
public enum ServiceLevelAggregates {
    /// Every aggregate's state from the services' states (keyed by service id), in subject order.
    /// `slaPercent`: the advertised SLA of every service that has one (the reason of an aggregate names it).
    public static func states(inventory: Inventory, services: [Int64: ServiceLevelState], slaPercent: [Int64: Double] = [:]) -> [ServiceLevelState] {
        let membership = ServiceLevelMembership(inventory: inventory)
        return membership.groups.map { state(of: $0, services: services, advertising: Set(slaPercent.keys)) }
    }

    /// The services a process's level is taken from: its own and their hard dependencies, transitively, by id.
    public static func members(of process: BusinessProcess, inventory: Inventory) -> [Int64] {
        ServiceLevelMembership.members(of: process, inventory: inventory)
    }

    /// One aggregate's state from its members' states (`advertising`: ids of services with an advertised SLA).
    public static func state(of group: ServiceLevelMembership.Group, services: [Int64: ServiceLevelState],
                             advertising: Set<Int64>) -> ServiceLevelState {
        aggregate(group.subject, name: group.name, members: group.members.compactMap { services[$0] }, mean: group.mean, advertising: advertising)
    }

    /// One aggregate's level from its members' levels (nil: no member has a signal).
    public static func percent(of group: ServiceLevelMembership.Group, percents: [Int64: Double]) -> Double? {
        let known = group.members.map { percents[$0] }
        return group.mean ? ServiceLevelAggregation.mean(known) : ServiceLevelAggregation.worst(known)
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

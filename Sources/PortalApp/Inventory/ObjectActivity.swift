import Foundation
import PortalCore
import PortalHTTP
import PortalStore

/// What is happening to one inventory object: the downtimes (in progress, upcoming, recent) and open incidents that
/// reach it, directly or through the impact engine, and where "Declare a downtime here" starts.
struct ObjectActivity {
    struct Row {
        let reference: String
        let href: String
        let title: String
        let state: String
        let stateClass: String
        let when: String
        let how: String
    }

    struct Group {
        let heading: String
        let rows: [Row]
        let hasRows: Bool
        let empty: String
    }

    let groups: [Group]
    let incidents: [Row]
    let hasIncidents: Bool
    let declareHref: String

    /// How far back "recent" reaches and how far ahead "upcoming" looks.
    static let recentDays = 30.0, aheadDays = 90.0

    static func load(_ context: AppContext, object: ObjectRef, now: Date = Date()) throws -> ObjectActivity {
        let inventory = try context.inventory.current(context.store)
        let (downtimes, incidents) = try context.store.read { db in
            (try DowntimeStore.list(db, from: now.addingTimeInterval(-recentDays * 86_400), to: now.addingTimeInterval(aheadDays * 86_400),
                                    states: [.draft, .scheduled, .inProgress, .completed], limit: 500),
             try IncidentStore.list(db, IncidentFilter(statuses: [.investigating, .identified, .monitoring], ascending: false, limit: 200)))
        }
        let resolver = ImpactResolver(inventory: inventory)
        // One resolution per distinct set of targets: a series' occurrences share theirs.
        var cache: [[ObjectRef]: String?] = [:]
        func how(_ targets: [ObjectRef]) -> String? {
            if targets.contains(object) { return "directly" }
            if let known = cache[targets] { return known }
            var answer: String?
            if let impact = try? resolver.resolve(targets: targets), let state = impact.state(of: object) {
                answer = impact.explain(object) ?? "\(state.rawValue.replacingOccurrences(of: "_", with: " ")) through what it depends on"
            }
            cache[targets] = answer
            return answer
        }
        var current: [Row] = [], upcoming: [Row] = [], recent: [Row] = []
        for downtime in downtimes {
            guard let why = how(downtime.targets.map(\.object)) else { continue }
            let row = Row(reference: "DT-\(downtime.id)", href: "/downtimes/\(downtime.id)", title: downtime.title, state: downtime.state.displayName,
                          stateClass: downtime.state.rawValue, when: downtime.window.formatted, how: why)
            if downtime.state == .completed || downtime.window.end <= now {
                recent.append(row)
            } else if downtime.state == .inProgress || downtime.window.start <= now {
                current.append(row)
            } else {
                upcoming.append(row)
            }
        }
        let open = incidents.compactMap { incident -> Row? in
            guard let why = how(incident.targets.map(\.object)) else { return nil }
            return Row(reference: "INC-\(incident.id)", href: "/incidents/\(incident.id)", title: incident.title, state: incident.status.displayName,
                       stateClass: incident.status.rawValue, when: "since " + Format.minute(incident.startedAt), how: why)
        }
        func group(_ heading: String, _ rows: [Row], _ empty: String) -> Group { Group(heading: heading, rows: rows, hasRows: !rows.isEmpty, empty: empty) }
        return ObjectActivity(
            groups: [group("In progress", current, "Nothing in progress."),
                     group("Upcoming", upcoming, "Nothing in the next \(Int(aheadDays)) days."),
                     group("Recent", recent.reversed(), "Nothing in the last \(Int(recentDays)) days.")],
            incidents: open, hasIncidents: !open.isEmpty, declareHref: declareHref(object, inventory: inventory))
    }

    /// The declaration form with this object as its target; a process or data set cannot go down by itself, so the
    /// services (or server) it runs on are filled in.
    static func declareHref(_ object: ObjectRef, inventory: Inventory) -> String {
        var targets: [ObjectRef] = []
        switch object.kind {
        case .region, .cluster, .server, .service: targets = [object]
        case .process: targets = inventory.process(object.id)?.serviceIDs.map { ObjectRef(kind: .service, id: $0) } ?? []
        case .dataset:
            if let set = inventory.dataSet(object.id) {
                targets = set.serviceID.map { [ObjectRef(kind: .service, id: $0)] } ?? set.serverID.map { [ObjectRef(kind: .server, id: $0)] } ?? []
            }
        }
        let query = targets.prefix(DowntimeInput.formTargetRows).compactMap { target -> String? in
            guard let name = inventory.name(of: target) else { return nil }
            return "target_kind=\(target.kind.rawValue)&target_name=\(URLEncoding.encode(name))"
        }
        return "/downtimes/new" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
    }
}

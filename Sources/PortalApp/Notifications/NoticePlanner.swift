import Foundation
import PortalCore
import PortalStore

/// Who is told about an event and why: one entry per address, every reason listed. Reads only values it is given,
/// except `subscribers`, which the caller fetched.
enum NoticePlanner {
    /// Contacts of the impact (teams at their address, or their members when they have none), the people leading the
    /// work (`leads`: a downtime's coordinator and comms manager, an incident's engineer, each with the reason in words),
    /// and subscribers of anything touched; merged by address.
    static func recipients(impact: Impact, inventory: Inventory, leads: [(Int64, String)], subscribers: [Subscriber]) -> [NoticeRecipient] {
        var byAddress: [String: NoticeRecipient] = [:]
        var order: [String] = []
        func add(_ recipient: NoticeRecipient) {
            let key = recipient.address.lowercased()
            guard !key.isEmpty else { return }
            if var existing = byAddress[key] {
                existing.reasons += recipient.reasons.filter { !existing.reasons.contains($0) }
                if existing.personID == nil, let person = recipient.personID {
                    existing.personID = person
                    existing.timeZone = recipient.timeZone
                    existing.name = recipient.name
                }
                // Someone told for a role (or by two subscriptions) gets no one-click unsubscribe: it would not stop the mail.
                existing.subscriptionID = nil
                byAddress[key] = existing
            } else {
                byAddress[key] = recipient
                order.append(key)
            }
        }
        func person(_ id: Int64, reasons: [String]) {
            guard let person = inventory.person(id) else { return }
            add(NoticeRecipient(address: person.email, name: person.name, personID: id, timeZone: person.timeZone, reasons: reasons))
        }
        let roleNames = Dictionary(uniqueKeysWithValues: inventory.roles.map { ($0.id, $0.name) })
        for (id, reason) in leads { person(id, reasons: [reason]) }
        for contact in impact.contacts where contact.bestPriority != .inactive {
            var lines = ImpactView.reasonLines(contact, impact: impact, inventory: inventory, roleNames: roleNames)
            lines += explanations(contact, impact: impact)
            switch contact.contact {
            case .person(let id):
                person(id, reasons: lines)
            case .team(let id):
                guard let team = inventory.team(id) else { continue }
                if let email = team.email, !email.isEmpty {
                    add(NoticeRecipient(address: email, name: team.name, teamID: id, reasons: lines))
                } else {
                    for member in team.memberIDs { person(member, reasons: lines.map { "\($0) (as a member of team \(team.name))" }) }
                }
            }
        }
        for subscriber in subscribers where !subscriber.email.isEmpty {
            let name = inventory.name(of: subscriber.object) ?? "#\(subscriber.object.id)"
            add(NoticeRecipient(address: subscriber.email, name: subscriber.displayName, timeZone: subscriber.timeZone,
                                reasons: ["you subscribed to \(subscriber.object.kind.rawValue) \(name)"], subscriptionID: subscriber.subscriptionID))
        }
        return order.compactMap { byAddress[$0] }
    }

    /// Up to two sentences saying why the contact's objects are affected ("payroll is down: it depends (hard) on ...").
    static func explanations(_ contact: NotifiedContact, impact: Impact) -> [String] {
        var seen = Set<ObjectRef>()
        var lines: [String] = []
        // Servers and clusters are down because they are in the downtime; the path matters for what depends on them.
        for reason in contact.reasons where [.service, .process, .dataset].contains(reason.object.kind) && seen.insert(reason.object).inserted {
            if let sentence = impact.explain(reason.object) { lines.append("why: " + sentence) }
            if lines.count == 2 { break }
        }
        return lines
    }

    /// Everything a subscription can name that the impact reaches: the affected objects, and the clusters and
    /// regions (with their parents) that hold an affected server or cluster.
    static func touchedObjects(_ impact: Impact, inventory: Inventory) -> Set<ObjectRef> {
        var touched = Set(impact.affected.map(\.object)).union(impact.targets)
        func addRegionChain(_ id: Int64?) {
            var current = id
            var steps = 0
            while let regionID = current, steps < 64, touched.insert(ObjectRef(kind: .region, id: regionID)).inserted {
                current = inventory.region(regionID)?.parentID
                steps += 1
            }
        }
        for object in Array(touched) {
            switch object.kind {
            case .server:
                if let server = inventory.server(object.id), let clusterID = server.clusterID { touched.insert(ObjectRef(kind: .cluster, id: clusterID)) }
                addRegionChain(inventory.regionID(ofServer: object.id))
            case .cluster:
                addRegionChain(inventory.cluster(object.id)?.regionID)
            case .region:
                addRegionChain(inventory.region(object.id)?.parentID)
            default:
                break
            }
        }
        return touched
    }

    /// The facts of a downtime notice.
    static func payload(_ event: NoticeEvent, downtime: DowntimeRecord, baseURL: String, message: String = "",
                        previous: TimeWindow? = nil, leadMinutes: Int? = nil) -> NoticePayload {
        NoticePayload(subjectKind: "downtime", subjectID: downtime.id, event: event, title: downtime.title, kindLabel: kindLabel(downtime.kind),
                             state: downtime.state.displayName, start: downtime.window.start, end: downtime.window.end,
                             timeZone: downtime.window.timeZone, previousStart: previous?.start, previousEnd: previous?.end,
                             ticket: downtime.changeTicket, ticketURL: downtime.changeURL, reason: downtime.reason, message: message,
                             targets: downtime.targets.map { "\($0.kindName) \($0.name)" }, coordinator: downtime.coordinatorName,
                             baseURL: baseURL, path: "/downtimes/\(downtime.id)", leadMinutes: leadMinutes)
    }

    /// The word in subject brackets and invite summaries: `Planned`, `Emergency`, `Unplanned`.
    static func kindLabel(_ kind: DowntimeKind) -> String {
        switch kind {
        case .planned: "Planned"
        case .emergency: "Emergency"
        case .unplanned: "Unplanned"
        }
    }

    /// The stored form of a payload.
    static func json(_ payload: NoticePayload) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(payload), as: UTF8.self)
    }

    static func decode(_ json: String) throws -> NoticePayload {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(NoticePayload.self, from: Data(json.utf8))
    }
}

import Foundation
import PortalCore
import PortalHTTP
import PortalMail
import PortalStore

/// Calendar feeds (RFC 5545, METHOD:PUBLISH) that calendar clients subscribe to: `/calendar.ics` (every downtime),
/// `/<kind>/:id/calendar.ics` (those touching one object) and `/people/:id/calendar.ics?token=...` (one person's).
/// Calendar clients cannot sign in, so a private token in the URL (made on the account page) opens any feed; a
/// signed-in browser needs none. Events share their UID and SEQUENCE with the e-mailed invites, so they replace each other.
enum CalendarController {
    /// The same UID in the invite and in every feed.
    static func uid(downtimeID: Int64, baseURL: String) -> String {
        "forewarn-downtime-\(downtimeID)@\(URL(string: baseURL)?.host ?? "forewarn.invalid")"
    }

    /// Whom the token in the URL belongs to, or nil for a signed-in request; throws 401/403 when neither works.
    static func authorize(_ request: Request, _ context: AppContext) throws -> Int64? {
        if let token = request.queryValue("token"), !token.isEmpty {
            guard let person = try context.store.read({ try NoticeStore.calendarPerson($0, tokenHash: Secrets.tokenHash(token)) }) else {
                throw HTTPError(403, "This calendar link is not valid (it may have been replaced by a newer one). Make a new one on your account page.")
            }
            return person
        }
        guard request.identity?.login != nil else {
            throw HTTPError(401, "Calendar feeds need a signed-in browser or a private link with ?token= (made on your account page).")
        }
        return nil
    }

    @Sendable static func all(_ request: Request, _ context: AppContext) throws -> Response {
        _ = try authorize(request, context)
        return try feed(request, context, name: "Forewarn downtimes") { _ in true }
    }

    @Sendable static func object(_ request: Request, _ context: AppContext, _ spec: EntitySpec) throws -> Response {
        _ = try authorize(request, context)
        guard let kind = spec.kind.objectKind, let id = Int64(try request.parameter("id")) else { throw HTTPError.notFound() }
        let object = ObjectRef(kind: kind, id: id)
        let inventory = try context.inventory.current(context.store)
        guard let name = inventory.name(of: object) else { throw HTTPError.notFound("There is no such \(kind.rawValue).") }
        return try feed(request, context, name: "Forewarn: \(kind.rawValue) \(name)") { impact in
            impact.targets.contains(object) || impact.state(of: object) != nil
        }
    }

    @Sendable static func person(_ request: Request, _ context: AppContext) throws -> Response {
        let owner = try authorize(request, context)
        guard let id = Int64(try request.parameter("id")) else { throw HTTPError.notFound() }
        if let owner, owner != id { throw HTTPError(403, "This calendar link belongs to someone else.") }
        let inventory = try context.inventory.current(context.store)
        guard let person = inventory.person(id) else { throw HTTPError.notFound("There is no such person.") }
        let teams = Set(inventory.teams.filter { $0.memberIDs.contains(id) }.map(\.id))
        return try feed(request, context, name: "Forewarn: downtimes for \(person.name)", includes: { downtime in
            downtime.coordinatorID == id || downtime.commsManagerID == id
        }) { impact in
            impact.contacts.contains { contact in
                switch contact.contact {
                case .person(let p): p == id
                case .team(let t): teams.contains(t)
                }
            }
        }
    }

    /// Announced downtimes of the last 90 and next 365 days whose frozen impact `matches` (or that `includes` says
    /// belong regardless), as a PUBLISH calendar.
    static func feed(_ request: Request, _ context: AppContext, name: String, includes: (DowntimeRecord) -> Bool = { _ in false },
                     matches: (Impact) -> Bool) throws -> Response {
        let now = Date()
        let base = try PublicURL.current(context).base
        var events: [ICSEvent] = []
        try context.store.read { db in
            let downtimes = try DowntimeStore.list(db, from: now.addingTimeInterval(-90 * 86_400), to: now.addingTimeInterval(365 * 86_400),
                                                   states: [.scheduled, .inProgress, .completed, .cancelled], limit: 2000)
            for downtime in downtimes {
                guard let snapshot = try DowntimeStore.latestSnapshot(db, downtimeID: downtime.id) else { continue }
                guard includes(downtime) || matches(snapshot.impact) else { continue }
                let sequence = try NoticeStore.lastSequence(db, downtimeID: downtime.id) ?? 0
                events.append(ICSEvent(uid: uid(downtimeID: downtime.id, baseURL: base), sequence: sequence, stamp: downtime.updatedAt,
                                       start: downtime.window.start, end: downtime.window.end, summary: "[\(NoticePlanner.kindLabel(downtime.kind))] \(downtime.title)",
                                       description: [downtime.reason, downtime.changeTicket.isEmpty ? "" : "Ticket: \(downtime.changeTicket)",
                                                     "\(base)/downtimes/\(downtime.id)"].filter { !$0.isEmpty }.joined(separator: "\n"),
                                       location: downtime.targets.map { "\($0.kindName) \($0.name)" }.joined(separator: ", "),
                                       url: URL(string: "\(base)/downtimes/\(downtime.id)"),
                                       status: downtime.state == .cancelled ? .cancelled : .confirmed))
            }
        }
        let text = try ICSCalendar.feed(name: name, events: events).render()
        return Response(status: 200, headers: [("Content-Type", "text/calendar; charset=utf-8"),
                                               ("Content-Disposition", "inline; filename=\"forewarn.ics\""), ("Cache-Control", "private, max-age=300")],
                        body: Array(text.utf8))
    }
}

import Foundation
import PortalCore
import PortalStore

/// A few downtimes and incidents around now on the demo inventory (`forewarn demo-data --with-activity`, used by
/// `make run`), made through the same services as the pages, so every page, report, feed and the outbox has something
/// to show on a first run. Without SMTP the notices simply wait in the outbox.
public enum DemoActivity {
    /// Creates the activity and returns a one-line summary; does nothing when the database already has downtimes.
    public static func create(_ application: Application, now: Date = Date()) throws -> String {
        let context = application.context
        if try context.store.read({ try DowntimeStore.count($0) }) > 0 {
            return "the database already has downtimes; no demo activity added"
        }
        let inventory = try context.inventory.current(context.store)
        let clustered = inventory.clusters.filter { !inventory.servers(inCluster: $0.id).isEmpty }
        guard clustered.count >= 3, let lone = inventory.servers.first(where: { $0.clusterID == nil }), let coordinator = inventory.people.first,
              let engineer = inventory.people.dropFirst().first else {
            return "the inventory is too small for demo activity"
        }
        let hour: TimeInterval = 3600
        // Whole hours, so the demo reads like real change windows.
        let today = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / hour).rounded(.down) * hour)

        func declare(_ title: String, _ kind: DowntimeKind, _ target: ObjectRef, from start: Date, hours: Double, zone: String, ticket: String,
                     reason: String, at moment: Date) throws -> Int64 {
            let window = try TimeWindow(start: start, end: start.addingTimeInterval(hours * hour), timeZone: zone, maximumDuration: nil)
            let draft = DowntimeDraft(title: title, kind: kind, window: window, changeTicket: ticket,
                                      changeURL: ticket.isEmpty ? "" : "https://tickets.example.com/\(ticket)", reason: reason,
                                      coordinatorID: coordinator.id, targets: [target])
            return try context.store.write { db in
                let id = try DowntimeStore.insert(db, draft, actor: "demo", now: moment)
                try AuditLog.record(db, actor: "demo", action: "create", objectKind: "downtime", objectID: id, objectName: title, at: moment)
                return id
            }
        }
        func move(_ id: Int64, _ events: [(DowntimeEvent, Date)]) throws {
            for (event, moment) in events {
                _ = try DowntimeService.apply(event, to: id, context: context, actor: .demo, now: moment)
            }
        }

        let planned = try declare("Storage firmware upgrade", .planned, ObjectRef(kind: .cluster, id: clustered[0].id),
                                  from: today.addingTimeInterval(2 * 24 * hour), hours: 4, zone: "Europe/Paris", ticket: "CHG0012345",
                                  reason: "Vendor firmware fixes a controller fault", at: now.addingTimeInterval(-hour))
        try move(planned, [(.announce, now.addingTimeInterval(-hour))])
        _ = try declare("Kernel patching (draft)", .emergency, ObjectRef(kind: .cluster, id: clustered[1].id),
                        from: today.addingTimeInterval(24 * hour), hours: 2, zone: "America/New_York", ticket: "CHG0012400",
                        reason: "Security advisory", at: now)
        let done = try declare("Network switch replacement", .planned, ObjectRef(kind: .cluster, id: clustered[2].id),
                               from: today.addingTimeInterval(-6 * 24 * hour), hours: 3, zone: "UTC", ticket: "CHG0011999",
                               reason: "End-of-life hardware", at: now.addingTimeInterval(-9 * 24 * hour))
        try move(done, [(.announce, now.addingTimeInterval(-9 * 24 * hour)), (.start, today.addingTimeInterval(-6 * 24 * hour)),
                        (.complete, today.addingTimeInterval(-6 * 24 * hour + 3 * hour))])
        let outage = try declare("Power loss in rack B4", .unplanned, ObjectRef(kind: .server, id: lone.id),
                                 from: today.addingTimeInterval(-hour), hours: 4, zone: "UTC", ticket: "",
                                 reason: "A PDU failed", at: today.addingTimeInterval(-hour))
        try move(outage, [(.announce, today.addingTimeInterval(-hour)), (.start, today.addingTimeInterval(-hour))])

        let open = try IncidentService.open(context, draft: IncidentDraft(title: "Timeouts after power loss", ticket: "INC0042",
                                                                          ticketURL: "https://tickets.example.com/INC0042", severity: .major,
                                                                          engineerID: engineer.id, startedAt: today.addingTimeInterval(-hour),
                                                                          description: "Requests to services on the rack time out.",
                                                                          targets: [ObjectRef(kind: .server, id: lone.id)]),
                                            autoLink: true, notify: false, actor: .demo, now: today.addingTimeInterval(-hour))
        _ = try IncidentService.move(.identify, incidentID: open, message: "The rack's PDU failed; power is being moved to the spare.", notify: false,
                                     context: context, actor: .demo, now: now)
        let past = try IncidentService.open(context, draft: IncidentDraft(title: "Slow logins", ticket: "INC0039", severity: .minor,
                                                                          engineerID: engineer.id, startedAt: today.addingTimeInterval(-3 * 24 * hour),
                                                                          description: "Sign-in takes 20 seconds.",
                                                                          targets: [ObjectRef(kind: .cluster, id: clustered[1].id)]),
                                            autoLink: false, notify: false, actor: .demo,
                                            now: today.addingTimeInterval(-3 * 24 * hour))
        _ = try IncidentService.move(.resolve, incidentID: past, message: "Cache node restarted.", notify: false,
                                     endedAt: today.addingTimeInterval(-3 * 24 * hour + 0.75 * hour), context: context, actor: .demo, now: today.addingTimeInterval(-3 * 24 * hour + 0.75 * hour))
        try IncidentService.saveRootCause(context, incidentID: past, rootCause: "A cache node ran out of memory after a config change.",
                                          actor: .demo)
        try IncidentService.addFollowup(context, incidentID: past, action: "Alert on cache memory above 80 %", ownerID: engineer.id,
                                        dueOn: String(StoreTime.format(now.addingTimeInterval(14 * 24 * hour)).prefix(10)), actor: .demo)
        let queued = try context.store.read { try NoticeStore.counts($0)[.queued] ?? 0 }
        return "demo activity: 4 downtimes (announced, draft, completed, unplanned in progress), 2 incidents (open, resolved with a postmortem), \(queued) notices queued"
    }
}

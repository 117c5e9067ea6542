import Foundation
import PortalCore
import PortalStore

/// The answers to chat commands sent to a service JID: `status`, `incidents`, `ack` and `help`.
enum PresenceCommands {
    static func help(service: Service) -> String {
        "Commands for \(service.name): status (level and reason for every window), incidents (open incidents and declared downtimes "
            + "in progress affecting it), ack [note] (record that you are looking into its current alert and incident, with your note, and tell the other subscribers), help."
    }

    /// The mood, the SLA and the level with its reason over every window, from the stored minutes and roll-ups, judged
    /// as the pages judge it (`ServiceLevels`: the SLA's calendar month or rolling 30 days, open incidents).
    static func status(_ context: AppContext, service: Service, now: Date = Date()) throws -> String {
        let inventory = try context.inventory.current(context.store)
        let computed = try context.store.read { db in
            try ServiceLevels.services(db, inventory: inventory, now: now, only: [service.id], incidents: ServiceLevelStore.openIncidents(db))
        }
        guard let assessment = computed[service.id]?.assessment else { return "\(service.name): unknown" }
        var lines = ["\(service.name): \(assessment.mood.rawValue)"]
        if let sla = assessment.slaPercent, let left = assessment.budgetLeftMinutes {
            lines[0] += " (advertised SLA \(ServiceLevel.format(sla)), error budget left: \(Int(left.rounded(.down))) min)"
        }
        for level in assessment.levels { lines.append("\(level.window.label): \(level.sentence(name: service.name))") }
        return lines.joined(separator: "\n")
    }

    /// Open incidents that took the service down or degraded it, and declared downtimes in progress that affect it
    /// (through hosting, redundancy and dependencies: the impact engine).
    static func incidents(_ context: AppContext, service: Service, now: Date = Date()) throws -> String {
        let object = ObjectRef(kind: .service, id: service.id)
        let (problems, downtimes) = try context.store.read { db in
            (try PresenceStore.openProblems(db, serviceID: service.id).filter { $0.kind == .incident },
             try DowntimeStore.list(db, from: now, to: now.addingTimeInterval(1), states: [.inProgress], limit: 1000))
        }
        let resolver = ImpactResolver(inventory: try context.inventory.current(context.store))
        var lines: [String] = []
        for problem in problems { lines.append("INC-\(problem.id) \(problem.title) (open since \(StoreTime.format(problem.since)))") }
        for downtime in downtimes {
            let state = downtime.targets.contains { $0.object == object } ? .down : (try? resolver.resolve(targets: downtime.targets.map(\.object)))?.state(of: object)
            guard let state else { continue }
            lines.append("DT-\(downtime.id) \(downtime.title): declared downtime in progress until \(StoreTime.format(downtime.window.end)), \(service.name) \(state.rawValue.replacingOccurrences(of: "_", with: " "))")
        }
        return lines.isEmpty ? "No open incident and no declared downtime in progress affects \(service.name)."
            : "Affecting \(service.name):\n" + lines.joined(separator: "\n")
    }

    /// The note after `ack` ("ack restarting the primary"): one line without control characters, at most
    /// `PresenceStore.maximumNoteLength` characters; empty when nothing follows.
    static func ackNote(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count > 3, trimmed.prefix(3).lowercased() == "ack" else { return "" }
        let rest = trimmed.dropFirst(3)
        guard rest.first?.isWhitespace == true else { return "" }
        let line = String(rest.unicodeScalars.map { CharacterSet.controlCharacters.contains($0) ? " " : Character($0) })
        return String(line.split(whereSeparator: \.isWhitespace).joined(separator: " ").prefix(PresenceStore.maximumNoteLength))
    }

    /// Records that the person looks into every open alert and incident of the service, with their note, audited; the
    /// line for the other subscribers of the service's JID is queued in the same transaction (`xmpp_messages`), so it
    /// reaches them even across a restart. Returns the reply and whether anything was queued.
    static func ack(_ context: AppContext, service: Service, personID: Int64, personName: String, jid: String, note: String = "",
                    now: Date = Date()) throws -> (reply: String, queued: Bool) {
        try context.store.write { db in
            let problems = try PresenceStore.openProblems(db, serviceID: service.id)
            guard !problems.isEmpty else { return ("Nothing to acknowledge: \(service.name) has no open alert or incident.", false) }
            let said = note.isEmpty ? "" : " \u{201C}\(note)\u{201D}"
            for problem in problems {
                try PresenceStore.acknowledge(db, serviceID: service.id, personID: personID, problem: problem, via: "xmpp", note: note, at: now)
                try AuditLog.record(db, actor: "xmpp:\(jid.prefix(200))", action: "ack", objectKind: problem.kind == .checkAlert ? "check_alert" : "incident",
                                    objectID: problem.id, objectName: "\(personName) looks into \(service.name)\(said)", at: now)
            }
            let what = problems.map { $0.kind == .checkAlert ? "alert \($0.title)" : "INC-\($0.id) \($0.title)" }.joined(separator: "; ")
            let others = try PresenceStore.roster(db, serviceID: service.id).map(\.subscriber).filter { $0 != jid.lowercased() }
            try XmppMessageStore.enqueue(db, node: LevelSubjectName.node(service.name), to: others,
                                         body: "\(personName) (\(jid)) is looking into \(service.name): \(what).\(said)", at: now)
            return ("Noted: you are looking into \(service.name) (\(what)). The other subscribers were told.", !others.isEmpty)
        }
    }
}

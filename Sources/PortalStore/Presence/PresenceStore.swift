import Foundation
import PortalCore

/// XMPP: the service JIDs' roster (`xmpp_roster`), acknowledgements (`service_acks`) and what they point at: a
/// service's open check alerts and the open incidents that took it down or degraded it.
public enum PresenceStore {
    /// One roster entry: `subscriber` (a bare JID) sees the presence of the service `serviceID`.
    public struct RosterEntry: Sendable, Hashable {
        public let subscriber: String
        public let serviceID: Int64
    }

    public static func addSubscriber(_ db: Database, _ subscriber: String, serviceID: Int64, at: Date = Date()) throws -> Bool {
        try db.run("INSERT OR IGNORE INTO xmpp_roster (subscriber, service_id, created_at) VALUES (?, ?, ?)",
                   [String(subscriber.lowercased().prefix(254)), serviceID, StoreTime.format(at)]) > 0
    }

    public static func removeSubscriber(_ db: Database, _ subscriber: String, serviceID: Int64) throws -> Bool {
        try db.run("DELETE FROM xmpp_roster WHERE subscriber = ? AND service_id = ?", [subscriber.lowercased(), serviceID]) > 0
    }

    /// Every roster entry, or those of one service.
    public static func roster(_ db: Database, serviceID: Int64? = nil) throws -> [RosterEntry] {
        var result: [RosterEntry] = []
        let filter = serviceID == nil ? "" : " WHERE service_id = ?"
        try db.forEach("SELECT subscriber, service_id FROM xmpp_roster\(filter) ORDER BY service_id, subscriber", serviceID.map { [$0] } ?? []) {
            result.append(RosterEntry(subscriber: $0.string(at: 0) ?? "", serviceID: $0.int64(at: 1)))
        }
        return result
    }

    /// The person whose XMPP address is `bareJID`, if any.
    public static func person(_ db: Database, jid bareJID: String) throws -> (id: Int64, name: String)? {
        var result: (Int64, String)?
        try db.forEach("SELECT id, name FROM people WHERE jid = ? AND jid <> ''", [bareJID.lowercased()]) { result = ($0.int64(at: 0), $0.string(at: 1) ?? "") }
        return result
    }

    /// A service's latest published mood and reason, nil before its first.
    public static func latestLevel(_ db: Database, serviceID: Int64) throws -> (mood: ServiceMood, reason: String)? {
        var result: (ServiceMood, String)?
        try db.forEach("SELECT mood, reason FROM service_level_events WHERE service_id = ? ORDER BY id DESC LIMIT 1", [serviceID]) {
            result = (ServiceMood(rawValue: $0.string(at: 0) ?? "") ?? .unknown, $0.string(at: 1) ?? "")
        }
        return result
    }

    // MARK: What an acknowledgement points at

    /// An open alert of a check on the service, or an open incident that took it down or degraded it.
    public struct OpenProblem: Sendable, Equatable {
        public enum Kind: Sendable, Equatable { case checkAlert, incident }
        public let kind: Kind
        public let id: Int64
        /// The check's or the incident's id, for links.
        public let pageID: Int64
        public let title: String
        public let since: Date
    }

    /// The service's open check alerts (certificate warnings aside) and open incidents, oldest first.
    public static func openProblems(_ db: Database, serviceID: Int64) throws -> [OpenProblem] {
        var result: [OpenProblem] = []
        try db.forEach("""
            SELECT a.id, a.check_id, c.name, a.message, a.started_at FROM check_alerts a JOIN checks c ON c.id = a.check_id
             WHERE c.service_id = ? AND a.ended_at IS NULL AND a.kind != 'certificate' ORDER BY a.started_at, a.id
            """, [serviceID]) {
            result.append(OpenProblem(kind: .checkAlert, id: $0.int64(at: 0), pageID: $0.int64(at: 1), title: "\($0.string(at: 2) ?? ""): \($0.string(at: 3) ?? "")",
                                      since: $0.date(at: 4) ?? Date(timeIntervalSince1970: 0)))
        }
        try db.forEach("""
            SELECT DISTINCT i.id, i.title, i.started_at FROM incidents i
              LEFT JOIN incident_services s ON s.incident_id = i.id
              LEFT JOIN incident_targets t ON t.incident_id = i.id
             WHERE i.status != 'resolved' AND (s.service_id = ? OR t.service_id = ?) ORDER BY i.started_at, i.id
            """, [serviceID, serviceID]) {
            result.append(OpenProblem(kind: .incident, id: $0.int64(at: 0), pageID: $0.int64(at: 0), title: $0.string(at: 1) ?? "",
                                      since: $0.date(at: 2) ?? Date(timeIntervalSince1970: 0)))
        }
        return result
    }

    // MARK: Acknowledgements

    /// One "I am looking into it".
    public struct Ack: Sendable, Equatable {
        public let personID: Int64
        public let personName: String
        public let via: String
        public let at: Date
        /// What they wrote after `ack` (empty when nothing).
        public let note: String
    }

    /// The longest note kept with an acknowledgement.
    public static let maximumNoteLength = 500

    public static func acknowledge(_ db: Database, serviceID: Int64, personID: Int64, problem: OpenProblem, via: String, note: String = "",
                                   at: Date = Date()) throws -> Int64 {
        try db.run("""
            INSERT INTO service_acks (service_id, person_id, check_alert_id, incident_id, via, note, at) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [serviceID, personID, problem.kind == .checkAlert ? problem.id : nil, problem.kind == .incident ? problem.id : nil, via,
                  String(note.prefix(maximumNoteLength)), StoreTime.format(at)])
        return db.lastInsertRowID
    }

    /// Who acknowledged a check alert, oldest first.
    public static func acks(_ db: Database, checkAlertID: Int64) throws -> [Ack] {
        try acks(db, column: "check_alert_id", id: checkAlertID)
    }

    /// Who acknowledged an incident, oldest first.
    public static func acks(_ db: Database, incidentID: Int64) throws -> [Ack] {
        try acks(db, column: "incident_id", id: incidentID)
    }

    private static func acks(_ db: Database, column: String, id: Int64) throws -> [Ack] {
        var result: [Ack] = []
        try db.forEach("""
            SELECT a.person_id, p.name, a.via, a.at, a.note FROM service_acks a JOIN people p ON p.id = a.person_id WHERE a.\(column) = ?
             ORDER BY a.at, a.id
            """, [id]) {
            result.append(Ack(personID: $0.int64(at: 0), personName: $0.string(at: 1) ?? "", via: $0.string(at: 2) ?? "",
                              at: $0.date(at: 3) ?? Date(timeIntervalSince1970: 0), note: $0.string(at: 4) ?? ""))
        }
        return result
    }
}

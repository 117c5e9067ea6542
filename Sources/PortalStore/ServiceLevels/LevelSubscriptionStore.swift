import Foundation
import PortalCore

/// Who is told about a level subscription's crossings: one person, or a team.
public enum LevelSubscriber: Sendable, Hashable {
    case person(Int64)
    case team(Int64)
}

/// What a person or an admin asks for: tell `subscriber` when `subject`'s level over `window` falls below `threshold`.
public struct LevelSubscriptionDraft: Sendable, Equatable {
    public var subscriber: LevelSubscriber
    public var subject: ServiceLevelSubject
    public var threshold: Double
    public var window: ServiceLevelWindow
    public var byMail: Bool
    public var byXMPP: Bool
    public var webhookID: Int64?
    /// Tell even while a declared downtime in progress explains the level.
    public var duringDowntime: Bool

    public init(subscriber: LevelSubscriber, subject: ServiceLevelSubject, threshold: Double, window: ServiceLevelWindow, byMail: Bool,
                byXMPP: Bool, webhookID: Int64?, duringDowntime: Bool) {
        self.subscriber = subscriber
        self.subject = subject
        self.threshold = threshold
        self.window = window
        self.byMail = byMail
        self.byXMPP = byXMPP
        self.webhookID = webhookID
        self.duringDowntime = duringDowntime
    }
}

/// A stored level subscription with its watch's memory (`side`).
public struct LevelSubscriptionRecord: Sendable, Equatable {
    public let id: Int64
    public let draft: LevelSubscriptionDraft
    public let side: ThresholdWatch.Side
    public let createdBy: String
    public let createdAt: Date
}

/// `level_subscriptions` and `level_crossings`: threshold subscriptions to service levels and the crossings told.
public enum LevelSubscriptionStore {
    static let columns = """
        id, person_id, team_id, service_id, process_id, region_id, overall, threshold, level_window, by_mail, by_xmpp, webhook_id,
        during_downtime, side, created_by, created_at
        """

    @discardableResult
    public static func insert(_ db: Database, _ draft: LevelSubscriptionDraft, createdBy: String, at: Date = Date()) throws -> Int64 {
        var person: Int64?, team: Int64?
        switch draft.subscriber {
        case .person(let id): person = id
        case .team(let id): team = id
        }
        try db.run("""
            INSERT INTO level_subscriptions (person_id, team_id, service_id, process_id, region_id, overall, threshold, level_window, by_mail,
                                             by_xmpp, webhook_id, during_downtime, created_by, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [person, team] + draft.subject.columnValues + [draft.threshold, draft.window.rawValue, draft.byMail, draft.byXMPP,
                  draft.webhookID, draft.duringDowntime, String(createdBy.prefix(200)), StoreTime.format(at)])
        return db.lastInsertRowID
    }

    /// Deletes a subscription; with `subscriber`, only when it is theirs. Returns whether one was deleted.
    public static func delete(_ db: Database, id: Int64, subscriber: LevelSubscriber? = nil) throws -> Bool {
        switch subscriber {
        case .person(let person)?: try db.run("DELETE FROM level_subscriptions WHERE id = ? AND person_id = ?", [id, person]) > 0
        case .team(let team)?: try db.run("DELETE FROM level_subscriptions WHERE id = ? AND team_id = ?", [id, team]) > 0
        case nil: try db.run("DELETE FROM level_subscriptions WHERE id = ?", [id]) > 0
        }
    }

    public static func fetch(_ db: Database, id: Int64) throws -> LevelSubscriptionRecord? {
        var result: LevelSubscriptionRecord?
        try db.forEach("SELECT \(columns) FROM level_subscriptions WHERE id = ?", [id]) { result = record($0) }
        return result
    }

    /// A person's own subscriptions, or every subscription (nil), oldest first.
    public static func list(_ db: Database, personID: Int64? = nil) throws -> [LevelSubscriptionRecord] {
        var result: [LevelSubscriptionRecord] = []
        let filter = personID == nil ? "" : " WHERE person_id = ?"
        try db.forEach("SELECT \(columns) FROM level_subscriptions\(filter) ORDER BY id", personID.map { [$0] } ?? []) { result.append(record($0)) }
        return result
    }

    /// Whether any subscription exists (the evaluation is skipped otherwise).
    public static func exists(_ db: Database) throws -> Bool {
        try db.scalar("SELECT 1 FROM level_subscriptions LIMIT 1") != nil
    }

    /// Remembers the watch's side after a crossing, in the transaction that queues the crossing's notice.
    public static func setSide(_ db: Database, id: Int64, side: ThresholdWatch.Side) throws {
        try db.run("UPDATE level_subscriptions SET side = ? WHERE id = ?", [side.rawValue, id])
    }

    /// Records a crossing told; returns its id (the subject of its notice event).
    public static func recordCrossing(_ db: Database, subscriptionID: Int64, crossing: ThresholdWatch.Crossing, percent: Double, at: Date) throws -> Int64 {
        try db.run("INSERT INTO level_crossings (subscription_id, direction, percent, at) VALUES (?, ?, ?, ?)",
                   [subscriptionID, crossing == .fellBelow ? "below" : "above", percent, StoreTime.format(at)])
        return db.lastInsertRowID
    }

    /// How many crossings a subscription has told (pages and tests).
    public static func crossingCount(_ db: Database, subscriptionID: Int64) throws -> Int {
        if case .integer(let count)? = try db.scalar("SELECT count(*) FROM level_crossings WHERE subscription_id = ?", [subscriptionID]) { return Int(count) }
        return 0
    }

    static func record(_ s: Statement) -> LevelSubscriptionRecord {
        let subscriber: LevelSubscriber = s.isNull(at: 1) ? .team(s.int64(at: 2)) : .person(s.int64(at: 1))
        let subject = ServiceLevelSubject.read(s, at: 3)
        let draft = LevelSubscriptionDraft(subscriber: subscriber, subject: subject, threshold: s.double(at: 7),
                                           window: ServiceLevelWindow(rawValue: s.string(at: 8) ?? "") ?? .tenMinutes, byMail: s.int64(at: 9) == 1,
                                           byXMPP: s.int64(at: 10) == 1, webhookID: s.optionalInt64(at: 11), duringDowntime: s.int64(at: 12) == 1)
        return LevelSubscriptionRecord(id: s.int64(at: 0), draft: draft, side: ThresholdWatch.Side(rawValue: s.string(at: 13) ?? "") ?? .above,
                                       createdBy: s.string(at: 14) ?? "", createdAt: s.date(at: 15) ?? Date(timeIntervalSince1970: 0))
    }
}

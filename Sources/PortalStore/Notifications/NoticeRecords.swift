import Foundation
import PortalCore

/// What an action asks to be told, before it is stored: the event, its facts and its recipients.
public struct NoticeDraft: Sendable {
    /// Unique per event; queuing the same key twice does nothing (a retried request or a second clock tick).
    public var eventKey: String
    public var event: String
    public var downtimeID: Int64?
    public var incidentID: Int64?
    public var checkAlertID: Int64?
    public var heartbeatAlertID: Int64?
    public var logRuleID: Int64?
    public var sequence: Int
    public var attachPDF: Bool
    public var payloadJSON: String
    public var actor: String
    public var recipients: [NoticeRecipient]
    /// Webhooks called besides the active ones (a log rule's chosen webhook).
    public var webhookIDs: [Int64] = []
    /// A level subscription's crossing (events `level_below`, `level_above`).
    public var levelCrossingID: Int64?
    /// Whether every active webhook receives the event too (a level crossing goes only to its subscription's webhook).
    public var toActiveWebhooks = true

    public init(eventKey: String, event: String, downtimeID: Int64? = nil, incidentID: Int64? = nil, checkAlertID: Int64? = nil, heartbeatAlertID: Int64? = nil,
                logRuleID: Int64? = nil, sequence: Int = 0, attachPDF: Bool = false, payloadJSON: String, actor: String, recipients: [NoticeRecipient]) {
        self.checkAlertID = checkAlertID
        self.heartbeatAlertID = heartbeatAlertID
        self.logRuleID = logRuleID
        self.eventKey = eventKey
        self.event = event
        self.downtimeID = downtimeID
        self.incidentID = incidentID
        self.sequence = sequence
        self.attachPDF = attachPDF
        self.payloadJSON = payloadJSON
        self.actor = actor
        self.recipients = recipients
    }
}

/// One address to write to, with why.
public struct NoticeRecipient: Sendable, Equatable {
    public var address: String
    public var name: String
    public var personID: Int64?
    public var teamID: Int64?
    public var timeZone: String
    /// Reason lines in words, shown in the message.
    public var reasons: [String]
    /// Set when the recipient is told only because of a subscription: the mail then carries a one-click unsubscribe.
    public var subscriptionID: Int64?

    public init(address: String, name: String, personID: Int64? = nil, teamID: Int64? = nil, timeZone: String = "UTC",
                reasons: [String], subscriptionID: Int64? = nil) {
        self.address = address
        self.name = name
        self.personID = personID
        self.teamID = teamID
        self.timeZone = timeZone
        self.reasons = reasons
        self.subscriptionID = subscriptionID
    }
}

/// Delivery state of a queued notice or webhook call.
public enum DeliveryStatus: String, Sendable, CaseIterable {
    case queued, sent, failed
}

/// One outbox row with the facts of its event, as the worker and the outbox page need them.
public struct OutboxRecord: Sendable, Equatable {
    public let id: Int64
    public let noticeEventID: Int64
    public let event: String
    public let downtimeID: Int64?
    public let incidentID: Int64?
    public let sequence: Int
    public let attachPDF: Bool
    public let payloadJSON: String
    public let createdAt: Date
    public let recipient: String
    public let recipientName: String
    public let personID: Int64?
    public let teamID: Int64?
    public let timeZone: String
    public let reasonsJSON: String
    public let messageID: String
    public let status: DeliveryStatus
    public let attempts: Int
    public let nextAttemptAt: Date
    public let lastError: String
    public let sentAt: Date?
    /// What raised an alert notice (event `check_alert`/`check_recover`): a check's alert, a heartbeat's, or a log rule.
    public var checkAlertID: Int64?
    public var heartbeatAlertID: Int64?
    public var logRuleID: Int64?
}

/// A registered webhook.
public struct WebhookRecord: Sendable, Equatable {
    public let id: Int64
    public let url: String
    public let secret: String
    public let description: String
    public let active: Bool
    public let createdAt: Date
}

/// One webhook call to make or made, with its event's facts.
public struct WebhookDeliveryRecord: Sendable, Equatable {
    public let id: Int64
    public let webhookID: Int64
    public let url: String
    public let secret: String
    public let noticeEventID: Int64
    public let event: String
    public let payloadJSON: String
    public let createdAt: Date
    public let status: DeliveryStatus
    public let attempts: Int
    public let lastError: String
    public let sentAt: Date?
}

/// A user's subscription to an object.
public struct SubscriptionRecord: Sendable, Equatable {
    public let id: Int64
    public let userID: Int64
    public let object: ObjectRef
    public let objectName: String
    public let createdAt: Date
}

/// A user who subscribed to one of a set of objects.
public struct Subscriber: Sendable, Equatable {
    public let subscriptionID: Int64
    public let userID: Int64
    public let displayName: String
    public let email: String
    public let timeZone: String
    public let object: ObjectRef
}

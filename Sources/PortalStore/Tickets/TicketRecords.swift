import Foundation

/// Which ticket system an integration talks to.
public enum TicketSystem: String, Sendable, CaseIterable {
    case servicenow, jira, generic

    public var displayName: String {
        switch self {
        case .servicenow: "ServiceNow"
        case .jira: "Jira"
        case .generic: "Generic HTTPS endpoint"
        }
    }
}

/// How Forewarn proves who it is to the ticket system.
public enum TicketAuth: String, Sendable, CaseIterable {
    /// HTTP Basic with a user name and a password or API token.
    case basic
    /// `Authorization: Bearer <token>` (ServiceNow OAuth, Jira personal access tokens).
    case bearer
    /// The generic endpoint: the body signed with HMAC-SHA256 like the webhooks (`X-Forewarn-Signature`).
    case signature
}

/// A configured ticket system; the secret stays sealed here.
public struct TicketIntegrationRecord: Sendable, Equatable {
    public let id: Int64
    public let system: TicketSystem
    public let baseURL: String
    public let auth: TicketAuth
    public let username: String
    public let secretSealed: String
    public let active: Bool
    public let createdAt: Date
}

/// What is left to do for one push.
public enum TicketStep: String, Sendable {
    case attach, note, done
}

/// One push of a frozen impact to a ticket system, with what the worker needs to deliver it.
public struct TicketDeliveryRecord: Sendable {
    public let id: Int64
    public let snapshotID: Int64
    public let downtimeID: Int64
    public let integration: TicketIntegrationRecord
    public let ticket: String
    public let step: TicketStep
    public let status: DeliveryStatus
    public let attempts: Int
    public let lastError: String
    public let createdAt: Date
}

import PortalHTTP
import PortalStore

/// Who performs an action, as services see it: the name the audit trail and the history record, the role for rules
/// such as "only an admin overrides a change freeze", and the request id that ties the audit row to the access log.
/// Controllers make one from the request; the clock and the demo data have their own.
struct AuditActor: Sendable {
    let name: String
    let role: UserRole?
    let requestID: String?

    init(name: String, role: UserRole?, requestID: String?) {
        self.name = name
        self.role = role
        self.requestID = requestID
    }

    /// The signed-in user behind a request (`web <address>` when nobody is signed in).
    init(_ request: Request) {
        self.init(name: InventoryController.actor(request), role: request.identity?.role, requestID: request.requestID)
    }

    /// The background clock that starts and completes downtimes and sends reminders.
    static let clock = AuditActor(name: "clock", role: nil, requestID: nil)
    /// `forewarn demo-data --with-activity`.
    static let demo = AuditActor(name: "demo", role: nil, requestID: nil)
}

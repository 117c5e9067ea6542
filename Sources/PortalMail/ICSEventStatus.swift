/// The STATUS of an event (RFC 5545 §3.8.1.11).
public enum ICSEventStatus: String, Sendable, Hashable, CaseIterable {
    case tentative = "TENTATIVE"
    case confirmed = "CONFIRMED"
    case cancelled = "CANCELLED"
}

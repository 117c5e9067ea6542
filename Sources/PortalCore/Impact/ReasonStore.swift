/// The reasons of all contacts of one impact, in affected-object order, plus their positions grouped by contact.
///
/// The resolver writes reasons once, sequentially, and groups 4-byte positions instead of moving 48-byte
/// reasons into thousands of per-contact arrays; `NotifiedContact.reasons` gathers its slice on demand.
final class ReasonStore: Sendable {
    let reasons: [NotificationReason]
    /// Positions into `reasons`, grouped by contact.
    let order: [Int32]

    init(reasons: [NotificationReason], order: [Int32]) {
        self.reasons = reasons
        self.order = order
    }

    /// A store holding one contact's reasons, for values built outside the resolver.
    convenience init(reasons: [NotificationReason]) {
        self.init(reasons: reasons, order: (0..<Int32(reasons.count)).map { $0 })
    }
}

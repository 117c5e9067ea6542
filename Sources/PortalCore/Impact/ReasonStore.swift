import Foundation

/// The reasons of all contacts of one impact, in affected-object order, plus their positions grouped by contact.
///
/// The resolver only counts reasons per contact (for the order and the best priority); the reasons themselves are
/// gathered the first time any contact's are asked for, so an impact whose contacts are only counted, or whose
/// reasons are never shown, never builds them. Positions are 4 bytes, grouped by contact, instead of 48-byte reasons
/// moved into thousands of per-contact arrays; `NotifiedContact.reasons` gathers its slice on demand.
final class ReasonStore: @unchecked Sendable {
    typealias Contents = (reasons: [NotificationReason], order: [Int32])

    // `contents` is written once, under `lock`; `gather` is dropped after it ran.
    private let lock = NSLock()
    private var contents: Contents?
    private var gather: (@Sendable () -> Contents)?

    /// A store whose reasons `gather` builds on first use.
    init(gather: @escaping @Sendable () -> Contents) {
        self.gather = gather
    }

    /// A store holding one contact's reasons, for values built outside the resolver.
    init(reasons: [NotificationReason]) {
        contents = (reasons, (0..<Int32(reasons.count)).map { $0 })
    }

    /// The reasons and their positions grouped by contact, gathered on the first call.
    var gathered: Contents {
        lock.lock()
        defer { lock.unlock() }
        if let contents { return contents }
        let built = gather!()
        contents = built
        gather = nil
        return built
    }

    /// Whether the reasons have been gathered (for tests of the laziness).
    var isGathered: Bool {
        lock.lock()
        defer { lock.unlock() }
        return contents != nil
    }
}

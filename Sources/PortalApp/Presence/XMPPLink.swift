import Foundation
import PortalStore

/// The running XMPP component, if any: started with the serve flags or else the settings saved on `/settings/xmpp`,
/// and replaced (stopped, then connected again with the new settings) when that page saves while no flag is given.
public final class XMPPLink: @unchecked Sendable {
    private let lock = NSLock()
    private var presence: XMPPPresence?
    private var running = false

    init() {}

    /// The settings in force: the serve flags, else the saved ones (nil: off).
    static func effective(_ context: AppContext) throws -> XMPPSettings? {
        if let flags = context.configuration.xmpp { return flags }
        return try context.store.read { try XMPPStoredSettings.load($0, secrets: context.secrets) }
    }

    /// Starts the component with the settings in force.
    func start(_ context: AppContext) {
        lock.lock()
        running = true
        lock.unlock()
        reload(context)
    }

    /// Stops the component and connects again with the settings in force now (after the page saved new ones).
    func reload(_ context: AppContext) {
        let settings: XMPPSettings?
        do {
            settings = try Self.effective(context)
        } catch {
            context.logger.error("xmpp: cannot read the saved settings: \(error)")
            return
        }
        lock.lock()
        let old = presence
        presence = running ? settings.map { XMPPPresence(context: context, settings: $0) } : nil
        let new = presence
        lock.unlock()
        old?.stop()
        new?.start()
    }

    func stop() {
        lock.lock()
        running = false
        let old = presence
        presence = nil
        lock.unlock()
        old?.stop()
    }

    /// Level crossings to send as chat messages (when a component runs).
    func tell(_ told: [LevelSubscriptionEvaluator.Told]) {
        lock.lock()
        let current = presence
        lock.unlock()
        current?.tell(told)
    }

    /// nil when no component runs; else whether its stream is up.
    public var isConnected: Bool? {
        lock.lock()
        defer { lock.unlock() }
        return presence?.component.isConnected
    }

    /// The domain of the running component (nil: none).
    var domain: String? {
        lock.lock()
        defer { lock.unlock() }
        return presence?.directory.domain
    }
}

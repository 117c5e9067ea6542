import Foundation
import PortalCore
import PortalPresence
import PortalStore

/// Forewarn on XMPP (`serve --xmpp-component`): the external component over the store's directory. Publishes a
/// service's presence whenever its published level changes, and sends level subscriptions' crossings and `ack`
/// notes as chat messages from the service JIDs. Changes and waiting chat messages are read from the database once a
/// second (`service_level_events`, `xmpp_messages`), so the process that runs the component need not be the one that
/// computes levels.
final class XMPPPresence: @unchecked Sendable {
    let component: XMPPComponent
    let directory: StorePresenceDirectory
    private let context: AppContext
    private let loop = BackgroundLoop(name: "forewarn.xmpp-feed")
    /// The newest change published (touched on the loop's thread only).
    private var lastEventID: Int64?

    init(context: AppContext, settings: XMPPSettings) {
        let directory = StorePresenceDirectory(context: context, settings: settings)
        let component = XMPPComponent(configuration: .init(domain: settings.domain, host: settings.host, port: settings.port, secret: settings.secret),
                                      directory: directory, logger: context.logger)
        directory.onNotify { [weak component] in component?.sendPending() }
        self.context = context
        self.directory = directory
        self.component = component
    }

    func start() {
        component.start()
        loop.start { [weak self] in
            let started = Date()
            guard let self else { return .distantFuture }
            do { try self.poll() } catch { self.context.logger.error("xmpp: reading level changes failed: \(error)") }
            return started.addingTimeInterval(1)
        }
    }

    func stop() {
        loop.stop()
        component.stop()
    }

    /// Publishes the changes stored since the last look and has the component send waiting chat messages.
    func poll() throws {
        let (events, waiting) = try context.store.read { db -> ([ServiceLevelStore.Event], Bool) in
            let events = try lastEventID.map { try ServiceLevelStore.events(db, after: $0, limit: 5000) } ?? []
            if lastEventID == nil { lastEventID = try ServiceLevelStore.lastEventID(db) }
            return (events, try XmppMessageStore.hasPending(db))
        }
        if let last = events.last { lastEventID = last.id }
        levelsChanged(events)
        if waiting { component.sendPending() }
    }

    /// After a level pass: every service whose level changed shows its new presence to its subscribers.
    func levelsChanged(_ events: [ServiceLevelStore.Event]) {
        for event in events {
            guard case .service = event.state.subject else { continue }
            component.publish(node: ServiceJID.node(for: event.state.name), presence: ServicePresence(mood: event.state.mood, reason: event.state.reason))
        }
    }

    /// Level crossings of subscriptions with the XMPP channel, as chat messages: the evaluator stored them with the
    /// crossing (`xmpp_messages`); the component sends them once connected (now, when this process decided them).
    func tell(_ told: [LevelSubscriptionEvaluator.Told]) {
        if !told.isEmpty { component.sendPending() }
    }
}

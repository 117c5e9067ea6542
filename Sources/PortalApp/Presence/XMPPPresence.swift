import Foundation
import PortalCore
import PortalPresence
import PortalStore

/// Forewarn on XMPP (`serve --xmpp-component`): the external component over the store's directory. Publishes a
/// service's presence whenever its published level changes, and sends level subscriptions' crossings and `ack`
/// notes as chat messages from the service JIDs.
final class XMPPPresence: Sendable {
    let component: XMPPComponent
    let directory: StorePresenceDirectory

    init(context: AppContext, settings: XMPPSettings) {
        let directory = StorePresenceDirectory(context: context, settings: settings)
        let component = XMPPComponent(configuration: .init(domain: settings.domain, host: settings.host, port: settings.port, secret: settings.secret),
                                      directory: directory, logger: context.logger)
        directory.onNotify { [weak component] node, jids, body in
            for jid in jids { component?.send(message: body, from: node, to: jid) }
        }
        self.directory = directory
        self.component = component
    }

    func start() { component.start() }

    func stop() { component.stop() }

    /// After a level pass: every service whose level changed shows its new presence to its subscribers.
    func levelsChanged(_ events: [ServiceLevelStore.Event]) {
        for event in events {
            guard case .service = event.state.subject else { continue }
            component.publish(node: ServiceJID.node(for: event.state.name), presence: ServicePresence(mood: event.state.mood, reason: event.state.reason))
        }
    }

    /// Level crossings of subscriptions with the XMPP channel, as chat messages: the evaluator stored them with the
    /// crossing (`xmpp_messages`); the component sends them once connected.
    func tell(_ told: [LevelSubscriptionEvaluator.Told]) {
        if !told.isEmpty { component.sendPending() }
    }
}

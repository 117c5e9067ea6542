import Foundation
import PortalStore

/// "Looked into by Ana Lima (XMPP, 2026-12-06T03:12:00Z)": who acknowledged an alert or an incident, as pages show it.
enum AckText {
    static func line(_ acks: [PresenceStore.Ack]) -> String {
        guard !acks.isEmpty else { return "" }
        return "Looked into by " + acks.map { "\($0.personName) (\($0.via == "xmpp" ? "XMPP" : "web"), \(StoreTime.format($0.at)))" }.joined(separator: ", ")
    }
}

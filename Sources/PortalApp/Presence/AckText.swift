import Foundation
import PortalStore

/// "Looked into by Ana Lima (XMPP, 2026-12-06T03:12:00Z): “restarting the primary”": who acknowledged an alert or an
/// incident and what they said, as pages show it (the templates escape it).
enum AckText {
    static func line(_ acks: [PresenceStore.Ack]) -> String {
        guard !acks.isEmpty else { return "" }
        return "Looked into by " + acks.map {
            "\($0.personName) (\($0.via == "xmpp" ? "XMPP" : "web"), \(StoreTime.format($0.at)))" + ($0.note.isEmpty ? "" : ": \u{201C}\($0.note)\u{201D}")
        }.joined(separator: "; ")
    }
}

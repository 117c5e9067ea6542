import Foundation
import PortalCore

/// A conflict as a page shows it: its sentence with the other downtime (`DT-1`) or the change freeze as a link.
struct ConflictLine {
    let before: String
    let reference: String
    let href: String
    let after: String
    let isFreeze: Bool

    init(_ conflict: Conflict) {
        isFreeze = conflict.kind == .blackout
        let reference = conflict.downtimeID.map { "DT-\($0)" } ?? ""
        if let id = conflict.downtimeID, let range = conflict.message.range(of: reference) {
            before = String(conflict.message[..<range.lowerBound])
            self.reference = reference
            href = "/downtimes/\(id)"
            after = String(conflict.message[range.upperBound...])
        } else {
            before = conflict.message
            self.reference = conflict.blackoutID != nil ? "Change freezes" : ""
            href = conflict.blackoutID != nil ? "/blackouts" : ""
            after = ""
        }
    }

    static func lines(_ conflicts: [Conflict]) -> [ConflictLine] { conflicts.map(ConflictLine.init) }
}

import Foundation
import PortalCore
import PortalStore

/// The inventory a report built from a frozen snapshot needs, read without loading the whole inventory: the data sets
/// shown (for their owners), the objects named by contact reasons, the targets of this downtime and of the downtimes
/// and freezes it may conflict with, the contacts and the coordinator. `InventoryScopeLoader` adds what those inherit
/// from. `forewarn report <id> --pdf` of an announced downtime thus reads a few hundred rows, not 100,000 servers.
enum ReportInventory {
    static func load(_ context: AppContext, downtime: DowntimeRecord, impact: Impact,
                     others: [ExistingDowntime], blackouts: [BlackoutWindow]) throws -> Inventory {
        var objects = downtime.targets.map(\.object) + others.flatMap(\.targets) + blackouts.compactMap { $0.regionID.map(ObjectRef.region) }
        objects += impact.affected(ofKind: .dataset).map(\.object)
        for contact in impact.contacts {
            for reason in contact.reasons {
                objects.append(reason.object)
                if let via = reason.inheritedFrom { objects.append(via) }
            }
        }
        let people = [downtime.coordinatorID].compactMap { $0 } + others.compactMap(\.coordinatorID)
        return try context.store.read { db in
            try InventoryScopeLoader.load(db, objects: objects, contacts: impact.contacts.map(\.contact), people: people)
        }
    }
}

import Foundation

/// Finds clashes between a downtime being declared and existing downtimes, change freezes and coordinators.
///
/// Windows overlap only when they share time: one ending exactly when the other starts does not conflict.
/// Parent/child means containment (region ⊃ sub-region ⊃ cluster ⊃ server). For freezes, a service is in the
/// regions of the servers it runs on, and a region target also clashes with a freeze on one of its sub-regions.
public struct ConflictDetector: Sendable {
    public let inventory: Inventory

    /// Creates a detector over one inventory.
    public init(inventory: Inventory) {
        self.inventory = inventory
    }

    /// Whether two windows share time; touching windows (end == start) do not.
    public static func overlaps(_ a: DateInterval, _ b: DateInterval) -> Bool {
        a.start < b.end && b.start < a.end
    }

    /// Every conflict of `candidate`, ordered by kind, then the other downtime or freeze, then target.
    public func conflicts(for candidate: DowntimeCandidate, existing: [ExistingDowntime],
                          blackouts: [BlackoutWindow]) -> [Conflict] {
        var seen = Set<ObjectRef>()
        let targets = candidate.targets.filter { seen.insert($0).inserted }
        let ancestorsOfTarget = Dictionary(uniqueKeysWithValues: targets.map { ($0, inventory.ancestors(of: $0)) })
        var found: [Conflict] = []

        for downtime in existing where downtime.isActive && downtime.id != candidate.id
            && Self.overlaps(downtime.window, candidate.window) {
            let theirs = Set(downtime.targets)
            let what = "DT-\(downtime.id) “\(downtime.title)”"
            for target in targets {
                if theirs.contains(target) {
                    found.append(Conflict(kind: .sameObject, target: target, downtimeID: downtime.id,
                        message: "\(label(target)) is already in \(what) at an overlapping time."))
                }
                for container in ancestorsOfTarget[target, default: []] where theirs.contains(container) {
                    found.append(Conflict(kind: .parentChild, target: target, related: container, downtimeID: downtime.id,
                        message: "\(label(target)) is in \(label(container, capitalized: false)), which is already in \(what) at an overlapping time."))
                }
            }
            for other in downtime.targets {
                for container in inventory.ancestors(of: other) where seen.contains(container) {
                    found.append(Conflict(kind: .parentChild, target: container, related: other, downtimeID: downtime.id,
                        message: "\(label(container)) contains \(label(other, capitalized: false)), which is already in \(what) at an overlapping time."))
                }
            }
            if let coordinator = candidate.coordinatorID, coordinator == downtime.coordinatorID {
                let name = inventory.person(coordinator)?.name ?? "Person #\(coordinator)"
                found.append(Conflict(kind: .coordinatorBooked, downtimeID: downtime.id,
                    message: "\(name) already coordinates \(what) at an overlapping time; choose another coordinator or move the window."))
            }
        }

        for blackout in blackouts where Self.overlaps(blackout.window, candidate.window) {
            let freeze = "the change freeze “\(blackout.name)”"
            guard let frozenID = blackout.regionID else {
                found.append(Conflict(kind: .blackout, blackoutID: blackout.id,
                    message: "This window overlaps \(freeze), which applies everywhere; move the window or ask for an exception."))
                continue
            }
            let frozen = ObjectRef.region(frozenID)
            for target in targets {
                if let message = blackoutMessage(target: target, frozen: frozen, freeze: freeze) {
                    found.append(Conflict(kind: .blackout, target: target, related: frozen, blackoutID: blackout.id,
                                          message: message))
                }
            }
        }

        let kindOrder = Dictionary(uniqueKeysWithValues: ConflictKind.allCases.enumerated().map { ($1, $0) })
        return found.sorted { a, b in
            let keyA = (kindOrder[a.kind]!, a.downtimeID ?? a.blackoutID ?? 0)
            let keyB = (kindOrder[b.kind]!, b.downtimeID ?? b.blackoutID ?? 0)
            if keyA != keyB { return keyA < keyB }
            if a.target != b.target { return (a.target.map { [$0] } ?? []).lexicographicallyPrecedes(b.target.map { [$0] } ?? []) }
            return (a.related.map { [$0] } ?? []).lexicographicallyPrecedes(b.related.map { [$0] } ?? [])
        }
    }

    /// Why `target` falls under a freeze on region `frozen`, or nil if it does not.
    private func blackoutMessage(target: ObjectRef, frozen: ObjectRef, freeze: String) -> String? {
        let overlapping = "at an overlapping time; move the window or ask for an exception."
        if target == frozen {
            return "\(label(target)) is under \(freeze) \(overlapping)"
        }
        if regions(containing: target).contains(frozen) {
            return "\(label(target)) is in \(label(frozen, capitalized: false)), which is under \(freeze) \(overlapping)"
        }
        if target.kind == .region && inventory.ancestors(of: frozen).contains(target) {
            return "\(label(target)) contains \(label(frozen, capitalized: false)), which is under \(freeze) \(overlapping)"
        }
        return nil
    }

    /// The regions a target sits in; a service sits in the regions of its hosts.
    private func regions(containing target: ObjectRef) -> Set<ObjectRef> {
        let places: [ObjectRef] = target.kind == .service
            ? inventory.hosts(ofService: target.id).map { .server($0.id) }
            : [target]
        var regions = Set<ObjectRef>()
        for place in places {
            for ancestor in inventory.ancestors(of: place) where ancestor.kind == .region { regions.insert(ancestor) }
        }
        return regions
    }

    /// "Server db-12" (or "server db-12" mid-sentence).
    private func label(_ object: ObjectRef, capitalized: Bool = true) -> String {
        let noun = object.kind.noun
        let kind = capitalized ? noun.prefix(1).uppercased() + noun.dropFirst() : noun
        return "\(kind) \(inventory.name(of: object) ?? "#\(object.id)")"
    }
}

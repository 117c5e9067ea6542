/// Computes the impact of a set of down targets on an inventory, purely in memory.
///
/// Semantics: a region takes down its sub-regions, their clusters and servers; a cluster its servers.
/// A service is down when fewer hosts than it needs stay healthy, at risk when exactly the minimum is left,
/// degraded when more than the minimum is left but some host is down. A hard dependency passes its state on;
/// a soft one turns down/degraded into degraded and keeps at risk. States propagate transitively, keeping the
/// worst state per object and the shortest explanation for it. Business processes take the worst state of
/// their services; data sets the state of their service, or down when their server is.
public struct ImpactResolver: Sendable {
    public let inventory: Inventory

    /// Creates a resolver over one inventory; reuse it for many downtimes.
    public init(inventory: Inventory) {
        self.inventory = inventory
    }

    /// The impact of taking all `targets` down at once (pass the union of overlapping downtimes' targets).
    public func resolve(targets: [ObjectRef]) throws(ImpactError) -> Impact {
        var computation = ImpactComputation(inventory: inventory)
        try computation.markTargets(targets)
        computation.cascadeContainment()
        computation.settleServices()
        computation.settleProcessesAndDataSets()
        return computation.makeImpact(targets: targets)
    }
}

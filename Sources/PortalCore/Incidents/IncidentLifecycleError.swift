/// An incident move the transition table refuses, with a message naming what is allowed instead.
public struct IncidentLifecycleError: Error, Sendable, Equatable, CustomStringConvertible {
    public let from: IncidentStatus
    public let event: IncidentEvent

    /// The refusal for `event` in status `from`.
    public init(from: IncidentStatus, event: IncidentEvent) {
        self.from = from
        self.event = event
    }

    /// The sentence shown to the person.
    public var message: String { IncidentLifecycle.refusalMessage(from: from, event: event) }
    public var description: String { message }
}

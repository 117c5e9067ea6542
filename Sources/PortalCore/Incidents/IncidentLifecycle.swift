/// The incident state machine: one transition table that the service, the pages and the API all read.
public enum IncidentLifecycle {
    /// One legal move: in status `from`, event `event` leads to status `to`.
    public typealias Transition = (from: IncidentStatus, event: IncidentEvent, to: IncidentStatus)

    /// The statuses of an open incident, in workflow order.
    public static let openStatuses: [IncidentStatus] = [.investigating, .identified, .monitoring]

    /// Every legal move; any (status, event) pair not listed here is refused.
    ///
    /// - While open, an update may set any open status, including the current one (a new message, same status)
    ///   and an earlier one (the fix did not hold: back to investigating).
    /// - Any open status may be resolved; a resolved incident is only reopened, which starts it investigating again.
    /// - Reopening an open incident is refused: it is already open, post an update instead.
    public static let transitions: [Transition] =
        openStatuses.flatMap { from in
            openStatuses.map { (from: from, event: IncidentEvent.update(to: $0), to: $0) } + [(from: from, event: .resolve, to: .resolved)]
        } + [(from: .resolved, event: .reopen, to: .investigating)]

    /// The status after `event`, or an error naming the refused move and the events that are allowed.
    public static func apply(_ event: IncidentEvent, to status: IncidentStatus) throws(IncidentLifecycleError) -> IncidentStatus {
        guard let transition = transitions.first(where: { $0.from == status && $0.event == event }) else {
            throw IncidentLifecycleError(from: status, event: event)
        }
        return transition.to
    }

    /// The events allowed in `status`, in declaration order of `IncidentEvent`.
    public static func allowedEvents(from status: IncidentStatus) -> [IncidentEvent] {
        IncidentEvent.allCases.filter { event in transitions.contains { $0.from == status && $0.event == event } }
    }

    /// The sentence shown when `event` is refused in `status`: what was refused, why, and what is allowed instead.
    static func refusalMessage(from status: IncidentStatus, event: IncidentEvent) -> String {
        let subject = status == .resolved ? "A resolved incident" : "An open incident (\(status.rawValue))"
        var message = "\(subject) cannot \(event == .reopen || event == .resolve ? "be " + (event == .reopen ? "reopened" : "resolved") : "take an \(event.displayName)")."
        switch (status, event) {
        case (.resolved, .reopen): break
        case (.resolved, _): message += " Reopen it first, with a reason."
        case (_, .reopen): message += " It is still open; post an update instead."
        default: break
        }
        message += " Allowed: \(allowedEvents(from: status).map(\.displayName).joined(separator: ", "))."
        return message
    }
}

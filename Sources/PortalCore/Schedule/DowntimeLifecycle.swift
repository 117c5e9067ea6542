import Foundation

/// The downtime state machine: one transition table that `apply`, the clock, the pages and the diagram all read.
public enum DowntimeLifecycle {
    /// One legal move: in state `from`, event `event` leads to state `to`.
    public typealias Transition = (from: DowntimeState, event: DowntimeEvent, to: DowntimeState)

    /// Every legal move; any (state, event) pair not listed here is refused.
    ///
    /// Decisions beyond the obvious path:
    /// - `extend` moves the window's end later and keeps the state: it is an event, not a state, so a
    ///   downtime is never "extended" in a list filter, only scheduled or in progress with a later end.
    /// - A draft is not extended: nobody has been told yet, so its window is simply edited.
    /// - A draft never starts: it must be announced first so the people affected are told. An unplanned
    ///   outage is announced with a start in the past, and the clock starts it at once.
    /// - An in-progress downtime cannot be cancelled: users were already affected, so it is completed
    ///   (possibly early) and the record shows what really happened.
    /// - Completed and cancelled are final; new work is a new downtime.
    public static let transitions: [Transition] = [
        (.draft, .announce, .scheduled),
        (.draft, .cancel, .cancelled),
        (.scheduled, .start, .inProgress),
        (.scheduled, .cancel, .cancelled),
        (.scheduled, .extend, .scheduled),
        (.inProgress, .complete, .completed),
        (.inProgress, .extend, .inProgress),
    ]

    /// The state after `event`, or an error naming the refused move and the events that are allowed.
    public static func apply(_ event: DowntimeEvent, to state: DowntimeState) throws -> DowntimeState {
        guard let transition = transitions.first(where: { $0.from == state && $0.event == event }) else {
            throw ScheduleError.illegalTransition(from: state, event: event)
        }
        return transition.to
    }

    /// The events allowed in `state`, in declaration order of `DowntimeEvent`, e.g. to choose which buttons to show.
    public static func allowedEvents(from state: DowntimeState) -> [DowntimeEvent] {
        DowntimeEvent.allCases.filter { event in
            transitions.contains { $0.from == state && $0.event == event }
        }
    }

    /// The event the clock triggers at `now`: start once the window has begun, complete once it has ended.
    ///
    /// A draft never moves by the clock (nobody was told), and final states never move at all. A scheduled
    /// downtime whose whole window is already past gets `start` first; ask again to get `complete`.
    public static func dueEvent(state: DowntimeState, window: TimeWindow, now: Date) -> DowntimeEvent? {
        switch state {
        case .scheduled where now >= window.start: .start
        case .inProgress where now >= window.end: .complete
        default: nil
        }
    }

    /// Applies every due clock event in turn, e.g. after the scheduler was down; returns the final state and the events.
    public static func catchUp(state: DowntimeState, window: TimeWindow, now: Date) -> (state: DowntimeState, events: [DowntimeEvent]) {
        var current = state
        var events: [DowntimeEvent] = []
        while let event = dueEvent(state: current, window: window, now: now),
              let next = try? apply(event, to: current) {
            events.append(event)
            current = next
        }
        return (current, events)
    }

    /// The window of a downtime in `state` extended to `newEnd`, refusing states that cannot be extended and ends that are not later.
    public static func extend(
        _ window: TimeWindow, to newEnd: Date, state: DowntimeState,
        maximumDuration: TimeInterval? = TimeWindow.defaultMaximumDuration
    ) throws -> TimeWindow {
        _ = try apply(.extend, to: state)
        return try window.extended(to: newEnd, maximumDuration: maximumDuration)
    }

    /// The sentence shown when `event` is refused in `state`: what was refused, why, and what is allowed instead.
    static func refusalMessage(from state: DowntimeState, event: DowntimeEvent) -> String {
        let subject = state.inSentence.prefix(1).uppercased() + state.inSentence.dropFirst()
        var message = "\(subject) cannot be \(event.pastParticiple)."
        if let reason = reason(from: state, event: event) { message += " \(reason)" }
        let allowed = allowedEvents(from: state)
        if !allowed.isEmpty {
            message += " Allowed: \(allowed.map(\.rawValue).joined(separator: ", "))."
        }
        return message
    }

    private static func reason(from state: DowntimeState, event: DowntimeEvent) -> String? {
        switch (state, event) {
        case (.completed, _): "It is finished and final; declare a new downtime for new work."
        case (.cancelled, _): "It is final; declare a new downtime instead."
        case (.draft, .start): "Announce it first so the people affected are told."
        case (.draft, .complete): "It has not been announced or started."
        case (.draft, .extend): "Change the draft's window directly; extending is for announced downtimes."
        case (.scheduled, .announce), (.inProgress, .announce): "It has already been announced."
        case (.scheduled, .complete): "It has not started yet."
        case (.inProgress, .start): "It has already started."
        case (.inProgress, .cancel): "It is already affecting users; complete it to record that it ended early."
        default: nil
        }
    }
}

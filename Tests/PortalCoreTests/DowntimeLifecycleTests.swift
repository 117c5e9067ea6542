import Foundation
import Testing
@testable import PortalCore

@Suite struct DowntimeLifecycleTests {
    /// The agreed machine, written out independently of the table so an accidental edit to it fails here.
    static let agreed: Set<String> = [
        "draft -announce-> scheduled", "draft -cancel-> cancelled",
        "scheduled -start-> in_progress", "scheduled -cancel-> cancelled", "scheduled -extend-> scheduled",
        "in_progress -complete-> completed", "in_progress -extend-> in_progress",
    ]

    @Test func tableIsTheAgreedMachine() {
        let table = DowntimeLifecycle.transitions.map { "\($0.from.rawValue) -\($0.event.rawValue)-> \($0.to.rawValue)" }
        #expect(Set(table) == Self.agreed)
        #expect(table.count == Self.agreed.count, "no transition is listed twice")
        // Deterministic: one (state, event) pair never leads to two states.
        let keys = DowntimeLifecycle.transitions.map { "\($0.from.rawValue)/\($0.event.rawValue)" }
        #expect(Set(keys).count == keys.count)
    }

    @Test func extendIsAnEventThatKeepsTheState() {
        let extensions = DowntimeLifecycle.transitions.filter { $0.event == .extend }
        #expect(extensions.map(\.from) == [.scheduled, .inProgress])
        #expect(extensions.allSatisfy { $0.from == $0.to })
    }

    // Every one of the 25 (state, event) pairs: legal ones move as the table says, the rest are refused with a message.
    @Test(arguments: DowntimeState.allCases, DowntimeEvent.allCases)
    func everyPair(state: DowntimeState, event: DowntimeEvent) throws {
        if let legal = DowntimeLifecycle.transitions.first(where: { $0.from == state && $0.event == event }) {
            #expect(try DowntimeLifecycle.apply(event, to: state) == legal.to)
            #expect(DowntimeLifecycle.allowedEvents(from: state).contains(event))
        } else {
            #expect(throws: ScheduleError.illegalTransition(from: state, event: event)) {
                try DowntimeLifecycle.apply(event, to: state)
            }
            #expect(!DowntimeLifecycle.allowedEvents(from: state).contains(event))
            let message = ScheduleError.illegalTransition(from: state, event: event).message
            #expect(message.hasPrefix("A ") || message.hasPrefix("An "))
            #expect(message.contains("downtime cannot be \(event.pastParticiple)."), "\(message)")
            let allowed = DowntimeLifecycle.allowedEvents(from: state)
            if allowed.isEmpty {
                #expect(!message.contains("Allowed:"))
            } else {
                #expect(message.hasSuffix(" Allowed: \(allowed.map(\.rawValue).joined(separator: ", ")).") , "\(message)")
            }
        }
    }

    @Test func pairCounts() {
        let pairs = DowntimeState.allCases.flatMap { state in DowntimeEvent.allCases.map { (state, $0) } }
        let refused = pairs.filter { (try? DowntimeLifecycle.apply($0.1, to: $0.0)) == nil }
        #expect(pairs.count == 25)
        #expect(refused.count == 25 - Self.agreed.count)
    }

    @Test(arguments: [
        (DowntimeState.completed, DowntimeEvent.cancel,
         "A completed downtime cannot be cancelled. It is finished and final; declare a new downtime for new work."),
        (.inProgress, .cancel,
         "An in-progress downtime cannot be cancelled. It is already affecting users; complete it to record that it ended early. Allowed: complete, extend."),
        (.draft, .start,
         "A draft downtime cannot be started. Announce it first so the people affected are told. Allowed: announce, cancel."),
        (.scheduled, .complete,
         "A scheduled downtime cannot be completed. It has not started yet. Allowed: start, cancel, extend."),
        (.cancelled, .announce,
         "A cancelled downtime cannot be announced. It is final; declare a new downtime instead."),
        (.draft, .extend,
         "A draft downtime cannot be extended. Change the draft's window directly; extending is for announced downtimes. Allowed: announce, cancel."),
    ])
    func refusalMessages(state: DowntimeState, event: DowntimeEvent, expected: String) {
        #expect(ScheduleError.illegalTransition(from: state, event: event).message == expected)
    }

    @Test(arguments: [
        (DowntimeState.draft, [DowntimeEvent.announce, .cancel], false),
        (.scheduled, [.start, .cancel, .extend], false),
        (.inProgress, [.complete, .extend], false),
        (.completed, [], true),
        (.cancelled, [], true),
    ])
    func allowedEventsAndFinality(state: DowntimeState, allowed: [DowntimeEvent], isFinal: Bool) {
        #expect(DowntimeLifecycle.allowedEvents(from: state) == allowed)
        #expect(state.isFinal == isFinal)
    }

    // Window 10:00–12:00 UTC.
    @Test(arguments: [
        (DowntimeState.draft, "2027-01-12T11:00:00Z", nil as DowntimeEvent?),
        (.draft, "2027-01-12T13:00:00Z", nil),                   // a draft never moves by the clock
        (.scheduled, "2027-01-12T09:59:59Z", nil),
        (.scheduled, "2027-01-12T10:00:00Z", .start),
        (.scheduled, "2027-01-12T11:00:00Z", .start),
        (.scheduled, "2027-01-12T13:00:00Z", .start),            // missed entirely: start first, then complete
        (.inProgress, "2027-01-12T11:59:59Z", nil),
        (.inProgress, "2027-01-12T12:00:00Z", .complete),
        (.inProgress, "2027-01-12T09:00:00Z", nil),              // started early by hand: the clock does not complete it
        (.completed, "2027-01-12T13:00:00Z", nil),
        (.cancelled, "2027-01-12T11:00:00Z", nil),
    ])
    func dueEvents(state: DowntimeState, now: String, expected: DowntimeEvent?) {
        let w = window("2027-01-12T10:00:00Z", "2027-01-12T12:00:00Z", "UTC")
        let due = DowntimeLifecycle.dueEvent(state: state, window: w, now: utc(now))
        #expect(due == expected)
        if let due { #expect(DowntimeLifecycle.allowedEvents(from: state).contains(due), "the clock only fires legal events") }
    }

    @Test(arguments: [
        (DowntimeState.scheduled, "2027-01-12T13:00:00Z", DowntimeState.completed, [DowntimeEvent.start, .complete]),
        (.scheduled, "2027-01-12T11:00:00Z", .inProgress, [.start]),
        (.scheduled, "2027-01-12T09:00:00Z", .scheduled, []),
        (.draft, "2027-01-12T13:00:00Z", .draft, []),
        (.cancelled, "2027-01-12T13:00:00Z", .cancelled, []),
    ])
    func catchUpAfterTheSchedulerWasDown(state: DowntimeState, now: String, expectedState: DowntimeState, expectedEvents: [DowntimeEvent]) {
        let w = window("2027-01-12T10:00:00Z", "2027-01-12T12:00:00Z", "UTC")
        let result = DowntimeLifecycle.catchUp(state: state, window: w, now: utc(now))
        #expect(result.state == expectedState)
        #expect(result.events == expectedEvents)
    }

    @Test func extendChecksStateThenEnd() throws {
        let w = window("2027-01-12T10:00:00Z", "2027-01-12T12:00:00Z", "UTC")
        let later = utc("2027-01-12T14:00:00Z")
        for state in [DowntimeState.scheduled, .inProgress] {
            let extended = try DowntimeLifecycle.extend(w, to: later, state: state)
            #expect(extended.end == later && extended.start == w.start)
            #expect(try DowntimeLifecycle.apply(.extend, to: state) == state)
        }
        for state in [DowntimeState.draft, .completed, .cancelled] {
            #expect(throws: ScheduleError.illegalTransition(from: state, event: .extend)) {
                try DowntimeLifecycle.extend(w, to: later, state: state)
            }
        }
        #expect(throws: ScheduleError.extensionNotLater(currentEnd: w.end, requestedEnd: utc("2027-01-12T11:00:00Z"), zoneID: "UTC")) {
            try DowntimeLifecycle.extend(w, to: utc("2027-01-12T11:00:00Z"), state: .inProgress)
        }
        #expect(throws: ScheduleError.windowTooLong(start: w.start, end: utc("2027-01-12T16:00:00Z"), maximum: 5 * 3_600)) {
            try DowntimeLifecycle.extend(w, to: utc("2027-01-12T16:00:00Z"), state: .scheduled, maximumDuration: 5 * 3_600)
        }
    }

    @Test(arguments: [
        (DowntimeKind.planned, "planned", "Planned maintenance"),
        (.emergency, "emergency", "Emergency maintenance"),
        (.unplanned, "unplanned", "Unplanned outage"),
    ])
    func kinds(kind: DowntimeKind, raw: String, name: String) {
        #expect(kind.rawValue == raw)
        #expect(kind.displayName == name)
        #expect(DowntimeKind(rawValue: raw) == kind)
    }

    @Test(arguments: [
        (DowntimeState.draft, "draft", "Draft"),
        (.scheduled, "scheduled", "Scheduled"),
        (.inProgress, "in_progress", "In progress"),
        (.completed, "completed", "Completed"),
        (.cancelled, "cancelled", "Cancelled"),
    ])
    func states(state: DowntimeState, raw: String, name: String) throws {
        #expect(state.rawValue == raw)
        #expect(state.displayName == name)
        #expect(try JSONDecoder().decode(DowntimeState.self, from: Data("\"\(raw)\"".utf8)) == state)
    }

    @Test func eventsRawValuesAndLabels() {
        #expect(DowntimeEvent.allCases.map(\.rawValue) == ["announce", "start", "complete", "cancel", "extend"])
        #expect(DowntimeEvent.allCases.map(\.displayName) == ["Announce", "Start", "Complete", "Cancel", "Extend"])
    }
}

import Foundation
import Testing
@testable import PortalCore

@Suite struct IncidentLifecycleTests {
    /// The agreed machine, written out independently of the table so an accidental edit to it fails here.
    static let agreed: Set<String> = {
        var moves: Set<String> = ["resolved -reopen-> investigating"]
        for from in ["investigating", "identified", "monitoring"] {
            moves.insert("\(from) -investigate-> investigating")
            moves.insert("\(from) -identify-> identified")
            moves.insert("\(from) -monitor-> monitoring")
            moves.insert("\(from) -resolve-> resolved")
        }
        return moves
    }()

    @Test func tableIsTheAgreedMachine() {
        let table = IncidentLifecycle.transitions.map { "\($0.from.rawValue) -\($0.event.rawValue)-> \($0.to.rawValue)" }
        #expect(Set(table) == Self.agreed)
        #expect(table.count == Self.agreed.count, "no transition is listed twice")
    }

    // Every (status, event) pair: legal ones move as the table says, the rest are refused with a message naming what is allowed.
    @Test(arguments: IncidentStatus.allCases, IncidentEvent.allCases)
    func everyPair(status: IncidentStatus, event: IncidentEvent) throws {
        let key = "\(status.rawValue) -\(event.rawValue)-> "
        if let legal = Self.agreed.first(where: { $0.hasPrefix(key) }) {
            #expect(try IncidentLifecycle.apply(event, to: status).rawValue == String(legal.dropFirst(key.count)))
            #expect(IncidentLifecycle.allowedEvents(from: status).contains(event))
        } else {
            #expect(throws: IncidentLifecycleError(from: status, event: event)) { try IncidentLifecycle.apply(event, to: status) }
            let message = IncidentLifecycleError(from: status, event: event).message
            let allowed = IncidentLifecycle.allowedEvents(from: status)
            #expect(!allowed.isEmpty)
            #expect(message.hasSuffix("Allowed: \(allowed.map(\.displayName).joined(separator: ", ")).") , "\(message)")
        }
    }

    @Test(arguments: [
        (IncidentStatus.resolved, IncidentEvent.identify,
         "A resolved incident cannot take an update (identified). Reopen it first, with a reason. Allowed: reopen."),
        (.resolved, .resolve, "A resolved incident cannot be resolved. Reopen it first, with a reason. Allowed: reopen."),
        (.monitoring, .reopen,
         "An open incident (monitoring) cannot be reopened. It is still open; post an update instead. Allowed: update (investigating), update (identified), update (monitoring), resolve."),
    ])
    func refusalMessages(status: IncidentStatus, event: IncidentEvent, expected: String) {
        #expect(IncidentLifecycleError(from: status, event: event).message == expected)
    }

    @Test(arguments: IncidentStatus.allCases)
    func updateEventLeadsToItsStatus(status: IncidentStatus) throws {
        let event = IncidentEvent.update(to: status)
        #expect(try IncidentLifecycle.apply(event, to: .investigating) == status)
    }

    @Test func reopenAfterResolveStartsInvestigatingAgain() throws {
        var status = IncidentStatus.investigating
        for event in [IncidentEvent.identify, .monitor, .resolve, .reopen, .monitor] { status = try IncidentLifecycle.apply(event, to: status) }
        #expect(status == .monitoring)
        #expect(!IncidentStatus.resolved.isOpen && IncidentStatus.monitoring.isOpen)
    }
}

import Testing
@testable import PortalCore

@Suite struct ValidationTests {
    @Test(arguments: [
        ("payroll-api", []),
        ("", ["Name is required."]),
        ("   ", ["Name is required."]),
        (" padded", ["Name starts or ends with spaces; remove them."]),
        ("tab\there", ["Name contains a tab, line break or other control character; remove it."]),
        (String(repeating: "x", count: 200), []),
        (String(repeating: "x", count: 201), ["Name is 201 characters long; shorten it to at most 200."]),
        ("Zoë's café", []),
    ])
    func names(value: String, messages: [String]) {
        #expect(Validation.name(value).map(\.message) == messages)
        #expect(Validation.name(value).allSatisfy { $0.field == "name" })
    }

    @Test(arguments: [
        ("alice.martin@example.com", true),
        ("o'brien+ops@mail.example.co.uk", true),
        ("user@xn--bcher-kva.example", true),
        ("abc", false),
        ("a@b", false),
        ("a@b.c", false),
        ("a@b.123", false),
        ("two@@example.com", false),
        ("a@b@example.com", false),
        (".alice@example.com", false),
        ("alice..martin@example.com", false),
        ("alice@-example.com", false),
        ("alice@example..com", false),
        ("alice martin@example.com", false),
        ("alice@exa_mple.com", false),
    ])
    func emails(value: String, valid: Bool) {
        #expect(Validation.isValidEmail(value) == valid, "\(value)")
        #expect(Validation.email(value).isEmpty == valid)
    }

    @Test func emailMessages() {
        #expect(Validation.email("abc") == [FieldError(field: "email", message: "'abc' is not a valid e-mail address.")])
        #expect(Validation.email("").map(\.message) == ["E-mail address is required."])
        let long = String(repeating: "a", count: 250) + "@example.com"
        #expect(Validation.email(long).map(\.message) == ["E-mail address is 262 characters long; the limit is 254."])
        #expect(Validation.optionalEmail(nil).isEmpty)
        #expect(Validation.optionalEmail("").isEmpty)
    }

    @Test(arguments: [
        ("Europe/Paris", true), ("America/New_York", true), ("Asia/Kolkata", true), ("UTC", true), ("GMT", true),
        ("Mars/Base", false), ("Europe/Pariss", false), ("CET+1", false), ("", false),
    ])
    func timeZones(value: String, valid: Bool) {
        #expect(Validation.timeZone(value).isEmpty == valid, "\(value)")
    }

    @Test func timeZoneMessage() {
        #expect(Validation.timeZone("Mars/Base").map(\.message)
                == ["'Mars/Base' is not a known time zone (use an IANA name such as Europe/Paris)."])
    }

    @Test(arguments: [(0, false), (1, true), (4, true), (5, false), (-1, false)])
    func tiers(value: Int, valid: Bool) {
        #expect(Validation.tier(value).isEmpty == valid)
    }

    @Test(arguments: [(0, false), (1, true), (3, true), (-2, false)])
    func minimumHealthy(value: Int, valid: Bool) {
        #expect(Validation.minHealthy(value).isEmpty == valid)
        #expect(Placement(serviceID: 1, serverID: 1, minHealthy: value).validate().isEmpty == valid)
    }

    @Test(arguments: [
        (String?.none, true), ("", true), ("+33 1 23 45 67 89", true), ("(555) 123-4567", true),
        ("call me", false), ("+-()", false), (String(repeating: "1", count: 41), false), ("12 34 ext. 5", false),
    ])
    func phones(value: String?, valid: Bool) {
        #expect(Validation.phone(value).isEmpty == valid, "\(value ?? "nil")")
    }

    @Test func descriptions() {
        #expect(Validation.description(String(repeating: "d", count: 2000)).isEmpty)
        #expect(Validation.description(String(repeating: "d", count: 2001)).map(\.message)
                == ["Description is 2001 characters long; shorten it to at most 2000."])
    }

    @Test func recordValidationCollectsEveryProblem() {
        let person = Person(id: 1, name: "", email: "nope", phone: "x", timeZone: "Mars/Base")
        #expect(person.validate().map(\.field) == ["name", "email", "phone", "timeZone"])
        #expect(Server(id: 1, name: "srv", regionID: 1, clusterID: 2).validate().map(\.field) == ["location"])
        #expect(Server(id: 1, name: "srv").validate().map(\.field) == ["location"])
        #expect(DataSet(id: 1, name: "d", serviceID: 1).validate().isEmpty)
        #expect(Service(id: 1, name: "svc", tier: 7).validate().map(\.field) == ["tier"])
        #expect(Team(id: 1, name: "Ops").validate().map(\.field) == ["email"])
        #expect(Team(id: 1, name: "Ops", memberIDs: [3]).validate().isEmpty)
        #expect(Region(id: 4, name: "loop", parentID: 4).validate().map(\.field) == ["parentID"])
    }
}

import Testing
@testable import PortalCore

@Suite struct InheritanceTests {
    /// Fixture plus assignments at several levels of the tree.
    static func scenario() throws -> (Inventory, InventoryBuilder) {
        var b = Fixture.builder
        b.assign("Alice Martin", "Downtime coordinator", on: b.ref(.region, "eu"))
        b.assign("Bruno Rossi", "Downtime coordinator", .secondary, on: b.ref(.region, "eu-west"))
        b.assign("team:DBA", "Technical contact", on: b.ref(.cluster, "db-east"))
        b.assign("Chloé Dubois", "Technical contact", on: b.ref(.server, "db-13"))
        b.assign("Bruno Rossi", "Technical contact", .inactive, on: b.ref(.server, "db-12"))
        b.assign("Alice Martin", "Technical contact", on: b.ref(.service, "Mailer"))
        b.assign("Chloé Dubois", "Data owner", on: b.ref(.service, "Payroll"))
        b.assign("Alice Martin", "Data owner", .tertiary, on: b.ref(.process, "Monthly payroll run"))
        return (try b.build(), b)
    }

    @Test(arguments: [
        // (role, kind, object, expected holder names, expected inherited-from names; "" = direct)
        ("Downtime coordinator", ObjectKind.region, "eu", ["Alice Martin"], [""]),
        ("Downtime coordinator", .region, "ams-1", ["Bruno Rossi"], ["eu-west"]),
        ("Downtime coordinator", .region, "eu-central", ["Alice Martin"], ["eu"]),
        ("Downtime coordinator", .cluster, "app-fra", ["Alice Martin"], ["eu"]),
        ("Downtime coordinator", .server, "mail-1", ["Bruno Rossi"], ["eu-west"]),
        ("Technical contact", .server, "db-13", ["Chloé Dubois"], [""]),
        ("Technical contact", .server, "db-12", ["DBA", "Bruno Rossi"], ["db-east", ""]),
        ("Technical contact", .service, "PG-3", ["DBA"], ["db-east"]),
        ("Technical contact", .service, "Mailer", ["Alice Martin"], [""]),
        ("Technical contact", .service, "Payroll", [], []),
        ("Data owner", .dataset, "salaries", ["Chloé Dubois"], ["Payroll"]),
        ("Data owner", .process, "Monthly payroll run", ["Alice Martin"], [""]),
        ("Downtime coordinator", .process, "Monthly payroll run", [], []),
        ("Downtime coordinator", .dataset, "mail-archive", ["Bruno Rossi"], ["eu-west"]),
    ])
    func holders(role: String, kind: ObjectKind, name: String, holders: [String], from: [String]) throws {
        let (inventory, b) = try Self.scenario()
        let resolution = inventory.holders(of: b.roleID(role), for: b.ref(kind, name))
        #expect(resolution.holders.map(\.contactName) == holders, "\(role) of \(name)")
        #expect(resolution.holders.map { $0.inheritedFrom.flatMap(inventory.name(of:)) ?? "" } == from)
        #expect(resolution.roleName == role)
    }

    @Test func inactiveAssignmentsAreFlaggedAndDoNotStopInheritance() throws {
        let (inventory, b) = try Self.scenario()
        let resolution = inventory.holders(of: b.roleID("Technical contact"), for: b.ref(.server, "db-12"))
        let inactive = try #require(resolution.holders.first { $0.priority == .inactive })
        #expect(inactive.isNotified == false)
        #expect(inactive.isDirect)
        #expect(resolution.notifiedHolders.map(\.contactName) == ["DBA"])
        #expect(resolution.isVacant == false)
    }

    @Test func serviceInheritsFromHostsOnlyWithoutItsOwnHolder() throws {
        var b = Fixture.builder
        b.assign("team:DBA", "Technical contact", on: b.ref(.cluster, "db-east"))
        b.assign("Chloé Dubois", "Technical contact", on: b.ref(.server, "mail-1"))
        b.assign("Alice Martin", "Technical contact", on: b.ref(.service, "Mailer"))
        // A second placement of PG-3 on mail-1: holders of both hosts are unioned.
        b.placements.append(Placement(serviceID: b.id(.service, "PG-3"), serverID: b.id(.server, "mail-1")))
        let inventory = try b.build()
        let role = b.roleID("Technical contact")
        #expect(inventory.holders(of: role, for: b.ref(.service, "Mailer")).holders.map(\.contactName) == ["Alice Martin"])
        let pg = inventory.holders(of: role, for: b.ref(.service, "PG-3")).holders
        #expect(Set(pg.map(\.contactName)) == ["DBA", "Chloé Dubois"])
        #expect(Set(pg.compactMap(\.inheritedFrom)) == [b.ref(.cluster, "db-east"), b.ref(.server, "mail-1")])
    }

    @Test func sameAssignmentReachedThroughTwoHostsIsListedOnce() throws {
        var b = Fixture.builder
        b.assign("Alice Martin", "Downtime coordinator", on: b.ref(.region, "ams-1"))
        b.service("Spread", servers: ["db-12", "web-1"])
        let inventory = try b.build()
        let holders = inventory.holders(of: b.roleID("Downtime coordinator"), for: b.ref(.service, "Spread")).holders
        #expect(holders.map(\.contactName) == ["Alice Martin"])
        #expect(holders.first?.inheritedFrom == b.ref(.region, "ams-1"))
    }

    @Test func allRolesListsEveryRoleIncludingVacantOnes() throws {
        let (inventory, b) = try Self.scenario()
        let roles = inventory.allRoles(for: b.ref(.server, "db-13"))
        #expect(roles.map(\.roleName) == ["Data owner", "Downtime coordinator", "Technical contact"])
        #expect(roles[0].isVacant)
        #expect(roles[1].holders.map(\.contactName) == ["Bruno Rossi"])
        #expect(roles[2].holders.map(\.contactName) == ["Chloé Dubois"])
    }

    @Test func unknownObjectOrRoleHasNoHolders() throws {
        let (inventory, b) = try Self.scenario()
        #expect(inventory.holders(of: 999, for: b.ref(.region, "eu")).holders.isEmpty)
        #expect(inventory.holders(of: b.roleID("Data owner"), for: .server(999)).holders.isEmpty)
        #expect(inventory.allRoles(for: .server(999)).isEmpty)
    }
}

@Suite struct ImpactContactTests {
    @Test func contactsAreDeduplicatedWithEveryReasonAndSorted() throws {
        let (inventory, b) = try InheritanceTests.scenario()
        let impact = try ImpactResolver(inventory: inventory).resolve(targets: [b.ref(.cluster, "db-east")])
        // Alice: primary coordinator (from eu) for everything; DBA: technical contact via db-east;
        // Chloé: technical contact of db-13 and data owner of Payroll/salaries; Bruno: secondary coordinator.
        #expect(impact.contacts.map(\.name) == ["Alice Martin", "Chloé Dubois", "DBA", "Bruno Rossi"])
        #expect(impact.contacts.map(\.bestPriority) == [.primary, .primary, .primary, .secondary])

        let alice = try #require(impact.notifiedContact(.person(b.personID("Alice Martin"))))
        let coordinator = b.roleID("Downtime coordinator")
        #expect(alice.reasons.contains(NotificationReason(
            assignmentID: 1, roleID: coordinator, priority: .primary, object: b.ref(.cluster, "db-east"),
            inheritedFrom: b.ref(.region, "eu"))) == false) // db-east sits in ams-1 ← eu-west, where Bruno wins
        #expect(alice.reasons.contains { $0.object == b.ref(.process, "Monthly payroll run") && $0.inheritedFrom == nil })

        let bruno = try #require(impact.notifiedContact(.person(b.personID("Bruno Rossi"))))
        #expect(bruno.reasons.allSatisfy { $0.priority != .inactive })
        #expect(bruno.reasons.contains { $0.object == b.ref(.server, "db-12") && $0.roleID == coordinator
                                         && $0.inheritedFrom == b.ref(.region, "eu-west") })
        #expect(!bruno.reasons.contains { $0.roleID == b.roleID("Technical contact") })
        #expect(impact.contacts.count == Set(impact.contacts.map(\.contact)).count)
    }

    @Test func nobodyAssignedMeansNobodyNotified() throws {
        let b = Fixture.builder
        let impact = try ImpactResolver(inventory: Fixture.inventory).resolve(targets: [b.ref(.region, "eu")])
        #expect(!impact.affected.isEmpty)
        #expect(impact.contacts.isEmpty)
    }
}

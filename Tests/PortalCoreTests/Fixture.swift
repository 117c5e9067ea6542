@testable import PortalCore

/// The inventory most tests share: Payroll needs PG-3 (on cluster db-east), Reporting softly needs Payroll.
///
/// eu ─ eu-west ─ ams-1 ─ db-east {db-12, db-13}
///    │         │       └ web-ams {web-1, web-2, web-3}
///    │         └ mail-1 (standalone)
///    └ eu-central ─ app-fra {app-1, app-2}
enum Fixture {
    static var builder: InventoryBuilder {
        var b = InventoryBuilder()
        b.region("eu")
        b.region("eu-west", parent: "eu")
        b.region("ams-1", parent: "eu-west")
        b.region("eu-central", parent: "eu")
        b.cluster("db-east", in: "ams-1", servers: ["db-12", "db-13"])
        b.cluster("web-ams", in: "ams-1", servers: ["web-1", "web-2", "web-3"])
        b.cluster("app-fra", in: "eu-central", servers: ["app-1", "app-2"])
        b.server("mail-1", in: "eu-west")
        b.service("PG-3", clusters: ["db-east"])
        b.service("Payroll", clusters: ["web-ams"])
        b.service("Reporting", clusters: ["app-fra"])
        b.service("Mailer", servers: ["mail-1"])
        b.depend("Payroll", on: "PG-3", .hard)
        b.depend("Reporting", on: "Payroll", .soft)
        b.process("Monthly payroll run", uses: ["Reporting", "Payroll"])
        b.dataSet("salaries", service: "Payroll")
        b.dataSet("mail-archive", server: "mail-1")
        b.person("Alice Martin")
        b.person("Bruno Rossi")
        b.person("Chloé Dubois")
        b.team("DBA", members: ["Bruno Rossi"])
        b.role("Downtime coordinator")
        b.role("Technical contact")
        b.role("Data owner")
        return b
    }

    static var inventory: Inventory { try! builder.build() }
}

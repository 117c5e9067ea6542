/// The inventory entities, in the order their CSV files must be imported.
public enum InventorySpecs {
    static let environments = ["PROD", "INT", "TEST", "DEV"]
    static let description = EntityField("description", "Description", .longText(max: 2000))

    public static let regions = EntitySpec(
        kind: .regions, singular: "region", title: "Regions", table: "regions",
        fields: [
            EntityField("name", "Name", .text(max: 200), required: true),
            EntityField("parent", "Parent region", .reference(table: "regions", key: "name", column: "parent_id"), help: "Leave empty for a top-level region."),
            description,
        ],
        exactlyOne: [],
        blockers: [
            Blocker(table: "regions", column: "parent_id", label: "sub-region", nameExpression: "name"),
            Blocker(table: "clusters", column: "region_id", label: "cluster", nameExpression: "name"),
            Blocker(table: "servers", column: "region_id", label: "server", nameExpression: "name"),
        ],
        hasName: true, filters: ["parent"], sortable: ["name", "id"])

    public static let clusters = EntitySpec(
        kind: .clusters, singular: "cluster", title: "Clusters", table: "clusters",
        fields: [
            EntityField("name", "Name", .text(max: 200), required: true),
            EntityField("region", "Region", .reference(table: "regions", key: "name", column: "region_id"), required: true),
            description,
        ],
        exactlyOne: [],
        blockers: [
            Blocker(table: "servers", column: "cluster_id", label: "server", nameExpression: "name"),
            Blocker(table: "placements", column: "cluster_id", label: "service placement", nameExpression: "(SELECT name FROM services WHERE id = service_id)"),
        ],
        hasName: true, filters: ["region"], sortable: ["name", "id"])

    public static let servers = EntitySpec(
        kind: .servers, singular: "server", title: "Servers", table: "servers",
        fields: [
            EntityField("name", "Name", .text(max: 200), required: true),
            EntityField("region", "Region", .reference(table: "regions", key: "name", column: "region_id"), help: "For a server in a cluster, the cluster's region is used; leave empty or give the same region."),
            EntityField("cluster", "Cluster", .reference(table: "clusters", key: "name", column: "cluster_id")),
            EntityField("environment", "Environment", .choice(environments), required: true),
            description,
        ],
        exactlyOne: [["region", "cluster"]],
        blockers: [
            Blocker(table: "placements", column: "server_id", label: "service placement", nameExpression: "(SELECT name FROM services WHERE id = service_id)"),
            Blocker(table: "datasets", column: "server_id", label: "data set", nameExpression: "name"),
        ],
        hasName: true, filters: ["environment", "region", "cluster"], sortable: ["name", "environment", "id"],
        inheritedReference: InheritedReference(field: "region", through: "cluster"))

    public static let services = EntitySpec(
        kind: .services, singular: "service", title: "Services", table: "services",
        fields: [
            EntityField("name", "Name", .text(max: 200), required: true),
            EntityField("environment", "Environment", .choice(environments), required: true),
            EntityField("tier", "Criticality tier", .integer(min: 1, max: 4), required: true, help: "1 is the most critical."),
            description,
            EntityField("sla_percent", "Advertised SLA (%)", .decimal(min: 0.001, max: 100), help: "For example 99.9; leave empty when none is advertised.", appendedColumn: true),
            EntityField("sla_period", "SLA period", .choice(["month", "30d"]), help: "month (calendar month, UTC) or 30d (rolling 30 days).", appendedColumn: true),
        ],
        exactlyOne: [],
        blockers: [
            Blocker(table: "dependencies", column: "depends_on_id", label: "dependent service", nameExpression: "(SELECT name FROM services WHERE id = service_id)"),
            Blocker(table: "process_services", column: "service_id", label: "business process", nameExpression: "(SELECT name FROM processes WHERE id = process_id)"),
            Blocker(table: "datasets", column: "service_id", label: "data set", nameExpression: "name"),
        ],
        hasName: true, filters: ["environment", "tier"], sortable: ["name", "environment", "tier", "id"])

    public static let placements = EntitySpec(
        kind: .placements, singular: "placement", title: "Placements", table: "placements",
        fields: [
            EntityField("service", "Service", .reference(table: "services", key: "name", column: "service_id"), required: true),
            EntityField("server", "Server", .reference(table: "servers", key: "name", column: "server_id")),
            EntityField("cluster", "Cluster", .reference(table: "clusters", key: "name", column: "cluster_id")),
            EntityField("min_healthy", "Minimum healthy hosts", .integer(min: 1, max: 10000), required: true),
        ],
        exactlyOne: [["server", "cluster"]], blockers: [], hasName: false, filters: ["service", "cluster"], sortable: ["id"])

    public static let dependencies = EntitySpec(
        kind: .dependencies, singular: "dependency", title: "Dependencies", table: "dependencies",
        fields: [
            EntityField("service", "Service", .reference(table: "services", key: "name", column: "service_id"), required: true),
            EntityField("depends_on", "Depends on", .reference(table: "services", key: "name", column: "depends_on_id"), required: true),
            EntityField("kind", "Kind", .choice(["hard", "soft"]), required: true, help: "hard: down when the dependency is down; soft: degraded."),
        ],
        exactlyOne: [], blockers: [], hasName: false, filters: ["service", "depends_on", "kind"], sortable: ["rowid"])

    public static let processes = EntitySpec(
        kind: .processes, singular: "business process", title: "Business processes", table: "processes",
        fields: [
            EntityField("name", "Name", .text(max: 200), required: true),
            description,
            EntityField("services", "Services used", .referenceList(join: "process_services", ownColumn: "process_id", otherColumn: "service_id", otherTable: "services", otherKey: "name"), help: "Service names separated by ;"),
        ],
        exactlyOne: [], blockers: [], hasName: true, filters: [], sortable: ["name", "id"])

    public static let datasets = EntitySpec(
        kind: .datasets, singular: "data set", title: "Data sets", table: "datasets",
        fields: [
            EntityField("name", "Name", .text(max: 200), required: true),
            EntityField("classification", "Classification", .choice(["public", "internal", "confidential", "restricted"]), required: true),
            EntityField("service", "Service", .reference(table: "services", key: "name", column: "service_id")),
            EntityField("server", "Server", .reference(table: "servers", key: "name", column: "server_id")),
            description,
        ],
        exactlyOne: [["service", "server"]], blockers: [], hasName: true, filters: ["classification"], sortable: ["name", "classification", "id"])

    public static let teams = EntitySpec(
        kind: .teams, singular: "team", title: "Teams", table: "teams",
        fields: [
            EntityField("name", "Name", .text(max: 200), required: true),
            EntityField("email", "E-mail", .email),
        ],
        exactlyOne: [], blockers: [], hasName: true, filters: [], sortable: ["name", "id"])

    public static let people = EntitySpec(
        kind: .people, singular: "person", title: "People", table: "people",
        fields: [
            EntityField("name", "Name", .text(max: 200), required: true),
            EntityField("email", "E-mail", .email, required: true),
            EntityField("phone", "Phone", .phone),
            EntityField("time_zone", "Time zone", .timeZone, required: true, help: "An IANA name such as Europe/Paris."),
            EntityField("teams", "Teams", .referenceList(join: "team_members", ownColumn: "person_id", otherColumn: "team_id", otherTable: "teams", otherKey: "name"), help: "Team names separated by ;"),
            EntityField("jid", "XMPP address", .jid, help: "A bare JID such as alice@example.org: service JIDs accept this person's subscriptions and commands and send them chat messages.",
                        appendedColumn: true),
        ],
        exactlyOne: [], blockers: [], hasName: true, filters: [], sortable: ["name", "email", "id"],
        naturalKey: "email", alsoSearched: "email", outboxFilter: "person")

    public static let assignments = EntitySpec(
        kind: .assignments, singular: "assignment", title: "Assignments", table: "assignments",
        fields: [
            EntityField("contact", "Contact", .contact, required: true, help: "A person's e-mail or a team's name."),
            EntityField("role", "Role", .reference(table: "roles", key: "name", column: "role_id"), required: true),
            EntityField("priority", "Priority", .choice(["primary", "secondary", "tertiary", "inactive"]), required: true),
            EntityField("region", "Region", .reference(table: "regions", key: "name", column: "region_id")),
            EntityField("cluster", "Cluster", .reference(table: "clusters", key: "name", column: "cluster_id")),
            EntityField("server", "Server", .reference(table: "servers", key: "name", column: "server_id")),
            EntityField("service", "Service", .reference(table: "services", key: "name", column: "service_id")),
            EntityField("process", "Business process", .reference(table: "processes", key: "name", column: "process_id")),
            EntityField("dataset", "Data set", .reference(table: "datasets", key: "name", column: "dataset_id")),
        ],
        exactlyOne: [["region", "cluster", "server", "service", "process", "dataset"]], blockers: [], hasName: false,
        filters: ["role", "priority"], sortable: ["id"])

    /// Every entity in import order (each file may refer only to kinds before it).
    public static let all: [EntitySpec] = [regions, clusters, servers, services, placements, dependencies, processes, datasets, teams, people, assignments]

    public static func spec(_ kind: String) -> EntitySpec? { InventoryKind(rawValue: kind).map(spec) }

    public static func spec(_ kind: InventoryKind) -> EntitySpec {
        switch kind {
        case .regions: regions
        case .clusters: clusters
        case .servers: servers
        case .services: services
        case .placements: placements
        case .dependencies: dependencies
        case .processes: processes
        case .datasets: datasets
        case .teams: teams
        case .people: people
        case .assignments: assignments
        }
    }
}

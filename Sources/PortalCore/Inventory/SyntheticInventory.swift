/// The rows `InventoryGenerator` accumulates, one step per table.
struct SyntheticInventory {
    private typealias Words = GeneratorVocabulary

    private struct Site {
        let region: Int
        let code: String
        let continent: Int
        let zone: Int
        /// Server positions `firstServer..<endServer`.
        var firstServer = 0
        var endServer = 0
        var clusters: [Int] = []
        var serverCount: Int { endServer - firstServer }
    }

    private struct AssignmentKey: Hashable {
        let contact: Contact
        let roleID: Int64
        let object: ObjectRef
    }

    private var rng: SplitMix64
    private var sites: [Site] = []
    private var continentRegion: [Int] = []
    private var clusterSizes: [Int] = []
    private var assignmentKeys = Set<AssignmentKey>()

    var regions: [Region] = []
    var clusters: [Cluster] = []
    var servers: [Server] = []
    var services: [Service] = []
    var placements: [Placement] = []
    var dependencies: [Dependency] = []
    var processes: [BusinessProcess] = []
    var dataSets: [DataSet] = []
    var people: [Person] = []
    var teams: [Team] = []
    var roles: [Role] = []
    var assignments: [Assignment] = []

    init(seed: UInt64) {
        rng = SplitMix64(seed: seed)
    }

    // MARK: - Steps

    /// Continents, then zones, then sites, so every parent has a smaller id than its children.
    mutating func makeRegions() {
        var zoneRegions: [[Int]] = []
        for continent in Words.continents {
            continentRegion.append(addRegion(continent.name, parent: nil, description: continent.description))
        }
        for (c, continent) in Words.continents.enumerated() {
            zoneRegions.append(continent.zones.map {
                addRegion($0.name, parent: continentRegion[c], description: $0.description)
            })
        }
        for (c, continent) in Words.continents.enumerated() {
            for (z, zone) in continent.zones.enumerated() {
                let siteCount = rng.int(in: 3...4)
                for (n, city) in zone.cities.prefix(siteCount).enumerated() {
                    let region = addRegion("\(zone.name)-\(n + 1)", parent: zoneRegions[c][z],
                                           description: "\(city.1) data centre")
                    sites.append(Site(region: region, code: city.0, continent: c, zone: z))
                }
            }
        }
    }

    /// Sites get a share of the servers in proportion to a random weight; most servers go into clusters.
    mutating func makeServers(count: Int) {
        let weights = sites.map { _ in rng.int(in: 1...3) }
        let total = weights.reduce(0, +)
        var shares = weights.map { count * $0 / total }
        for i in 0..<(count - shares.reduce(0, +)) { shares[i % shares.count] += 1 }
        let environments = [Environment.prod, .int, .test, .dev]
        let environmentWeights = [50, 15, 20, 15]

        for s in sites.indices {
            let share = shares[s]
            let code = sites[s].code
            let regionID = regions[sites[s].region].id
            sites[s].firstServer = servers.count
            var serverNumber = 0
            func nextServerName() -> String {
                serverNumber += 1
                return "srv-\(code)-\(Self.padded(serverNumber, width: 5))"
            }
            var remaining = share * 85 / 100
            var clusterNumbers = [String: Int]()
            while remaining >= 2 {
                var size = min(rng.int(in: 2...8), remaining)
                if remaining - size == 1 { size += 1 }
                remaining -= size
                let prefix = rng.pick(Words.clusterPrefixes)
                let number = clusterNumbers[prefix, default: 0] + 1
                clusterNumbers[prefix] = number
                let environment = environments[rng.weighted(environmentWeights)]
                let clusterID = Int64(clusters.count + 1)
                sites[s].clusters.append(clusters.count)
                clusterSizes.append(size)
                clusters.append(Cluster(id: clusterID, name: "\(prefix)-\(code)-\(number)", regionID: regionID,
                                        description: "\(prefix) cluster of \(size) servers"))
                for _ in 0..<size {
                    servers.append(Server(id: Int64(servers.count + 1), name: nextServerName(), clusterID: clusterID,
                                          environment: environment))
                }
            }
            while servers.count - sites[s].firstServer < share {
                servers.append(Server(id: Int64(servers.count + 1), name: nextServerName(), regionID: regionID,
                                      environment: environments[rng.weighted(environmentWeights)]))
            }
            sites[s].endServer = servers.count
        }
    }

    /// The first 3% are core services, spread over two zones; the rest live in one home site, on a
    /// cluster, a pair of servers, or (rarely) one server, and some are also geo-redundant.
    mutating func makeServices(count: Int) {
        let usable = sites.indices.filter { sites[$0].serverCount > 0 }
        guard count > 0, !usable.isEmpty else { return }
        let siteWeights = usable.map { sites[$0].serverCount }
        let coreCount = max(1, count * 3 / 100)
        var nameUses = [String: Int]()
        let environments = [Environment.prod, .int, .test, .dev]

        for i in 0..<count {
            let base = "\(rng.pick(Words.serviceDomains))-\(rng.pick(Words.serviceSuffixes))"
            let uses = nameUses[base, default: 0] + 1
            nameUses[base] = uses
            let name = uses == 1 ? base : "\(base)-\(uses)"
            let serviceID = Int64(i + 1)
            let isCore = i < coreCount
            let tier = isCore ? 1 : [1, 2, 3, 4][rng.weighted([10, 30, 40, 20])]
            services.append(Service(id: serviceID, name: name,
                                    environment: isCore ? .prod : environments[rng.weighted([60, 15, 15, 10])],
                                    tier: tier, description: isCore ? "Core platform service" : ""))

            let home = usable[rng.weighted(siteWeights)]
            let roll = rng.below(100)
            if (isCore || roll < 15), let cluster = randomCluster(in: home) {
                placeOnCluster(serviceID, cluster)
                if let remote = randomSite(awayFrom: home), let other = randomCluster(in: remote) {
                    placeOnCluster(serviceID, other)
                }
            } else if roll < 65, let cluster = randomCluster(in: home) {
                placeOnCluster(serviceID, cluster)
            } else if roll < 90 && sites[home].serverCount >= 2 {
                let first = sites[home].firstServer + rng.below(sites[home].serverCount)
                var second = first
                while second == first { second = sites[home].firstServer + rng.below(sites[home].serverCount) }
                placements.append(Placement(serviceID: serviceID, serverID: servers[first].id, minHealthy: 1))
                placements.append(Placement(serviceID: serviceID, serverID: servers[second].id, minHealthy: 1))
            } else {
                let server = sites[home].firstServer + rng.below(sites[home].serverCount)
                placements.append(Placement(serviceID: serviceID, serverID: servers[server].id, minHealthy: 1))
            }
        }
    }

    /// 20–60 dependencies per service (about 40 on average), only on lower-numbered services so the graph
    /// is acyclic; half on recent neighbours to form chains, half anywhere; one in ten is hard.
    mutating func makeDependencies() {
        var chosenBy = [Int](repeating: -1, count: services.count)
        dependencies.reserveCapacity(services.count * 40)
        for i in 1..<max(1, services.count) {
            let wanted = min(i, rng.int(in: 20...60))
            var picks: [Int] = []
            picks.reserveCapacity(wanted)
            if wanted * 2 > i {
                var pool = Array(0..<i)
                for k in 0..<wanted {
                    pool.swapAt(k, k + rng.below(i - k))
                    picks.append(pool[k])
                }
            } else {
                while picks.count < wanted {
                    let target = rng.chance(50) ? max(0, i - 200) + rng.below(min(i, 200)) : rng.below(i)
                    guard chosenBy[target] != i else { continue }
                    chosenBy[target] = i
                    picks.append(target)
                }
            }
            for target in picks {
                dependencies.append(Dependency(serviceID: services[i].id, dependsOnID: services[target].id,
                                               kind: rng.chance(10) ? .hard : .soft))
            }
        }
    }

    mutating func makeProcesses() {
        guard !services.isEmpty else { return }
        var nameUses = [String: Int]()
        for i in 0..<max(1, services.count / 10) {
            let base = rng.pick(Words.processNames)
            let uses = nameUses[base, default: 0] + 1
            nameUses[base] = uses
            var used: [Int64] = []
            for _ in 0..<min(services.count, rng.int(in: 2...8)) {
                let id = services[rng.below(services.count)].id
                if !used.contains(id) { used.append(id) }
            }
            processes.append(BusinessProcess(id: Int64(i + 1), name: uses == 1 ? base : "\(base) \(uses)",
                                             description: "", serviceIDs: used))
        }
    }

    mutating func makeDataSets() {
        let classifications = [Classification.public, .internal, .confidential, .restricted]
        let weights = [10, 50, 30, 10]
        for service in services {
            let count = rng.chance(55) ? 1 : (rng.chance(33) ? 2 : 0)
            var nouns = Words.dataNouns
            for _ in 0..<count {
                let noun = nouns.remove(at: rng.below(nouns.count))
                dataSets.append(DataSet(id: Int64(dataSets.count + 1), name: "\(service.name)-\(noun)",
                                        classification: classifications[rng.weighted(weights)],
                                        serviceID: service.id))
            }
        }
        for server in servers where rng.chance(2) {
            dataSets.append(DataSet(id: Int64(dataSets.count + 1), name: "\(server.name)-local-backups",
                                    classification: classifications[rng.weighted(weights)], serverID: server.id))
        }
    }

    mutating func makePeopleAndTeams(people count: Int) {
        var names = Set<String>()
        var emails = Set<String>()
        for i in 0..<count {
            let continent = Words.continents[rng.weighted([45, 35, 20])]
            let first = rng.pick(Words.firstNames)
            let last = rng.pick(Words.lastNames)
            var name = "\(first.0) \(last.0)"
            var mailbox = "\(first.1).\(last.1)"
            if names.contains(name) {
                let initial = String(UnicodeScalar(UInt8(ascii: "A") + UInt8(rng.below(26))))
                name = "\(first.0) \(initial). \(last.0)"
                mailbox = "\(first.1).\(initial.lowercased()).\(last.1)"
            }
            var suffix = 2
            let baseName = name
            while names.contains(name) {
                name = "\(baseName) (\(suffix))"
                suffix += 1
            }
            names.insert(name)
            var email = "\(mailbox)@example.com"
            suffix = 2
            while emails.contains(email) {
                email = "\(mailbox)\(suffix)@example.com"
                suffix += 1
            }
            emails.insert(email)
            let phone = rng.chance(70)
                ? "\(rng.pick(continent.phonePrefixes)) \(rng.int(in: 100...999)) \(rng.int(in: 100...999)) \(Self.padded(rng.below(10_000), width: 4))"
                : nil
            people.append(Person(id: Int64(i + 1), name: name, email: email, phone: phone,
                                 timeZone: rng.pick(continent.timeZones)))
        }

        var teamNames = Set<String>()
        for i in 0..<max(3, count / 10) {
            let base = "\(rng.pick(Words.teamAreas)) \(rng.pick(Words.teamFunctions))"
            var name = base
            var suffix = 2
            while teamNames.contains(name) {
                name = "\(base) \(suffix)"
                suffix += 1
            }
            teamNames.insert(name)
            let slug = name.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: "-")
            var members: [Int64] = []
            for _ in 0..<min(people.count, rng.int(in: 3...8)) {
                let id = people[rng.below(people.count)].id
                if !members.contains(id) { members.append(id) }
            }
            // Some teams have no shared mailbox: their members are written to instead.
            teams.append(Team(id: Int64(i + 1), name: name, email: rng.chance(85) ? "\(slug)@example.com" : nil,
                              memberIDs: members))
        }
    }

    /// Contacts at every level, so inheritance has something to do, with some overrides and inactive ones.
    mutating func makeAssignments() {
        roles = Words.roleNames.enumerated().map { Role(id: Int64($0 + 1), name: $1) }
        guard !people.isEmpty else { return }
        let dataOwner: Int64 = 1, coordinator: Int64 = 2, comms: Int64 = 3, technical: Int64 = 4
        let business: Int64 = 5, onCall: Int64 = 6

        for region in continentRegion.map({ regions[$0] }) {
            let object = ObjectRef.region(region.id)
            assign(randomPerson(), coordinator, .primary, object)
            assign(randomTeam(), coordinator, .secondary, object)
            assign(randomPerson(), comms, .primary, object)
            assign(randomTeam(), technical, .primary, object)
            assign(randomPerson(), business, .primary, object)
            assign(randomTeam(), onCall, .primary, object)
            assign(randomPerson(), dataOwner, .primary, object)
        }
        for region in regions where region.parentID != nil {
            let object = ObjectRef.region(region.id)
            if rng.chance(70) { assign(randomPerson(), coordinator, randomPriority(), object) }
            if rng.chance(60) { assign(randomTeam(), comms, randomPriority(), object) }
            if rng.chance(60) { assign(randomTeam(), onCall, randomPriority(), object) }
            if rng.chance(50) { assign(randomTeam(), technical, .primary, object) }
        }
        for cluster in clusters {
            let object = ObjectRef.cluster(cluster.id)
            if rng.chance(40) { assign(randomTeam(), technical, randomPriority(), object) }
            if rng.chance(20) { assign(randomPerson(), onCall, .secondary, object) }
        }
        for server in servers where rng.chance(4) {
            assign(randomPerson(), technical, rng.chance(75) ? .primary : .inactive, .server(server.id))
        }
        for service in services {
            let object = ObjectRef.service(service.id)
            if rng.chance(70) { assign(randomTeam(), technical, randomPriority(), object) }
            if rng.chance(40) { assign(randomPerson(), technical, .secondary, object) }
            if rng.chance(50) { assign(randomPerson(), business, randomPriority(), object) }
            if rng.chance(30) { assign(randomTeam(), onCall, .primary, object) }
            if rng.chance(20) { assign(randomPerson(), dataOwner, randomPriority(), object) }
        }
        for process in processes {
            let object = ObjectRef.process(process.id)
            if rng.chance(90) { assign(randomPerson(), business, .primary, object) }
            if rng.chance(50) { assign(randomTeam(), comms, randomPriority(), object) }
            if rng.chance(30) { assign(randomPerson(), dataOwner, .primary, object) }
        }
        for dataSet in dataSets {
            let object = ObjectRef.dataset(dataSet.id)
            if rng.chance(80) { assign(randomPerson(), dataOwner, randomPriority(), object) }
            if rng.chance(30) { assign(randomPerson(), dataOwner, .tertiary, object) }
        }
    }

    // MARK: - Pieces

    private mutating func addRegion(_ name: String, parent: Int?, description: String) -> Int {
        regions.append(Region(id: Int64(regions.count + 1), name: name, parentID: parent.map { regions[$0].id },
                              description: description))
        return regions.count - 1
    }

    private mutating func randomCluster(in site: Int) -> Int? {
        sites[site].clusters.isEmpty ? nil : rng.pick(sites[site].clusters)
    }

    /// A site with clusters in another zone, for geo-redundant services.
    private mutating func randomSite(awayFrom home: Int) -> Int? {
        let candidates = sites.indices.filter {
            !sites[$0].clusters.isEmpty
                && (sites[$0].zone != sites[home].zone || sites[$0].continent != sites[home].continent)
        }
        return candidates.isEmpty ? nil : rng.pick(candidates)
    }

    private mutating func placeOnCluster(_ serviceID: Int64, _ cluster: Int) {
        let size = clusterSizes[cluster]
        let minHealthy = size >= 3 ? rng.int(in: 1...2) : 1
        placements.append(Placement(serviceID: serviceID, clusterID: clusters[cluster].id, minHealthy: minHealthy))
    }

    private mutating func randomPerson() -> Contact { .person(people[rng.below(people.count)].id) }

    private mutating func randomTeam() -> Contact { .team(teams[rng.below(teams.count)].id) }

    private mutating func randomPriority() -> Priority {
        [Priority.primary, .secondary, .tertiary, .inactive][rng.weighted([72, 14, 7, 7])]
    }

    private mutating func assign(_ contact: Contact, _ roleID: Int64, _ priority: Priority, _ object: ObjectRef) {
        guard assignmentKeys.insert(AssignmentKey(contact: contact, roleID: roleID, object: object)).inserted else { return }
        assignments.append(Assignment(id: Int64(assignments.count + 1), contact: contact, roleID: roleID,
                                      priority: priority, object: object))
    }

    private static func padded(_ number: Int, width: Int) -> String {
        let digits = String(number)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

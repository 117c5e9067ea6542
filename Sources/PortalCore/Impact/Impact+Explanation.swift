extension Impact {
    /// The explanation path of an affected object: its cause, then the cause of the object that cause names,
    /// until a root cause (in this downtime, or lost hosts). Empty for an unaffected object.
    public func explanation(for object: ObjectRef) -> [ExplanationStep] {
        chain(from: object).map(\.cause)
    }

    /// The explanation in English, e.g. "Payroll is down: it depends (hard) on PG-3, which runs only on
    /// db-12 and db-13, both in this downtime." Nil for an unaffected object.
    public func explain(_ object: ObjectRef) -> String? {
        let entries = chain(from: object)
        guard let first = entries.first else { return nil }
        let clauses = entries.map(phrase(for:))
        return "\(first.name) is \(first.state.words): it \(clauses.joined(separator: ", which "))."
    }

    /// The affected objects along the path; bounded so a corrupted snapshot cannot loop forever.
    private func chain(from object: ObjectRef) -> [AffectedObject] {
        var entries: [AffectedObject] = []
        var current = affectedObject(object)
        while let entry = current, entries.count <= affected.count {
            entries.append(entry)
            current = entry.cause.next.flatMap(affectedObject)
        }
        return entries
    }

    /// A verb phrase with `entry` as its subject.
    func phrase(for entry: AffectedObject) -> String {
        switch entry.cause {
        case .inDowntime:
            return "is in this downtime"
        case .inRegion(let id):
            return "is in region \(displayName(.region(id)))"
        case .inCluster(let id):
            return "is in cluster \(displayName(.cluster(id)))"
        case .runsOn(let downHosts, let hostCount, let minHealthy):
            return hostsPhrase(state: entry.state, downHosts: downHosts, hostCount: hostCount, minHealthy: minHealthy)
        case .dependsOn(let id, let kind):
            let dependency = ObjectRef.service(id)
            var words = "depends (\(kind.rawValue)) on \(displayName(dependency))"
            // Soft links change the state; say which state the dependency is in so the sentence adds up.
            if let state = state(of: dependency), state != entry.state { words += " (\(state.words))" }
            return words
        case .usesService(let id):
            return "uses \(displayName(.service(id)))"
        case .storedOnService(let id):
            return "belongs to service \(displayName(.service(id)))"
        case .storedOnServer(let id):
            return "is stored on server \(displayName(.server(id)))"
        }
    }

    private func hostsPhrase(state: ImpactState, downHosts: [Int64], hostCount: Int, minHealthy: Int) -> String {
        let names = Self.list(downHosts.map { displayName(.server($0)) })
        let verb = downHosts.count == 1 ? "is" : "are"
        let healthy = hostCount - downHosts.count
        let left = "leaving \(healthy) of its \(hostCount) \(hostCount == 1 ? "host" : "hosts")"
        switch state {
        case .down where healthy == 0:
            let all = switch downHosts.count {
            case 1: ", which is in this downtime"
            case 2: ", both in this downtime"
            default: ", all in this downtime"
            }
            return "runs only on \(names)\(all)"
        case .down:
            return "cannot run: \(names) \(verb) in this downtime, \(left) (it needs \(minHealthy))"
        case .atRisk:
            return "has lost its redundancy: \(names) \(verb) in this downtime, \(left), the minimum it needs"
        case .degraded:
            return "runs with less capacity: \(names) \(verb) in this downtime, \(left) (it needs \(minHealthy))"
        }
    }

    private func displayName(_ object: ObjectRef) -> String {
        affectedObject(object)?.name ?? "\(object.kind.noun) #\(object.id)"
    }

    /// "a", "a and b", "a, b and c"; long lists are cut to "a, b, c and 9 more".
    static func list(_ names: [String], limit: Int = 5) -> String {
        switch names.count {
        case 0: return "no host"
        case 1: return names[0]
        case ...limit: return names.dropLast().joined(separator: ", ") + " and " + names[names.count - 1]
        default: return names.prefix(3).joined(separator: ", ") + " and \(names.count - 3) more"
        }
    }
}

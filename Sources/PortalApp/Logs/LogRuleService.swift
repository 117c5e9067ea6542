import Foundation
import PortalCore
import PortalStore

/// Log rules: validate and save them (one at a time from `/rules`, or a whole stage from a rules file), read them back
/// as a file, and apply them to every committed batch of log messages.
enum LogRuleService {
    enum Failure: Error {
        /// Field errors of one rule (form and API).
        case invalid([String: String])
        /// Errors of a rules file: `rules[3].text: …`, nothing was changed.
        case file([String])
    }

    /// Reads a rule from form or file fields (strings); missing ones take their defaults.
    static func spec(_ value: (String) -> String?) -> (LogRuleSpec, [String: String]) {
        var errors: [String: String] = [:]
        let stage = Environment(rawValue: (value("stage") ?? "PROD").uppercased())
        if stage == nil { errors["stage"] = "Stage must be PROD, INT, TEST or DEV." }
        let level = LogLevel(name: value("minimum_level") ?? "error")
        if level == nil { errors["minimum_level"] = "Level must be one of debug, info, notice, warning, error, critical, alert, emergency." }
        let kind = LogRuleTextKind(rawValue: value("text_kind") ?? "any")
        if kind == nil { errors["text_kind"] = "Text kind must be any, fts or regex." }
        func integer(_ field: String, _ fallback: Int) -> Int {
            guard let text = value(field)?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return fallback }
            guard let number = Int(text) else { errors[field] = "\(field == "count" ? "Count" : "Window") must be a whole number."; return fallback }
            return number
        }
        var others: [Environment] = []
        for name in (value("stages") ?? "").split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).uppercased() }) where !name.isEmpty {
            if let other = Environment(rawValue: name) { others.append(other) } else { errors["stages"] = "Stages must be PROD, INT, TEST or DEV." }
        }
        let severityText = (value("incident_severity") ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let severity = IncidentSeverity(rawValue: severityText)
        if !severityText.isEmpty && severityText != "none" && severity == nil { errors["incident_severity"] = "Severity must be minor, major or critical (or empty: no incident)." }
        let notify = value("notify_contacts").map { ["1", "true", "on", "yes"].contains($0.lowercased()) } ?? false
        let spec = LogRuleSpec(name: (value("name") ?? "").trimmingCharacters(in: .whitespaces), stage: stage ?? .prod,
                               service: (value("service") ?? "").trimmingCharacters(in: .whitespaces), minimumLevel: level ?? .error,
                               textKind: kind ?? .any, text: value("text") ?? "", count: integer("count", 1), windowSeconds: integer("window_seconds", 60),
                               notifyContacts: notify, heartbeat: (value("heartbeat") ?? "").trimmingCharacters(in: .whitespaces),
                               notify: value("notify") ?? "", incidentSeverity: severity, webhook: (value("webhook") ?? "").trimmingCharacters(in: .whitespaces),
                               otherStages: others)
        return (spec, errors)
    }

    /// The rule's fields as strings, for forms and files.
    static func values(_ spec: LogRuleSpec) -> [String: String] {
        ["name": spec.name, "stage": spec.stage.rawValue, "service": spec.service, "minimum_level": spec.minimumLevel.name, "text_kind": spec.textKind.rawValue,
         "text": spec.text, "count": String(spec.count), "window_seconds": String(spec.windowSeconds), "notify_contacts": spec.notifyContacts ? "1" : "", "heartbeat": spec.heartbeat,
         "notify": spec.notifyNames.joined(separator: ", "), "incident_severity": spec.incidentSeverity?.rawValue ?? "", "webhook": spec.webhook,
         "stages": spec.otherStages.map(\.rawValue).joined(separator: ", ")]
    }

    /// Every check of one rule: its own (PortalCore), its service, its FTS query, its name among `taken`; the names it
    /// refers to resolved to ids.
    static func check(_ db: Database, _ spec: LogRuleSpec, parseErrors: [String: String], taken: Set<String>) throws -> (LogRuleStore.References, [String: String]) {
        var errors = spec.validate().merging(parseErrors) { _, parsed in parsed }
        var refs = LogRuleStore.References()
        if !spec.service.isEmpty {
            if case .service(let id)? = try CheckStore.target(db, kind: "service", name: spec.service) { refs.serviceID = id }
            else { errors["service"] = "There is no service named \(spec.service)." }
        } else if spec.notifyContacts {
            errors["service"] = "Notifying contacts needs a service: its contacts are the ones told."
        }
        if spec.textKind == .fts, errors["text"] == nil, let message = LogRuleStore.ftsError(db, query: spec.text) { errors["text"] = message }
        if errors["name"] == nil, taken.contains(spec.name) { errors["name"] = "A rule named \(spec.name) exists already." }
        if !spec.heartbeat.isEmpty {
            refs.heartbeatID = try HeartbeatStore.fetch(db, name: spec.heartbeat)?.id
            if refs.heartbeatID == nil { errors["heartbeat"] = "There is no heartbeat named \(spec.heartbeat)." }
        }
        if errors["notify"] == nil {
            var unknown: [String] = [], ambiguous: [String] = []
            for name in spec.notifyNames.prefix(100) {
                switch try LogRuleStore.resolve(db, name: name) {
                case .found(let recipient): if !refs.recipients.contains(recipient) { refs.recipients.append(recipient) }
                case .ambiguous: ambiguous.append(name)
                case .unknown: unknown.append(name)
                }
            }
            if spec.notifyNames.count > 100 { errors["notify"] = "At most 100 people or teams." }
            else if !unknown.isEmpty { errors["notify"] = "There is no person or team named \(unknown.joined(separator: ", "))." }
            else if !ambiguous.isEmpty { errors["notify"] = "Several people are named \(ambiguous.joined(separator: ", ")): give their e-mail instead." }
        }
        if spec.incidentSeverity != nil, spec.service.isEmpty, errors["service"] == nil {
            errors["service"] = "Opening an incident needs a service: the incident is on it."
        }
        if !spec.webhook.isEmpty, errors["webhook"] == nil {
            refs.webhookID = try LogRuleStore.webhookID(db, url: spec.webhook)
            if refs.webhookID == nil { errors["webhook"] = "There is no webhook with the URL \(spec.webhook) (see /webhooks)." }
        }
        return (refs, errors)
    }

    /// The mail recipients of a person or team a rule names: the person, or the team's address, else its members.
    static func recipients(_ named: LogRuleRecipient, in inventory: Inventory) -> [NoticeRecipient] {
        let reason = "named in the log rule"
        switch named {
        case .person(let id):
            guard let person = inventory.person(id) else { return [] }
            return [NoticeRecipient(address: person.email, name: person.name, personID: person.id, timeZone: person.timeZone, reasons: [reason])]
        case .team(let id):
            guard let team = inventory.teams.first(where: { $0.id == id }) else { return [] }
            if let email = team.email, !email.isEmpty { return [NoticeRecipient(address: email, name: team.name, teamID: team.id, reasons: [reason])] }
            return team.memberIDs.compactMap { inventory.person($0) }.map {
                NoticeRecipient(address: $0.email, name: $0.name, personID: $0.id, timeZone: $0.timeZone, reasons: ["\(reason) (as a member of team \(team.name))"])
            }
        }
    }

    static func create(_ store: Store, fields: [String: String], actor: AuditActor, now: Date = Date()) throws -> Int64 {
        let (spec, parseErrors) = spec { fields[$0] }
        return try store.write { db in
            let taken = Set(try LogRuleStore.list(db).map(\.spec.name))
            let (refs, errors) = try check(db, spec, parseErrors: parseErrors, taken: taken)
            guard errors.isEmpty else { throw Failure.invalid(errors) }
            let id = try LogRuleStore.insert(db, spec, refs, now: now)
            try AuditLog.record(db, actor: actor.name, action: "create", objectKind: "log_rule", objectID: id, objectName: spec.name,
                                after: try auditJSON(spec), requestID: actor.requestID, at: now)
            return id
        }
    }

    /// Changes a rule in one transaction with an audit row holding it before and after. Its window is kept when what it
    /// matches and counts is unchanged (so an edit does not send a second notice for the same window), else cleared.
    static func update(_ store: Store, id: Int64, fields: [String: String], actor: AuditActor, now: Date = Date()) throws {
        let (spec, parseErrors) = spec { fields[$0] }
        try store.write { db in
            guard let before = try LogRuleStore.fetch(db, id: id) else { throw Failure.invalid(["name": "This rule was deleted meanwhile."]) }
            let taken = Set(try LogRuleStore.list(db).filter { $0.id != id }.map(\.spec.name))
            let (refs, errors) = try check(db, spec, parseErrors: parseErrors, taken: taken)
            guard errors.isEmpty else { throw Failure.invalid(errors) }
            let old = before.spec
            let sameMatch = old.stages == spec.stages && old.service == spec.service && old.minimumLevel == spec.minimumLevel
                && old.textKind == spec.textKind && old.text == spec.text && old.count == spec.count && old.windowSeconds == spec.windowSeconds
            try LogRuleStore.update(db, id: id, spec, refs, resetWindow: !sameMatch, now: now)
            try AuditLog.record(db, actor: actor.name, action: "update", objectKind: "log_rule", objectID: id, objectName: spec.name,
                                before: try auditJSON(old), after: try auditJSON(spec), requestID: actor.requestID, at: now)
        }
    }

    /// A rule as its audit row keeps it: the fields of a rules file.
    static func auditJSON(_ spec: LogRuleSpec) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: fileItem(spec), options: [.sortedKeys]), as: UTF8.self)
    }

    /// One rule as a rules file holds it.
    static func fileItem(_ s: LogRuleSpec) -> [String: Any] {
        ["name": s.name, "service": s.service, "minimum_level": s.minimumLevel.name, "text_kind": s.textKind.rawValue, "text": s.text,
         "count": s.count, "window_seconds": s.windowSeconds, "notify_contacts": s.notifyContacts, "heartbeat": s.heartbeat,
         "notify": s.notifyNames.joined(separator: ", "), "incident_severity": s.incidentSeverity?.rawValue ?? "", "webhook": s.webhook,
         "stages": s.stages.map(\.rawValue)]
    }

    static func delete(_ store: Store, id: Int64, actor: AuditActor, now: Date = Date()) throws {
        try store.write { db in
            guard let rule = try LogRuleStore.fetch(db, id: id) else { return }
            try LogRuleStore.delete(db, id: id)
            try AuditLog.record(db, actor: actor.name, action: "delete", objectKind: "log_rule", objectID: id, objectName: rule.spec.name,
                                before: try auditJSON(rule.spec), requestID: actor.requestID, at: now)
        }
    }

    /// The rules of a stage as a file: `{"stage": "PROD", "rules": [{…}, …]}`, keys sorted so the file diffs well.
    static func export(_ store: Store, stage: Environment) throws -> String {
        let rules = try store.read { try LogRuleStore.list($0, stage: stage) }
        let items = rules.map { fileItem($0.spec) }
        let data = try JSONSerialization.data(withJSONObject: ["stage": stage.rawValue, "rules": items], options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Replaces the rules of `stage` with those of a file, all or nothing; errors name the rule's index and field.
    static func importFile(_ store: Store, stage: Environment, data: Data, actor: AuditActor, now: Date = Date()) throws -> Int {
        guard let object = try? JSONSerialization.jsonObject(with: data) else { throw Failure.file(["The file is not JSON."]) }
        let list: [Any]
        if let top = object as? [String: Any] {
            if let fileStage = top["stage"] as? String, fileStage.uppercased() != stage.rawValue {
                throw Failure.file(["stage: the file holds \(fileStage) rules, not \(stage.rawValue)."])
            }
            guard let rules = top["rules"] as? [Any] else { throw Failure.file(["rules: an array of rules is required."]) }
            list = rules
        } else if let rules = object as? [Any] {
            list = rules
        } else {
            throw Failure.file(["The file must be {\"stage\": …, \"rules\": […]} or an array of rules."])
        }
        return try store.write { db in
            var problems: [String] = []
            var checked: [(LogRuleSpec, LogRuleStore.References)] = []
            var taken = Set<String>()
            for (index, item) in list.enumerated() {
                guard let fields = item as? [String: Any] else { problems.append("rules[\(index)]: a rule is an object."); continue }
                if let other = fields["stage"] as? String, other.uppercased() != stage.rawValue {
                    problems.append("rules[\(index)].stage: \(other) is not \(stage.rawValue)."); continue
                }
                let (spec, parseErrors) = spec { key in
                    if key == "stage" { return stage.rawValue }
                    switch fields[key] {
                    case let text as String: return text
                    case let number as NSNumber: return key == "notify_contacts" ? (number.boolValue ? "1" : "0") : number.stringValue
                    case let list as [Any]: return list.map { "\($0)" }.joined(separator: ",")
                    default: return nil
                    }
                }
                let (refs, errors) = try check(db, spec, parseErrors: parseErrors, taken: taken)
                taken.insert(spec.name)
                for field in LogRuleSpec.fields { if let message = errors[field] { problems.append("rules[\(index)].\(field): \(message)") } }
                checked.append((spec, refs))
            }
            guard problems.isEmpty else { throw Failure.file(problems) }
            try LogRuleStore.deleteStage(db, stage: stage)
            for (spec, refs) in checked { _ = try LogRuleStore.insert(db, spec, refs, now: now) }
            try AuditLog.record(db, actor: actor.name, action: "import", objectKind: "log_rule", objectID: nil,
                                objectName: "\(stage.rawValue): \(checked.count) rules", at: now)
            return checked.count
        }
    }
}

/// Applies the log rules to each committed batch, right after its commit on the batch writer's thread: matching and
/// rates are PortalCore's (`LogRuleMatcher`, `LogRuleRate`); silence while a declared downtime covers the rule's
/// service and the notice are the monitoring's (`MonitoringEffects`).
final class LogRuleEngine: @unchecked Sendable {
    private let store: Store
    private let effects: MonitoringEffects
    private let report: @Sendable (String) -> Void
    private var regexes: [String: NSRegularExpression] = [:]
    private let heartbeats: HeartbeatEngine
    private let wake: @Sendable () -> Void
    private let inventory: InventoryCache

    init(environment: SignalEnvironment) {
        store = environment.store
        inventory = environment.inventory
        heartbeats = HeartbeatEngine(environment: environment)
        wake = environment.wakeHeartbeats
        effects = environment.effects()
        report = environment.report
    }

    convenience init(context: AppContext) { self.init(environment: SignalEnvironment(context: context)) }

    func evaluateLogged(ids: ClosedRange<Int64>) {
        do { try evaluate(ids: ids) } catch { report("log rules: \(error)") }
    }

    func evaluate(ids: ClosedRange<Int64>, now: Date = Date()) throws {
        let rules = try store.read { try LogRuleStore.list($0) }
        guard let least = rules.map(\.spec.minimumLevel).min() else { return }
        let (candidates, fts) = try store.read { db -> ([LogRuleCandidate], [Int64: Set<Int64>]) in
            let candidates = try LogRuleStore.candidates(db, ids: ids, minimumLevel: least)
            var fts: [Int64: Set<Int64>] = [:]
            if !candidates.isEmpty {
                for rule in rules where rule.spec.textKind == .fts { fts[rule.id] = try LogRuleStore.ftsMatches(db, query: rule.spec.text, ids: ids) }
            }
            return (candidates, fts)
        }
        guard !candidates.isEmpty else { return }
        var steps: [(LogRuleRecord, LogRuleWindow, Date?, [LogRuleCandidate])] = []
        for rule in rules {
            let regex = rule.spec.textKind == .regex ? compiled(rule.spec.text) : nil
            let matched = candidates.filter {
                LogRuleMatcher.matches(rule.spec, serviceID: rule.serviceID, regex: regex, $0, ftsMatched: fts[rule.id]?.contains($0.id) ?? false)
            }
            guard !matched.isEmpty else { continue }
            let step = LogRuleRate.step(rule.window, matches: matched.map(\.at), count: rule.spec.count, windowSeconds: rule.spec.windowSeconds)
            guard let window = step.window else { continue }
            steps.append((rule, window, step.firedAt, matched))
        }
        guard !steps.isEmpty else { return }
        // "A message matching X counts as a beat": one beat per batch, at the newest match.
        for (rule, _, _, matched) in steps {
            guard let uuid = rule.heartbeatUUID, let last = matched.last else { continue }
            try heartbeats.ping(uuid: uuid, kind: .log, body: String(last.message.prefix(500)), source: "rule \(rule.spec.name)", now: max(last.at, now))
            wake()
        }
        let cover = try effects.coveringDowntimes(of: steps.compactMap { $0.0.serviceID.map(ObjectRef.service) }, now: now)
        let inventory = try self.inventory.current(store)
        try store.write { db in
            for (rule, window, firedAt, matched) in steps {
                let sameWindow = rule.window?.start == window.start
                let covering = rule.serviceID.flatMap { cover[.service($0)] }
                let silencedBy = firedAt != nil ? covering : (sameWindow ? rule.silencedBy : nil)
                try LogRuleStore.saveWindow(db, ruleID: rule.id, window, firedAt: firedAt ?? (sameWindow ? rule.windowFiredAt : nil), silencedBy: silencedBy)
                guard let firedAt, covering == nil else { continue }
                let named = rule.recipients.flatMap { LogRuleService.recipients($0, in: inventory) }
                let tells = (rule.spec.notifyContacts && rule.serviceID != nil) || !named.isEmpty || rule.webhookID != nil
                let first = matched.first { $0.at >= window.start }?.message ?? ""
                let message = AlertText.ruleFired(name: rule.spec.name, stage: rule.spec.stage, service: rule.spec.service, count: rule.spec.count,
                                                  level: rule.spec.minimumLevel, windowSeconds: rule.spec.windowSeconds, first: first, at: firedAt)
                if tells {
                    try effects.queueAlertNotice(db, MonitoringEffects.AlertNotice(
                        target: rule.serviceID.map(ObjectRef.service), targetName: rule.spec.service, opened: true, state: "rule fired", message: message, at: firedAt,
                        eventKey: "log-rule:\(rule.id):\(StoreTime.format(window.start))", subjectID: rule.id, checkAlertID: nil, heartbeatAlertID: nil,
                        logRuleID: rule.id, path: "/rules", contacts: rule.spec.notifyContacts, named: named, webhookIDs: rule.webhookID.map { [$0] } ?? []))
                }
                if let severity = rule.spec.incidentSeverity, let serviceID = rule.serviceID {
                    try effects.openIncident(db, title: "Rule \(rule.spec.name): \(rule.spec.service) (\(rule.spec.stage.rawValue))", severity: severity,
                                             target: .service(serviceID), message: message, downtimeID: nil, at: firedAt)
                }
            }
        }
    }

    private func compiled(_ pattern: String) -> NSRegularExpression? {
        if let known = regexes[pattern] { return known }
        let regex = try? NSRegularExpression(pattern: pattern)
        regexes[pattern] = regex
        return regex
    }
}

/// `forewarn rules export|import`: the rules of one stage as a file, for version control.
public enum LogRulesFile {
    /// A rules file that was refused whole, with one line per problem (`rules[3].text: …`).
    public struct Refused: Error {
        public let problems: [String]
    }

    public static func export(_ store: Store, stage: Environment) throws -> String {
        try LogRuleService.export(store, stage: stage)
    }

    /// Replaces the stage's rules with the file's, all or nothing; returns how many rules the stage has now.
    public static func load(_ store: Store, stage: Environment, data: Data) throws -> Int {
        do {
            return try LogRuleService.importFile(store, stage: stage, data: data, actor: AuditActor(name: "cli", role: nil, requestID: nil))
        } catch LogRuleService.Failure.file(let problems) {
            throw Refused(problems: problems)
        }
    }
}

/// How bad an incident is; the raw values are what the database and the API use, and what Statuspage uses for impact.
public enum IncidentSeverity: String, Sendable, Codable, Hashable, CaseIterable, Comparable {
    case minor
    case major
    case critical

    public static func < (lhs: IncidentSeverity, rhs: IncidentSeverity) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

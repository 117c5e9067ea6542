/// How bad an incident is (minor, major, critical): the same scale the timeline and the status page use.
public typealias IncidentSeverity = TimelineEvent.Severity

/// One source's view of one minute of a service (a check, a heartbeat, a log rule), with the cause in words when it
/// was bad: "check pg-http failed", "heartbeat nightly-backup down", "rule api-errors fired".
public struct MinuteObservation: Sendable, Equatable {
    public let signal: MinuteSignal
    /// Why the minute was bad or explained by maintenance; empty for good minutes and no signal.
    public let cause: String

    /// Causes are stored and shown; at most this many characters.
    public static let maximumCauseLength = 200

    public init(_ signal: MinuteSignal, cause: String = "") {
        self.signal = signal
        self.cause = signal == .good || signal == .noSignal ? "" : String(cause.prefix(Self.maximumCauseLength))
    }

    public static let none = MinuteObservation(.noSignal)

    /// The service's minute from every source's view: the signal as `MinuteSignal.combine` says (one bad source makes it
    /// bad, good outweighs maintenance), with the causes of the sources that agree with it, each once.
    /// - Parameter quiet: a log rule watched the service that minute without firing. That alone makes a minute good,
    ///   but it never outweighs what checks and heartbeats saw (a quiet rule does not end a maintenance).
    public static func merge(_ observations: [MinuteObservation], quiet: Bool = false) -> MinuteObservation {
        var signal = MinuteSignal.combine(observations.map(\.signal))
        if signal == .noSignal && quiet { signal = .good }
        var causes: [String] = []
        for observation in observations where observation.signal == signal {
            for cause in observation.cause.components(separatedBy: ", ") where !cause.isEmpty && !causes.contains(cause) {
                causes.append(cause)
            }
        }
        return MinuteObservation(signal, cause: causes.joined(separator: ", "))
    }
}

import Foundation

/// A timeline range that cannot be shown, with a message the person can act on (they typed the URL or picked the dates).
public enum TimelineRangeError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// A `from` or `to` value that is not a `YYYY-MM-DD` calendar date.
    case invalidDate(parameter: String, input: String)
    /// Only one of `from` and `to` was given.
    case missingParameter(String)
    /// The same parameter given twice, so it is unclear which one was meant.
    case repeatedParameter(String)
    /// The end comes before the start (or, for instants, is not after it).
    case reversed(from: String, to: String)
    /// The range is longer than `TimelineRange.maximumDays`.
    case tooLong(from: String, to: String, days: Int)

    /// The message shown above the timeline, in place of the chart.
    public var message: String {
        switch self {
        case .invalidDate(let parameter, let input):
            if input.isEmpty { return "“\(parameter)” is empty. Give a date in the form 2027-01-12." }
            return "“\(input)” is not a valid date for “\(parameter)”. Use the form 2027-01-12."
        case .missingParameter(let name):
            let other = name == "from" ? "to" : "from"
            return "“\(name)” is missing. Give both “from” and “to”, or neither for the default two weeks around now "
                + "(“\(other)” alone is not enough)."
        case .repeatedParameter(let name):
            return "“\(name)” is given more than once. Give it once."
        case .reversed(let from, let to):
            return "The end (\(to)) is before the start (\(from)). Swap them or pick a later end."
        case .tooLong(let from, let to, let days):
            return "The range \(from) to \(to) covers \(days) days; the timeline shows at most one year "
                + "(\(TimelineRange.maximumDays) days). Pick a shorter range."
        }
    }

    public var description: String { message }
    public var errorDescription: String? { message }
}

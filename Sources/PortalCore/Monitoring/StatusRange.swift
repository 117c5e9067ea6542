/// The HTTP statuses a check accepts, written `200-399`, `200`, or a list `200,204,301-302`.
public struct StatusRange: Sendable, Equatable {
    public let ranges: [ClosedRange<Int>]

    /// Parses the text form; nil when it is not a list of statuses 100–599 or ranges of them.
    public init?(_ text: String) {
        var ranges: [ClosedRange<Int>] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count), let low = Int(bounds[0]), let high = Int(bounds.last!),
                  (100...599).contains(low), (100...599).contains(high), low <= high else { return nil }
            ranges.append(low...high)
        }
        guard !ranges.isEmpty else { return nil }
        self.ranges = ranges
    }

    /// Whether `status` is accepted.
    public func contains(_ status: Int) -> Bool { ranges.contains { $0.contains(status) } }
}

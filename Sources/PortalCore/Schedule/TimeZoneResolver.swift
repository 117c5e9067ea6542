import Foundation

/// Turns wall-clock times in IANA zones into instants and back, refusing times that do not exist or happen twice.
public enum TimeZoneResolver {
    /// The Foundation zone for an IANA identifier such as `Europe/Paris`, or an error with a suggestion.
    public static func zone(_ zoneID: String) throws -> TimeZone {
        guard !zoneID.isEmpty, let zone = TimeZone(identifier: zoneID) else {
            throw ScheduleError.unknownTimeZone(zoneID, suggestion: suggestion(for: zoneID))
        }
        return zone
    }

    /// The instant at which `local` is read on clocks in `zoneID`.
    ///
    /// Throws `.nonexistent` for times skipped when clocks go forward, and `.ambiguous` for times that happen
    /// twice when clocks go back unless `ambiguity` says which occurrence is meant (it is ignored otherwise).
    public static func resolve(_ local: LocalDateTime, in zoneID: String, ambiguity: AmbiguityChoice? = nil) throws -> Date {
        try resolve(local, in: zone(zoneID), zoneID: zoneID, ambiguity: ambiguity)
    }

    /// The wall-clock reading of `date` in `zoneID`, e.g. to refill a form.
    public static func localDateTime(of date: Date, in zoneID: String) throws -> LocalDateTime {
        localDateTime(of: date, in: try zone(zoneID))
    }

    /// Which occurrence `date` is when its local time happens twice in `zoneID`, or nil when it happens once.
    public static func occurrence(of date: Date, in zoneID: String) throws -> AmbiguityChoice? {
        let zone = try zone(zoneID)
        let candidates = instants(for: localDateTime(of: date, in: zone), in: zone)
        guard candidates.count > 1 else { return nil }
        return LocalDateTime.wholeSeconds(date) == candidates.first ? .earlier : .later
    }

    /// The offset from UTC, in seconds, that `zoneID` has at `date`.
    public static func offsetSeconds(at date: Date, in zoneID: String) throws -> Int {
        try zone(zoneID).secondsFromGMT(for: date)
    }

    /// The short zone name shown next to times at `date`: `CET`, `EDT`, or `UTC+10:30` when there is no common abbreviation.
    public static func label(at date: Date, in zoneID: String) throws -> String {
        ZoneLabel.label(zoneID: zoneID, offsetSeconds: try offsetSeconds(at: date, in: zoneID))
    }

    // MARK: - Internals shared with formatting

    static func resolve(_ local: LocalDateTime, in zone: TimeZone, zoneID: String, ambiguity: AmbiguityChoice?) throws -> Date {
        let candidates = instants(for: local, in: zone)
        switch candidates.count {
        case 1:
            return Date(timeIntervalSince1970: TimeInterval(candidates[0]))
        case 0:
            let gap = gapAround(local, in: zone)
            throw ScheduleError.nonexistent(local, zoneID: zoneID, gapStart: gap.start, gapEnd: gap.end)
        default:
            // More than two readings of one local time would need two fall-backs within hours; none exists in
            // tzdata, but taking the extremes keeps the choice well defined.
            let earlier = candidates.first!, later = candidates.last!
            switch ambiguity {
            case .earlier: return Date(timeIntervalSince1970: TimeInterval(earlier))
            case .later: return Date(timeIntervalSince1970: TimeInterval(later))
            case nil:
                let earlierDate = Date(timeIntervalSince1970: TimeInterval(earlier))
                let laterDate = Date(timeIntervalSince1970: TimeInterval(later))
                throw ScheduleError.ambiguous(
                    local, zoneID: zoneID, earlier: earlierDate, later: laterDate,
                    earlierOffset: zone.secondsFromGMT(for: earlierDate),
                    laterOffset: zone.secondsFromGMT(for: laterDate)
                )
            }
        }
    }

    static func localDateTime(of date: Date, in zone: TimeZone) -> LocalDateTime {
        LocalDateTime(instant: date, offsetSeconds: zone.secondsFromGMT(for: date))
    }

    /// Every instant (Unix seconds, ascending) whose reading in `zone` is `local`: none in a gap, two in an overlap.
    ///
    /// `Calendar.date(from:)` cannot be used: it silently moves gap times forward and picks one overlap reading.
    /// Instead every offset the zone uses near that day is tried, and an offset counts only if the zone really
    /// has that offset at the resulting instant (the round trip the field notes ask for).
    static func instants(for local: LocalDateTime, in zone: TimeZone) -> [Int] {
        let wall = local.secondsAsIfUTC
        var offsets = Set(transitions(near: wall, in: zone).flatMap { [$0.before, $0.after] })
        offsets.insert(zone.secondsFromGMT(for: date(wall)))
        var found: Set<Int> = []
        for offset in offsets {
            let instant = wall - offset
            if zone.secondsFromGMT(for: date(instant)) == offset { found.insert(instant) }
        }
        return found.sorted()
    }

    /// A change of offset: at Unix second `at` the offset goes from `before` to `after`.
    struct Transition: Equatable {
        let at: Int
        let before: Int
        let after: Int
    }

    /// Offset changes within two days either side of a wall-clock time; offsets never exceed ±14 h, so any
    /// change that can affect that reading is in this span.
    static func transitions(near wall: Int, in zone: TimeZone) -> [Transition] {
        let span = 2 * 86_400
        let end = date(wall + span)
        var cursor = date(wall - span)
        var found: [Transition] = [
            // The offsets at the span's edges cover zones whose transitions Foundation does not report.
            Transition(at: wall - span, before: zone.secondsFromGMT(for: cursor), after: zone.secondsFromGMT(for: cursor)),
            Transition(at: wall + span, before: zone.secondsFromGMT(for: end), after: zone.secondsFromGMT(for: end)),
        ]
        // Bounded so a misbehaving zone database cannot loop forever.
        for _ in 0..<16 {
            guard let next = zone.nextDaylightSavingTimeTransition(after: cursor), next <= end, next > cursor else { break }
            let at = LocalDateTime.wholeSeconds(next)
            found.append(Transition(
                at: at,
                before: zone.secondsFromGMT(for: date(at - 1)),
                after: zone.secondsFromGMT(for: date(at))
            ))
            cursor = next
        }
        return found
    }

    /// The skipped stretch of wall-clock time containing `local`, as the last reading before and the first after.
    static func gapAround(_ local: LocalDateTime, in zone: TimeZone) -> (start: LocalDateTime, end: LocalDateTime) {
        let wall = local.secondsAsIfUTC
        for change in transitions(near: wall, in: zone) where change.after > change.before {
            let gapStart = change.at + change.before
            let gapEnd = change.at + change.after
            if gapStart <= wall, wall < gapEnd {
                return (LocalDateTime(secondsAsIfUTC: gapStart), LocalDateTime(secondsAsIfUTC: gapEnd))
            }
        }
        // Not reached with tzdata: a reading with no instant always lies in a forward jump found above.
        return (local, local)
    }

    private static func date(_ unixSeconds: Int) -> Date {
        Date(timeIntervalSince1970: TimeInterval(unixSeconds))
    }

    /// A known identifier close to a mistyped one: a different case, a bare city name, or a small typo.
    static func suggestion(for zoneID: String) -> String? {
        let key = zoneID.trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: " ", with: "_").lowercased()
        guard !key.isEmpty else { return nil }
        let known = TimeZone.knownTimeZoneIdentifiers.sorted()
        if let sameIgnoringCase = known.first(where: { $0.lowercased() == key }) { return sameIgnoringCase }
        if let city = known.first(where: { $0.lowercased().split(separator: "/").last.map(String.init) == key }) {
            return city
        }
        var best: (id: String, distance: Int)?
        for id in known {
            let distance = editDistance(id.lowercased(), key, limit: 2)
            if distance <= 2, distance < (best?.distance ?? Int.max) { best = (id, distance) }
        }
        return best?.id
    }

    /// Levenshtein distance, giving up early (returning `limit + 1`) once it must exceed `limit`.
    private static func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
        let a = Array(a.utf8), b = Array(b.utf8)
        if abs(a.count - b.count) > limit { return limit + 1 }
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            if current.min()! > limit { return limit + 1 }
            previous = current
        }
        return previous[b.count]
    }
}

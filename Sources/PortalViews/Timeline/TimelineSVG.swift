import Foundation
import PortalCore

/// The timeline chart as a self-contained, accessible SVG string: server-rendered, no script, no external resources.
///
/// Bars are links (`<a href tabindex="0">`) holding a `role="img"` group with an `aria-label`, and a `<title>` that
/// browsers show as the tooltip; CSS classes (`tl-bar`, `tl-<kind>`, `tl-now`) let the page add `:focus` styles.
/// Overlapping events go into separate lanes; past `laneCap` lanes the rest are counted per period as "+N more".
public enum TimelineSVG {
    /// The most lanes drawn; more events than fit become "+N more" counts so the chart height stays bounded.
    public static let laneCap = 40

    /// The chart of `events` shown in `range` (see `TimelineQuery` for which), `width` pixels wide, times in `timeZone`.
    /// `idPrefix` keeps the ids of the chart's title and description unique when a page holds several charts.
    public static func render(
        events: [TimelineEvent], range: TimelineRange, now: Date, width: Int = 960,
        timeZone: TimeZone = .timelineUTC, idPrefix: String = "timeline"
    ) -> String {
        var chart = TimelineChart(events: events, range: range, now: now, width: Double(max(width, 320)),
                                  clock: TimelineClock(timeZone: timeZone), idPrefix: idPrefix)
        return chart.render()
    }
}

/// One render: the layout decisions and the output buffer.
private struct TimelineChart {
    static let plotX = 8.0
    static let contextBaseline = 13.0
    static let tickBaseline = 31.0
    static let axisY = 37.0
    static let lanesTop = 42.0
    static let lanePitch = 24.0
    static let barHeight = 18.0
    static let barHeightText = TimelineXML.number(barHeight)
    static let minimumBarWidth = 4.0
    static let laneGap = 2.0
    static let overflowRow = 20.0
    static let legendRow = 20.0
    static let nowPillHalfWidth = 16.0

    let events: [TimelineEvent]
    let range: TimelineRange
    let now: Date
    let width: Double
    let clock: TimelineClock
    let idPrefix: String
    let plotWidth: Double
    let scale: Double
    var out = ""

    init(events: [TimelineEvent], range: TimelineRange, now: Date, width: Double, clock: TimelineClock, idPrefix: String) {
        self.events = events
        self.range = range
        self.now = now
        self.width = width
        self.clock = clock
        let safe = String(idPrefix.unicodeScalars.filter { ("0"..."9").contains($0) || ("a"..."z").contains($0)
                || ("A"..."Z").contains($0) || $0 == "-" || $0 == "_" }.map(Character.init))
        self.idPrefix = safe.isEmpty || !(safe.first!.isLetter) ? "timeline" + safe : safe
        plotWidth = width - 2 * Self.plotX
        scale = plotWidth / range.duration
    }

    var plotEnd: Double { Self.plotX + plotWidth }

    func x(_ date: Date) -> Double {
        Self.plotX + date.timeIntervalSince(range.from) * scale
    }

    /// The pixels a span's bar covers: at least `minimumBarWidth`, zero-length events centred on their instant.
    func extent(of span: TimelineSpan) -> (start: Double, end: Double) {
        var x0 = x(span.visibleStart)
        var x1 = x(span.visibleEnd)
        if x1 - x0 < Self.minimumBarWidth {
            if span.start == span.end { x0 -= Self.minimumBarWidth / 2 }
            x1 = x0 + Self.minimumBarWidth
            if x0 < Self.plotX { (x0, x1) = (Self.plotX, Self.plotX + Self.minimumBarWidth) }
            if x1 > plotEnd { (x0, x1) = (plotEnd - Self.minimumBarWidth, plotEnd) }
        }
        return (x0, x1)
    }

    /// Where a bar and its label go. A label that does not fit inside its bar sits beside it, and the lane
    /// packing reserves that space, so labels never run into the next bar.
    struct Placement {
        let barStart: Double
        let barEnd: Double
        let label: String?
        let labelX: Double
        let labelInside: Bool
        /// "start" or "end" (a label left of its bar, at the right edge of the chart).
        let labelAnchor: String
        /// The span the lane packing keeps free: the bar, plus the label when it is outside.
        let reservedStart: Double
        let reservedEnd: Double
    }

    /// Labels longer than this are cut when they sit beside a bar, to keep lanes from spreading out.
    static let outsideLabelCharacters = 32
    /// Beside-the-bar labels are used while they need at most this many lanes; beyond it, labels go inside bars only.
    static let outsideLabelLaneLimit = 16

    func placement(of span: TimelineSpan, outsideLabels: Bool) -> Placement {
        let (x0, x1) = extent(of: span)
        let title = events[span.index].title
        let text = (span.continuesBefore ? "◂ " : "") + title
        let textWidth = TimelineAxis.textWidth(text)
        if x1 - x0 >= textWidth + 8 || !outsideLabels {
            let label = Self.truncate(text, toWidth: x1 - x0 - 8)
            return Placement(barStart: x0, barEnd: x1, label: label, labelX: x0 + 4, labelInside: true,
                             labelAnchor: "start", reservedStart: x0, reservedEnd: x1)
        }
        let outside = Self.truncate(text, toWidth: Double(Self.outsideLabelCharacters) * TimelineAxis.characterWidth) ?? text
        let width = TimelineAxis.textWidth(outside)
        if x1 + 10 + width <= plotEnd {
            return Placement(barStart: x0, barEnd: x1, label: outside, labelX: x1 + 4, labelInside: false,
                             labelAnchor: "start", reservedStart: x0, reservedEnd: x1 + 10 + width)
        }
        if x0 - 10 - width >= Self.plotX {
            return Placement(barStart: x0, barEnd: x1, label: outside, labelX: x0 - 4, labelInside: false,
                             labelAnchor: "end", reservedStart: x0 - 10 - width, reservedEnd: x1)
        }
        return placement(of: span, outsideLabels: false)
    }

    /// `text` cut with an ellipsis to fit `width` pixels, or nil when not even a few letters fit.
    static func truncate(_ text: String, toWidth width: Double) -> String? {
        let room = Int(width / TimelineAxis.characterWidth)
        guard room >= 6 else { return nil }
        guard text.count > room else { return text }
        return String(text.prefix(room - 1)) + "…"
    }

    /// Labels beside bars when that stays compact, otherwise labels inside bars only (dense ranges, 10,000 events).
    func layout(_ spans: [TimelineSpan]) -> (placements: [Placement], lanes: TimelineLanes) {
        func pack(outsideLabels: Bool) -> (placements: [Placement], lanes: TimelineLanes) {
            let placements = spans.map { placement(of: $0, outsideLabels: outsideLabels) }
            let lanes = TimelineLanes(intervals: placements.map { ($0.reservedStart, $0.reservedEnd) },
                                      cap: TimelineSVG.laneCap, gap: Self.laneGap)
            return (placements, lanes)
        }
        let beside = pack(outsideLabels: true)
        if beside.lanes.overflow == 0 && beside.lanes.count <= Self.outsideLabelLaneLimit { return beside }
        return pack(outsideLabels: false)
    }

    mutating func render() -> String {
        let spans = TimelineQuery.spans(events, in: range, now: now)
        let (placements, lanes) = layout(spans)
        let nowX: Double? = range.from <= now && now <= range.to ? x(now) : nil
        let pill = nowX.map { min(max($0, Self.plotX + Self.nowPillHalfWidth), plotEnd - Self.nowPillHalfWidth) }
        let axis = TimelineAxis(range: range, plotX: Self.plotX, plotWidth: plotWidth, clock: clock,
                                avoiding: pill.map { ($0 - Self.nowPillHalfWidth - 4)...($0 + Self.nowPillHalfWidth + 4) })

        let lanesBottom = Self.lanesTop + Double(max(lanes.count, 1)) * Self.lanePitch
        let overflowBottom = lanesBottom + (lanes.overflow > 0 ? Self.overflowRow : 0)
        let legend = legendLayout(top: overflowBottom + 10)
        let height = (legend.last?.y ?? overflowBottom) + Self.legendRow - 4

        out.reserveCapacity(2_048 + spans.count * 700)
        writeHeader(height: height, spans: spans, lanes: lanes)
        writeGrid(axis: axis, bottom: lanesBottom)
        if spans.isEmpty {
            out += "<text x=\"\(TimelineXML.number(Self.plotX + plotWidth / 2))\" y=\"\(TimelineXML.number(Self.lanesTop + 15))\" text-anchor=\"middle\" fill=\"\(TimelineSVG.mutedText)\">"
            TimelineXML.appendEscaped("No downtimes or incidents between \(clock.long(range.from)) and \(clock.long(range.to)).", to: &out)
            out += "</text>\n"
        }
        writeBars(spans: spans, placements: placements, lanes: lanes)
        if lanes.overflow > 0 {
            writeOverflow(placements: placements, lanes: lanes, top: lanesBottom)
        }
        if let nowX, let pill {
            writeNow(x: nowX, pillX: pill, bottom: lanesBottom)
        }
        writeLegend(legend)
        out += "</svg>\n"
        return out
    }

    // MARK: - Parts

    mutating func writeHeader(height: Double, spans: [TimelineSpan], lanes: TimelineLanes) {
        let w = TimelineXML.number(width), h = TimelineXML.number(height)
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\""
        out += " role=\"group\" aria-labelledby=\"\(idPrefix)-title\" aria-describedby=\"\(idPrefix)-desc\""
        out += " class=\"tl-chart\" font-family=\"\(TimelineSVG.fontFamily)\" font-size=\"11\">\n"
        out += "<title id=\"\(idPrefix)-title\">"
        TimelineXML.appendEscaped("Downtimes and incidents from \(clock.long(range.from)) to \(clock.long(range.to))", to: &out)
        out += "</title>\n<desc id=\"\(idPrefix)-desc\">"
        TimelineXML.appendEscaped(description(spans: spans, lanes: lanes), to: &out)
        out += "</desc>\n<rect width=\"\(w)\" height=\"\(h)\" fill=\"#ffffff\"/>\n"
    }

    func description(spans: [TimelineSpan], lanes: TimelineLanes) -> String {
        guard !spans.isEmpty else { return "No downtimes or incidents in this period." }
        var downtimes = 0, ongoing = 0
        for span in spans {
            let event = events[span.index]
            if case .downtime = event.kind { downtimes += 1 }
            if event.isInProgress(at: now) && !event.isCancelled { ongoing += 1 }
        }
        let incidents = spans.count - downtimes
        var text = "\(spans.count) \(spans.count == 1 ? "event" : "events"): \(downtimes) \(downtimes == 1 ? "downtime" : "downtimes")"
        text += " and \(incidents) \(incidents == 1 ? "incident" : "incidents"), \(ongoing) in progress at \(clock.long(now))."
        text += " Each bar is a link to the event's page; its label gives the kind, the times and the state."
        if lanes.overflow > 0 {
            text += " \(lanes.overflow) more events overlap too much to draw one by one and are counted per period below the bars."
        }
        return text
    }

    mutating func writeGrid(axis: TimelineAxis, bottom: Double) {
        out += "<g class=\"tl-axis\" aria-hidden=\"true\">\n"
        for band in axis.weekends {
            rect(x: band.x0, y: Self.axisY, width: band.x1 - band.x0, height: bottom - Self.axisY, fill: TimelineSVG.weekendColor)
        }
        for tick in axis.ticks {
            out += "<line x1=\"\(TimelineXML.number(tick.x))\" x2=\"\(TimelineXML.number(tick.x))\" y1=\"\(TimelineXML.number(Self.axisY - 4))\" y2=\"\(TimelineXML.number(bottom))\""
            out += " stroke=\"\(tick.isMajor ? TimelineSVG.majorGridColor : TimelineSVG.gridColor)\" stroke-width=\"1\"/>\n"
        }
        out += "<line x1=\"\(TimelineXML.number(Self.plotX))\" x2=\"\(TimelineXML.number(plotEnd))\" y1=\"\(TimelineXML.number(Self.axisY))\" y2=\"\(TimelineXML.number(Self.axisY))\" stroke=\"\(TimelineSVG.majorGridColor)\" stroke-width=\"1\"/>\n"
        for label in axis.contextLabels {
            text(label.text, x: label.x, y: Self.contextBaseline, anchor: label.anchor, fill: TimelineSVG.darkText, extra: " font-weight=\"600\"")
        }
        for label in axis.tickLabels {
            text(label.text, x: label.x, y: Self.tickBaseline, anchor: label.anchor, fill: TimelineSVG.mutedText, extra: "")
        }
        out += "</g>\n"
    }

    mutating func writeBars(spans: [TimelineSpan], placements: [Placement], lanes: TimelineLanes) {
        out += "<g class=\"tl-bars\">\n"
        for (position, span) in spans.enumerated() {
            guard let lane = lanes.lanes[position] else { continue }
            let event = events[span.index]
            let place = placements[position]
            let (x0, x1) = (place.barStart, place.barEnd)
            let y = Self.lanesTop + Double(lane) * Self.lanePitch + (Self.lanePitch - Self.barHeight) / 2
            let style = TimelineSVG.style(for: event.kind)
            let ended = span.end <= now && event.end != nil
            out += "<a href=\""
            TimelineXML.appendEscaped(TimelineXML.safeHref(event.link), to: &out)
            out += "\" tabindex=\"0\" class=\"tl-bar tl-"
            out += event.kind.slug
            out += event.isCancelled ? " tl-cancelled\">" : ended ? " tl-ended\">" : "\">"
            out += "<g role=\"img\" aria-label=\""
            Self.appendAccessibleLabel(event, clock: clock, now: now, to: &out)
            out += "\"><title>"
            Self.appendTooltip(event, clock: clock, now: now, to: &out)
            out += "</title><rect x=\""
            TimelineXML.appendNumber(x0, to: &out)
            out += "\" y=\""
            TimelineXML.appendNumber(y, to: &out)
            out += "\" width=\""
            TimelineXML.appendNumber(x1 - x0, to: &out)
            out += "\" height=\"\(Self.barHeightText)\" rx=\"3\""
            let labelColor: String
            if event.isCancelled {
                out += " fill=\"#ffffff\" stroke=\"\(style.fill)\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>"
                labelColor = TimelineSVG.mutedText
            } else if ended {
                out += " fill=\"\(style.fill)\" fill-opacity=\"\(TimelineSVG.endedOpacity)\"/>"
                labelColor = TimelineSVG.darkText
            } else {
                out += " fill=\"\(style.fill)\"/>"
                labelColor = style.text
            }
            if let label = place.label {
                out += "<text x=\""
                TimelineXML.appendNumber(place.labelX, to: &out)
                out += "\" y=\""
                TimelineXML.appendNumber(y + 13, to: &out)
                out += "\" fill=\"\(place.labelInside ? labelColor : TimelineSVG.darkText)\""
                if place.labelAnchor == "end" { out += " text-anchor=\"end\"" }
                out += " aria-hidden=\"true\">"
                TimelineXML.appendEscaped(label, to: &out)
                out += "</text>"
            }
            out += "</g></a>\n"
        }
        out += "</g>\n"
    }

    // The label and the tooltip are written straight into the output, escaped piece by piece: building them as
    // strings first doubled the cost of a 10,000-bar chart. Dates and fixed words need no escaping.

    /// What a screen reader says on focus: kind, title, when, state.
    static func appendAccessibleLabel(_ event: TimelineEvent, clock: TimelineClock, now: Date, to out: inout String) {
        out += event.kind.displayName
        out += ": "
        TimelineXML.appendEscaped(event.title, to: &out)
        out += ", "
        if let end = event.end {
            clock.appendShort(event.start, to: &out)
            out += " to "
            clock.appendShort(end, sameDayAs: event.start, to: &out)
            out += " "
            out += clock.zoneName(at: end)
        } else {
            out += "from "
            clock.appendShort(event.start, to: &out)
            out += " "
            out += clock.zoneName(at: event.start)
            out += event.start <= now ? ", still open" : ", end not set"
        }
        if !event.stateText.isEmpty {
            out += ", "
            TimelineXML.appendEscaped(event.stateText, to: &out)
        }
    }

    /// The hover tooltip: every detail the bar stands for, one per line.
    static func appendTooltip(_ event: TimelineEvent, clock: TimelineClock, now: Date, to out: inout String) {
        TimelineXML.appendEscaped(event.title, to: &out)
        out += "\n"
        out += event.kind.displayName
        if !event.stateText.isEmpty {
            out += " · "
            TimelineXML.appendEscaped(event.stateText, to: &out)
        }
        if !event.summary.isEmpty {
            out += "\n"
            TimelineXML.appendEscaped(event.summary, to: &out)
        }
        if !event.affected.isEmpty {
            out += "\nAffects: "
            for (index, name) in event.affected.prefix(12).enumerated() {
                if index > 0 { out += ", " }
                TimelineXML.appendEscaped(name, to: &out)
            }
            if event.affected.count > 12 { out += " and \(event.affected.count - 12) more" }
        }
        if let contact = event.contactName, !contact.isEmpty {
            out += "\n"
            out += event.kind.contactRole
            out += ": "
            TimelineXML.appendEscaped(contact, to: &out)
        }
        out += "\nStart: "
        clock.appendLong(event.start, to: &out)
        if let end = event.end {
            out += "\nEnd: "
            clock.appendLong(end, to: &out)
        } else {
            out += event.start <= now ? "\nEnd: open, still in progress" : "\nEnd: not set"
        }
        let ticket = event.ticket ?? "", url = event.ticketURL ?? ""
        if !ticket.isEmpty || !url.isEmpty {
            out += "\nTicket: "
            TimelineXML.appendEscaped(ticket.isEmpty ? url : ticket, to: &out)
            if !ticket.isEmpty && !url.isEmpty {
                out += " ("
                TimelineXML.appendEscaped(url, to: &out)
                out += ")"
            }
        }
    }

    /// Events beyond the lane cap, counted in fixed-width periods by where their visible part starts.
    mutating func writeOverflow(placements: [Placement], lanes: TimelineLanes, top: Double) {
        let buckets = max(1, Int(plotWidth / 80))
        let bucketWidth = plotWidth / Double(buckets)
        var counts = [Int](repeating: 0, count: buckets)
        for position in placements.indices where lanes.lanes[position] == nil {
            let bucket = Int((placements[position].barStart - Self.plotX) / bucketWidth)
            counts[min(max(bucket, 0), buckets - 1)] += 1
        }
        out += "<g class=\"tl-more\">\n"
        for (bucket, count) in counts.enumerated() where count > 0 {
            let x0 = Self.plotX + Double(bucket) * bucketWidth
            let from = range.from.addingTimeInterval(Double(bucket) * bucketWidth / scale)
            let to = range.from.addingTimeInterval(Double(bucket + 1) * bucketWidth / scale)
            out += "<g role=\"img\" aria-label=\""
            let label = "\(count) more \(count == 1 ? "event starts" : "events start") between \(clock.short(from)) and \(clock.short(to, sameDayAs: from))"
            TimelineXML.appendEscaped(label, to: &out)
            out += "\"><title>"
            TimelineXML.appendEscaped(label, to: &out)
            out += "</title>"
            rect(x: x0 + 1, y: top + 2, width: bucketWidth - 2, height: Self.overflowRow - 4, fill: "#edf2f7")
            text("+\(count) more", x: x0 + bucketWidth / 2, y: top + 14, anchor: "middle", fill: TimelineSVG.darkText, extra: " font-size=\"10\"")
            out += "</g>\n"
        }
        out += "</g>\n"
    }

    mutating func writeNow(x: Double, pillX: Double, bottom: Double) {
        let half = TimelineChart.nowPillHalfWidth
        out += "<g class=\"tl-now\" role=\"img\" aria-label=\""
        TimelineXML.appendEscaped("now: \(clock.long(now))", to: &out)
        out += "\"><title>"
        TimelineXML.appendEscaped("now: \(clock.long(now))", to: &out)
        out += "</title>"
        out += "<line x1=\"\(TimelineXML.number(x))\" x2=\"\(TimelineXML.number(x))\" y1=\"\(TimelineXML.number(Self.axisY))\" y2=\"\(TimelineXML.number(bottom))\" stroke=\"\(TimelineSVG.nowColor)\" stroke-width=\"2\"/>"
        out += "<rect x=\"\(TimelineXML.number(pillX - half))\" y=\"2\" width=\"\(TimelineXML.number(2 * half))\" height=\"15\" rx=\"7.5\" fill=\"\(TimelineSVG.nowColor)\"/>"
        out += "<path d=\"M\(TimelineXML.number(x - 4)) 16.5 L\(TimelineXML.number(x + 4)) 16.5 L\(TimelineXML.number(x)) 21.5 Z\" fill=\"\(TimelineSVG.nowColor)\"/>"
        out += "<text x=\"\(TimelineXML.number(pillX))\" y=\"13\" text-anchor=\"middle\" fill=\"#ffffff\" font-weight=\"600\" font-size=\"10\">now</text>"
        out += "</g>\n"
    }

    // MARK: - Legend

    struct LegendItem {
        let x: Double
        let y: Double
        let label: String
        let kind: TimelineEvent.Kind?
        let variant: String
    }

    /// Swatches for every kind plus the ended and cancelled looks, wrapped onto as many rows as the width needs.
    func legendLayout(top: Double) -> [LegendItem] {
        var entries: [(String, TimelineEvent.Kind?, String)] = TimelineEvent.Kind.allCases.map { ($0.displayName, $0, "") }
        entries.append(("Ended", .downtime(.unplanned), "ended"))
        entries.append(("Cancelled", .downtime(.unplanned), "cancelled"))
        var items: [LegendItem] = []
        var x = Self.plotX, y = top
        for (label, kind, variant) in entries {
            let itemWidth = 18 + TimelineAxis.textWidth(label) + 14
            if x + itemWidth > plotEnd && x > Self.plotX {
                x = Self.plotX
                y += Self.legendRow
            }
            items.append(LegendItem(x: x, y: y, label: label, kind: kind, variant: variant))
            x += itemWidth
        }
        return items
    }

    mutating func writeLegend(_ items: [LegendItem]) {
        out += "<g class=\"tl-legend\" aria-hidden=\"true\">\n"
        for item in items {
            let fill = item.kind.map { TimelineSVG.style(for: $0).fill } ?? TimelineSVG.mutedText
            out += "<rect x=\"\(TimelineXML.number(item.x))\" y=\"\(TimelineXML.number(item.y))\" width=\"12\" height=\"12\" rx=\"2\""
            switch item.variant {
            case "ended": out += " fill=\"\(fill)\" fill-opacity=\"\(TimelineSVG.endedOpacity)\"/>"
            case "cancelled": out += " fill=\"#ffffff\" stroke=\"\(fill)\" stroke-width=\"1.5\" stroke-dasharray=\"3 2\"/>"
            default: out += " fill=\"\(fill)\"/>"
            }
            text(item.label, x: item.x + 17, y: item.y + 10, anchor: "start", fill: TimelineSVG.darkText, extra: "")
            out += "\n"
        }
        out += "</g>\n"
    }

    // MARK: - Primitives

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String) {
        out += "<rect x=\"\(TimelineXML.number(x))\" y=\"\(TimelineXML.number(y))\" width=\"\(TimelineXML.number(width))\" height=\"\(TimelineXML.number(height))\" fill=\"\(fill)\"/>\n"
    }

    mutating func text(_ content: String, x: Double, y: Double, anchor: String, fill: String, extra: String) {
        out += "<text x=\"\(TimelineXML.number(x))\" y=\"\(TimelineXML.number(y))\" text-anchor=\"\(anchor)\" fill=\"\(fill)\"\(extra)>"
        TimelineXML.appendEscaped(content, to: &out)
        out += "</text>\n"
    }
}

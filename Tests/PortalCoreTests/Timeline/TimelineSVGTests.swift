import Foundation
import Testing
@testable import PortalCore
@testable import PortalViews

@Suite struct TimelineSVGTests {
    static let range = TimelineRange.default(now: TimelineFixtures.now)

    static func render(_ events: [TimelineEvent], range: TimelineRange = range, width: Int = 1100) -> String {
        TimelineSVG.render(events: events, range: range, now: TimelineFixtures.now, width: width)
    }

    /// Bars are the links in the bars group.
    static func bars(_ outline: TimelineXMLOutline) -> [TimelineXMLOutline.Element] {
        outline.all("a").filter { $0.attributes["class"]?.hasPrefix("tl-bar") == true }
    }

    /// Examples kept for people to look at (test-artifacts/timeline-*.svg beside the package): the default two weeks,
    /// a day, a month, and a dense week past the lane cap.
    @Test(arguments: [
        ("timeline-example", TimelineRange.default(now: TimelineFixtures.now), 30),
        ("timeline-example-day", TimelineRange.preset(.day, around: TimelineFixtures.now), 30),
        ("timeline-example-month", TimelineRange.preset(.month, around: TimelineFixtures.now), 30),
        ("timeline-example-dense", TimelineRange.preset(.week, around: TimelineFixtures.now), 3_000),
    ])
    func examplesAreWellFormedAndWrittenForLooking(name: String, range: TimelineRange, count: Int) throws {
        let events = count == 30 ? TimelineFixtures.thirty : Self.bulk(count, around: range)
        let svg = Self.render(events, range: range)
        let outline = TimelineXMLOutline(svg)
        #expect(outline.wellFormed, "\(outline.errorText)")
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../test-artifacts")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try svg.write(to: folder.appendingPathComponent("\(name).svg"), atomically: true, encoding: .utf8)
    }

    /// `count` events of every kind spread over `range`, from a fixed seed.
    static func bulk(_ count: Int, around range: TimelineRange) -> [TimelineEvent] {
        var seed: UInt64 = 42
        func next() -> Double {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Double(seed >> 11) / Double(1 << 53)
        }
        return (0..<count).map { index -> TimelineEvent in
            let start = range.from.addingTimeInterval(-86_400 + next() * (range.duration + 86_400))
            let kind = TimelineEvent.Kind.allCases[index % 6]
            return TimelineEvent(id: "bulk-\(index)", kind: kind, title: "Bulk event \(index)", summary: "Generated.",
                                 stateText: "Scheduled", start: start, end: start.addingTimeInterval(600 + next() * 20_000),
                                 affected: ["svc-\(index % 97)"], contactName: "Someone", link: "/downtimes/\(index)")
        }
    }

    @Test func oneBarPerShownEventEachALinkWithTooltipAndLabel() {
        let svg = Self.render(TimelineFixtures.thirty)
        let outline = TimelineXMLOutline(svg)
        let shown = TimelineQuery.select(TimelineFixtures.thirty, in: Self.range, now: TimelineFixtures.now)
        let bars = Self.bars(outline)
        #expect(shown.count == 30)
        #expect(bars.count == shown.count)
        for bar in bars {
            #expect(bar.attributes["tabindex"] == "0")
            #expect(bar.attributes["href"]?.hasPrefix("/") == true)
        }
        let groups = outline.elements.filter { $0.name == "g" && $0.path.last == "a" }
        #expect(groups.count == shown.count)
        #expect(groups.allSatisfy { $0.attributes["role"] == "img" && !($0.attributes["aria-label"] ?? "").isEmpty })
        #expect(Set(bars.compactMap { $0.attributes["href"] }) == Set(shown.map(\.link)))
    }

    @Test func chartHasTitleAndDescriptionItIsLabelledBy() {
        let outline = TimelineXMLOutline(Self.render(TimelineFixtures.thirty))
        let root = outline.elements.first!
        #expect(root.name == "svg")
        #expect(root.attributes["aria-labelledby"] == "timeline-title")
        #expect(root.attributes["aria-describedby"] == "timeline-desc")
        let title = outline.all("title").first { $0.attributes["id"] == "timeline-title" }
        let desc = outline.all("desc").first { $0.attributes["id"] == "timeline-desc" }
        #expect(title?.text == "Downtimes and incidents from Tue 5 Jan 2027 12:00 UTC to Tue 19 Jan 2027 12:00 UTC")
        #expect(desc?.text.hasPrefix("30 events: 23 downtimes and 7 incidents, 3 in progress") == true)
    }

    @Test func nowMarkerIsALabelledLineAtNow() throws {
        let width = 1100
        let outline = TimelineXMLOutline(Self.render(TimelineFixtures.thirty, width: width))
        let now = try #require(outline.all("g").first { $0.attributes["class"] == "tl-now" })
        #expect(now.attributes["aria-label"] == "now: Tue 12 Jan 2027 12:00 UTC")
        let line = try #require(outline.elements.first { $0.name == "line" && $0.path.last == "g" && $0.attributes["stroke"] == TimelineSVG.nowColor })
        // Now is the middle of the default range.
        #expect(line.attributes["x1"] == TimelineXML.number(Double(width) / 2))
        #expect(outline.all("text").contains { $0.text == "now" })
    }

    @Test func noNowMarkerWhenNowIsOutsideTheRange() throws {
        let past = try TimelineRange(fromDay: "2026-12-01", toDay: "2026-12-07")
        let svg = Self.render(TimelineFixtures.thirty, range: past)
        #expect(!svg.contains("tl-now"))
        #expect(svg.contains("No downtimes or incidents between"))
        #expect(TimelineXMLOutline(svg).wellFormed)
    }

    @Test func tooltipCarriesEveryDetail() throws {
        let outline = TimelineXMLOutline(Self.render(TimelineFixtures.thirty))
        let bar = try #require(Self.bars(outline).first { $0.attributes["href"] == "/incidents/16" })
        let index = try #require(outline.elements.firstIndex { $0.attributes == bar.attributes && $0.name == "a" })
        let title = try #require(outline.elements[index...].first { $0.name == "title" })
        #expect(title.text == """
            Storage latency on PG-3
            Critical incident · Identified
            Work on PG-3, payroll-db.
            Affects: PG-3, payroll-db
            Engineer: Jonas Berg
            Start: Tue 12 Jan 2027 09:00 UTC
            End: open, still in progress
            Ticket: CHG-4115 (https://tickets.example.com/CHG-4115)
            """)
        let group = outline.elements[index + 1]
        #expect(group.attributes["aria-label"] == "Critical incident: Storage latency on PG-3, from Tue 12 Jan 09:00 UTC, still open, Identified")
    }

    @Test func timesAreShownInTheChosenZoneWithTheOffsetInForce() throws {
        let paris = try #require(TimeZone(identifier: "Europe/Paris"))
        let summer = TimelineFixtures.event("s", start: TimelineFixtures.instant("2027-07-01T07:00:00Z"),
                                           end: TimelineFixtures.instant("2027-07-01T09:30:00Z"), title: "Summer work")
        let winter = TimelineFixtures.event("w", start: TimelineFixtures.instant("2027-01-12T07:00:00Z"),
                                           end: TimelineFixtures.instant("2027-01-12T08:00:00Z"), title: "Winter work")
        let range = try TimelineRange(fromDay: "2027-01-01", toDay: "2027-12-31", timeZone: paris)
        let svg = TimelineSVG.render(events: [summer, winter], range: range, now: TimelineFixtures.now, timeZone: paris)
        let outline = TimelineXMLOutline(svg)
        #expect(outline.all("title").first?.text == "Downtimes and incidents from Fri 1 Jan 2027 00:00 UTC+01:00 to Sat 1 Jan 2028 00:00 UTC+01:00")
        let titles = outline.all("title").map(\.text)
        #expect(titles.contains { $0.contains("Start: Thu 1 Jul 2027 09:00 UTC+02:00\nEnd: Thu 1 Jul 2027 11:30 UTC+02:00") })
        #expect(titles.contains { $0.contains("Start: Tue 12 Jan 2027 08:00 UTC+01:00\nEnd: Tue 12 Jan 2027 09:00 UTC+01:00") })
        let labels = outline.all("g").compactMap { $0.attributes["aria-label"] }
        #expect(labels.contains("Planned maintenance: Summer work, Thu 1 Jul 09:00 to 11:30 UTC+02:00, Scheduled"))
    }

    @Test func downtimeTooltipNamesTheCoordinatorAndBothEnds() throws {
        let outline = TimelineXMLOutline(Self.render(TimelineFixtures.thirty))
        let title = try #require(outline.all("title").first { $0.text.hasPrefix("Kubernetes 1.31 upgrade\n") })
        #expect(title.text.contains("\nCoordinator: Aiko Tanaka\n"))
        #expect(title.text.contains("\nStart: Wed 13 Jan 2027 08:00 UTC\nEnd: Wed 13 Jan 2027 14:00 UTC\n"))
    }

    @Test(arguments: [
        "<script>alert(1)</script>",
        "Tom & Jerry's \"patch\"",
        "a]]>b",
        "bell\u{07}and\u{0}nul",
    ])
    func userTextIsEscaped(title: String) throws {
        var event = TimelineFixtures.event("x", start: TimelineFixtures.hours(-1), end: TimelineFixtures.hours(30), title: title)
        event.summary = title
        event.affected = [title]
        event.contactName = title
        event.ticket = title
        event.link = "/downtimes/1?a=1&b=<2>"
        let svg = Self.render([event])
        #expect(!svg.contains("<script"))
        let outline = TimelineXMLOutline(svg)
        #expect(outline.wellFormed, "\(outline.errorText)")
        let cleaned = title.unicodeScalars.filter { $0.value >= 0x20 }.map(String.init).joined()
        #expect(outline.all("title").contains { $0.text.hasPrefix(cleaned + "\n") })
        #expect(Self.bars(outline).first?.attributes["href"] == "/downtimes/1?a=1&b=<2>")
    }

    @Test(arguments: [
        ("javascript:alert(1)", "#"),
        (" JavaScript:alert(1)", "#"),
        ("data:text/html,x", "#"),
        ("https://portal.example.com/downtimes/1", "https://portal.example.com/downtimes/1"),
        ("/downtimes/1?at=12:00", "/downtimes/1?at=12:00"),
        ("", "#"),
    ])
    func linksCannotRunScript(link: String, expected: String) {
        #expect(TimelineXML.safeHref(link) == expected)
    }

    @Test func idPrefixKeepsIdsUniqueAndValid() {
        let svg = TimelineSVG.render(events: [], range: Self.range, now: TimelineFixtures.now, idPrefix: "dash\"board 2")
        let outline = TimelineXMLOutline(svg)
        #expect(outline.wellFormed)
        #expect(outline.elements.first?.attributes["aria-labelledby"] == "dashboard2-title")
    }

    @Test func clippedEventsStayInsideThePlotAndSayTheyContinue() throws {
        let crossing = TimelineFixtures.event("c", start: TimelineFixtures.hours(-200), end: TimelineFixtures.hours(-100),
                                              title: "Long freeze")
        let outline = TimelineXMLOutline(Self.render([crossing]))
        let rect = try #require(outline.all("rect").first { $0.path.last == "g" && $0.path.dropLast().last == "a" })
        #expect(rect.attributes["x"] == "8")
        #expect(outline.all("text").contains { $0.text.hasPrefix("◂ Long freeze") })
    }

    @Test func barsInOneLaneNeverOverlap() throws {
        let outline = TimelineXMLOutline(Self.render(TimelineFixtures.thirty))
        let rects = outline.all("rect").filter { $0.path.suffix(2) == ["a", "g"] }
        #expect(rects.count == 30)
        let byLane = Dictionary(grouping: rects) { $0.attributes["y"]! }
        #expect(byLane.count > 1)
        for (_, lane) in byLane {
            let spans = lane.map { (Double($0.attributes["x"]!)!, Double($0.attributes["x"]!)! + Double($0.attributes["width"]!)!) }
                .sorted { $0.0 < $1.0 }
            for (a, b) in zip(spans, spans.dropFirst()) {
                #expect(a.1 <= b.0, "bars \(a) and \(b) overlap")
            }
        }
    }

    @Test(arguments: [
        (TimelineRange.Zoom.day, "hours"),
        (.week, "days"),
        (.month, "days"),
    ])
    func axisUnitFitsTheZoom(zoom: TimelineRange.Zoom, expected: String) {
        let range = TimelineRange.preset(zoom, around: TimelineFixtures.now)
        let axis = TimelineAxis(range: range, plotX: 8, plotWidth: 1_084, clock: TimelineClock(timeZone: .timelineUTC))
        let unit: String
        switch axis.unit {
        case .hours: unit = "hours"
        case .days: unit = "days"
        case .weeks: unit = "weeks"
        case .months: unit = "months"
        case .years: unit = "years"
        }
        #expect(unit == expected)
        #expect(axis.ticks.allSatisfy { range.contains($0.date) })
        #expect(!axis.tickLabels.isEmpty)
    }

    @Test(arguments: [(90, "weeks"), (200, "months"), (366, "months")])
    func longerRangesUseWeeksOrMonths(days: Int, expected: String) throws {
        let range = try TimelineRange(from: TimelineFixtures.now, to: TimelineFixtures.hours(Double(days) * 24))
        let axis = TimelineAxis(range: range, plotX: 8, plotWidth: 1_084, clock: TimelineClock(timeZone: .timelineUTC))
        switch (axis.unit, expected) {
        case (.weeks, "weeks"), (.months, "months"): break
        default: Issue.record("\(days) days gave \(axis.unit)")
        }
        #expect(TimelineXMLOutline(Self.render(TimelineFixtures.thirty, range: range)).wellFormed)
    }

    @Test func dayAxisLabelsHoursAndNamesTheDay() {
        let range = TimelineRange.preset(.day, around: TimelineFixtures.now)
        let axis = TimelineAxis(range: range, plotX: 8, plotWidth: 1_084, clock: TimelineClock(timeZone: .timelineUTC))
        #expect(axis.ticks.count == 24)
        #expect(axis.tickLabels.map(\.text).contains("06:00"))
        #expect(axis.contextLabels.map(\.text) == ["Tue 12 Jan 2027"])
    }

    @Test func axisFollowsTheTimeZoneAcrossDaylightSaving() throws {
        // Sunday 28 March 2027 in Paris has 23 hours: the 02:00 line does not exist.
        let paris = try #require(TimeZone(identifier: "Europe/Paris"))
        let range = TimelineRange.preset(.day, around: TimelineFixtures.instant("2027-03-28T10:00:00Z"), timeZone: paris)
        #expect(range.duration == 23 * 3_600)
        let axis = TimelineAxis(range: range, plotX: 8, plotWidth: 1_084, clock: TimelineClock(timeZone: paris))
        #expect(axis.ticks.count == 23)
        #expect(!axis.tickLabels.map(\.text).contains("02:00"))
        #expect(axis.tickLabels.map(\.text).contains("03:00"))
    }

    @Test func beyondTheLaneCapEventsAreCountedNotDrawn() {
        // 60 events all covering the same hours need 60 lanes; 40 are drawn, 20 are counted.
        let stacked = (0..<60).map { TimelineFixtures.event("s\($0)", start: TimelineFixtures.hours(-2), end: TimelineFixtures.hours(2)) }
        let outline = TimelineXMLOutline(Self.render(stacked))
        #expect(outline.wellFormed)
        #expect(Self.bars(outline).count == TimelineSVG.laneCap)
        let more = outline.all("text").filter { $0.text.hasSuffix(" more") }
        #expect(more.map(\.text) == ["+20 more"])
        #expect(outline.all("desc").first?.text.contains("20 more events overlap") == true)
    }

    @Test func tenThousandEventsRenderWithBoundedOutput() {
        let events = Self.bulk(10_000, around: Self.range)
        let clock = ContinuousClock()
        var svg = ""
        let elapsed = clock.measure {
            svg = TimelineSVG.render(events: events, range: Self.range, now: TimelineFixtures.now, width: 1200)
        }
        print("TimelineSVG: 10,000 events rendered in \(elapsed), \(svg.utf8.count / 1024) KiB")
        #expect(elapsed < .seconds(20), "smoke bound only; the real figure is measured in release")
        let outline = TimelineXMLOutline(svg)
        #expect(outline.wellFormed)
        #expect(outline.all("svg").count == 1)
        let lanes = Set(outline.all("rect").filter { $0.path.suffix(2) == ["a", "g"] }.map { $0.attributes["y"]! })
        #expect(lanes.count == TimelineSVG.laneCap)
        #expect(svg.contains("more events overlap"))
    }
}

import Foundation
import PortalCore

/// The 30-day chart of a service or process page: one bar per UTC day, its height the day's level between a floor
/// and 100 %, coloured against the SLA; a day without a signal is a grey tick. Server-rendered, no script.
public enum ServiceLevelChart {
    public struct Day: Sendable {
        public let label: String
        public let percent: Double?
        public init(label: String, percent: Double?) {
            self.label = label
            self.percent = percent
        }
    }

    /// An SVG with `role="img"` and a title per bar (`2027-01-12: 99.93%`).
    public static func svg(days: [Day], slaPercent: Double?, width: Int = 640, height: Int = 120) -> String {
        let known = days.compactMap(\.percent)
        // The floor: 90 % unless a day was worse, so 99.9 and 99.99 stay apart on a good month.
        let floor = min(90, (known.min() ?? 100).rounded(.down))
        let left = 40.0, bottom = 18.0, top = 6.0
        let plotWidth = Double(width) - left - 4, plotHeight = Double(height) - bottom - top
        let step = plotWidth / Double(max(days.count, 1))
        func y(_ percent: Double) -> Double { top + plotHeight * (1 - (percent - floor) / max(100 - floor, 0.001)) }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"level-chart\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"Service level per day, last \(days.count) days\">"
        for mark in [floor, (floor + 100) / 2, 100] {
            out += "<line x1=\"\(left)\" x2=\"\(width - 4)\" y1=\"\(f(y(mark)))\" y2=\"\(f(y(mark)))\" stroke=\"#d5dde5\" stroke-width=\"1\"/>"
            out += "<text x=\"\(f(left - 4))\" y=\"\(f(y(mark) + 4))\" font-size=\"10\" text-anchor=\"end\" fill=\"#5b6b7b\">\(escape(ServiceLevel.format(mark)))</text>"
        }
        if let sla = slaPercent, sla > floor {
            out += "<line x1=\"\(left)\" x2=\"\(width - 4)\" y1=\"\(f(y(sla)))\" y2=\"\(f(y(sla)))\" stroke=\"#b45309\" stroke-dasharray=\"4 3\" stroke-width=\"1\"><title>SLA \(escape(ServiceLevel.format(sla)))</title></line>"
        }
        for (index, day) in days.enumerated() {
            let x = left + Double(index) * step + 1
            let barWidth = max(step - 2, 1)
            if let percent = day.percent {
                let colour = percent >= (slaPercent ?? 100) ? "#2f855a" : (percent >= (slaPercent ?? 100) - 1 ? "#d69e2e" : "#c53030")
                let barTop = y(max(percent, floor))
                out += "<rect x=\"\(f(x))\" y=\"\(f(barTop))\" width=\"\(f(barWidth))\" height=\"\(f(max(top + plotHeight - barTop, 1)))\" fill=\"\(colour)\"><title>\(escape(day.label)): \(escape(ServiceLevel.format(percent)))</title></rect>"
            } else {
                out += "<rect x=\"\(f(x))\" y=\"\(f(top + plotHeight - 2))\" width=\"\(f(barWidth))\" height=\"2\" fill=\"#cbd5e0\"><title>\(escape(day.label)): no signal</title></rect>"
            }
        }
        if let first = days.first, let last = days.last {
            out += "<text x=\"\(left)\" y=\"\(height - 4)\" font-size=\"10\" fill=\"#5b6b7b\">\(escape(first.label))</text>"
            out += "<text x=\"\(width - 4)\" y=\"\(height - 4)\" font-size=\"10\" text-anchor=\"end\" fill=\"#5b6b7b\">\(escape(last.label))</text>"
        }
        return out + "</svg>"
    }

    private static func f(_ value: Double) -> String { String(format: "%.1f", value) }
    private static func escape(_ text: String) -> String { TimelineXML.escape(text) }
}

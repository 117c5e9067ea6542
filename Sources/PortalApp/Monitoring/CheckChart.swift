import Foundation
import PortalCore

/// Server-rendered SVG for checks: the history chart of the detail page (response time line, availability strip,
/// maintenance and alert bands) and the sparkline of the list. Plain text out, values in; no JavaScript.
enum CheckChart {
    struct Bucket {
        let start: Date
        let aggregate: SampleAggregate
    }

    static func color(_ aggregate: SampleAggregate) -> String {
        guard let availability = aggregate.availability else { return "#d9e0e7" }
        if aggregate.maintenanceSamples > 0 && aggregate.maintenanceSamples == aggregate.samples { return "#4a78a8" }
        if availability >= 99.9 { return "#2f8f4e" }
        if availability >= 80 { return "#d08a00" }
        return "#b42318"
    }

    /// 120×28 bars: height from the average response time, colour from availability.
    static func sparkline(_ buckets: [Bucket], from: Date, step: Double, count: Int) -> String {
        let width = 120.0, height = 28.0
        let slot = width / Double(count)
        let peak = max(1, buckets.compactMap { $0.aggregate.averageMS }.max() ?? 1)
        var bars = ""
        for bucket in buckets {
            let index = Int(bucket.start.timeIntervalSince(from) / step)
            guard (0..<count).contains(index) else { continue }
            let barHeight = bucket.aggregate.averageMS.map { max(3, $0 / peak * (height - 2)) } ?? 3
            bars += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%@\"/>", Double(index) * slot,
                           height - barHeight, max(1, slot - 0.5), barHeight, color(bucket.aggregate))
        }
        return "<svg class=\"sparkline\" viewBox=\"0 0 120 28\" width=\"120\" height=\"28\" role=\"img\" aria-label=\"last hour\">\(bars)</svg>"
    }

    /// The history chart over `[from, from + step × count)`: average response time as a line, availability as a coloured
    /// strip, buckets taken in declared downtime shaded blue, alert periods shaded red.
    static func history(_ buckets: [Bucket], from: Date, step: Double, count: Int, alerts: [(Date, Date)], labels: [(Double, String)]) -> String {
        let width = 960.0, plotTop = 10.0, plotHeight = 180.0, stripTop = 200.0, left = 56.0
        let plotWidth = width - left - 10
        let slot = plotWidth / Double(count)
        let end = from.addingTimeInterval(step * Double(count))
        let peak = max(10, (buckets.compactMap { $0.aggregate.maxMS }.max().map(Double.init) ?? 10))
        func x(_ date: Date) -> Double { left + max(0, min(1, date.timeIntervalSince(from) / end.timeIntervalSince(from))) * plotWidth }
        var svg = "<svg class=\"history-chart\" viewBox=\"0 0 \(Int(width)) 250\" width=\"100%\" role=\"img\" aria-label=\"Response time and availability\">"
        svg += "<rect x=\"\(left)\" y=\"\(plotTop)\" width=\"\(plotWidth)\" height=\"\(plotHeight)\" fill=\"#fbfcfd\" stroke=\"#d9e0e7\"/>"
        for (start, stop) in alerts where stop > from && start < end {
            svg += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#fde8e6\"><title>alert</title></rect>",
                          x(start), plotTop, max(2, x(stop) - x(start)), plotHeight)
        }
        var points: [String] = []
        for bucket in buckets {
            let index = bucket.start.timeIntervalSince(from) / step
            guard index >= 0, index < Double(count) else { continue }
            let x0 = left + index.rounded(.down) * slot
            if bucket.aggregate.maintenanceSamples > 0 {
                svg += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#e3ecf6\"><title>declared downtime</title></rect>",
                              x0, plotTop, max(1, slot), plotHeight)
            }
            svg += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"14\" fill=\"%@\"/>", x0, stripTop, max(1, slot - 0.3),
                          color(bucket.aggregate))
            if let average = bucket.aggregate.averageMS {
                points.append(String(format: "%.1f,%.1f", x0 + slot / 2, plotTop + plotHeight - average / peak * plotHeight))
            }
        }
        if !points.isEmpty {
            svg += "<polyline fill=\"none\" stroke=\"#1f4e79\" stroke-width=\"1.5\" points=\"\(points.joined(separator: " "))\"/>"
        }
        svg += "<text x=\"\(left - 6)\" y=\"\(plotTop + 10)\" text-anchor=\"end\" font-size=\"11\" fill=\"#5b6b7c\">\(Int(peak)) ms</text>"
        svg += "<text x=\"\(left - 6)\" y=\"\(plotTop + plotHeight)\" text-anchor=\"end\" font-size=\"11\" fill=\"#5b6b7c\">0</text>"
        svg += "<text x=\"\(left - 6)\" y=\"\(stripTop + 11)\" text-anchor=\"end\" font-size=\"11\" fill=\"#5b6b7c\">up</text>"
        for (fraction, label) in labels {
            let lx = left + fraction * plotWidth
            svg += String(format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#d9e0e7\"/>", lx, lx, plotTop + plotHeight, stripTop + 18)
            let anchor = fraction >= 1 ? "end" : "middle"
            svg += String(format: "<text x=\"%.1f\" y=\"240\" text-anchor=\"%@\" font-size=\"11\" fill=\"#5b6b7c\">%@</text>", lx, anchor, label)
        }
        return svg + "</svg>"
    }
}

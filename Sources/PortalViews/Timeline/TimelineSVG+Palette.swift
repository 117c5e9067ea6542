import PortalCore

// Colours as presentation attributes rather than a <style> sheet, so the chart looks right under a CSP without
// 'unsafe-inline', in an <img>, and in rsvg. Hues are far apart and the kind is also written in every label and
// tooltip, so colour is never the only cue.
extension TimelineSVG {
    struct BarStyle {
        let fill: String
        /// Label colour on the full-strength fill; chosen for at least 4.5:1 contrast.
        let text: String
    }

    static func style(for kind: TimelineEvent.Kind) -> BarStyle {
        switch kind {
        case .downtime(.planned): BarStyle(fill: "#2b6cb0", text: "#ffffff")
        case .downtime(.emergency): BarStyle(fill: "#6b46c1", text: "#ffffff")
        case .downtime(.unplanned): BarStyle(fill: "#4a5568", text: "#ffffff")
        case .incident(.minor): BarStyle(fill: "#f6c343", text: "#1a202c")
        case .incident(.major): BarStyle(fill: "#dd6b20", text: "#1a202c")
        case .incident(.critical): BarStyle(fill: "#c53030", text: "#ffffff")
        case .alert: BarStyle(fill: "#822727", text: "#ffffff")
        case .deployment: BarStyle(fill: "#2f855a", text: "#ffffff")
        }
    }

    /// Ended events are drawn at this opacity with dark text, so what is still to come stands out.
    static let endedOpacity = "0.4"
    static let darkText = "#1a202c"
    static let mutedText = "#4a5568"
    static let gridColor = "#e2e8f0"
    static let majorGridColor = "#a0aec0"
    static let weekendColor = "#f7fafc"
    static let nowColor = "#e53e3e"
    static let fontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif"
}

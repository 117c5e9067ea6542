import PortalHTTP

/// The static files templates link, by the name they use (`{{assets.stylesheet}}`), at their fingerprinted addresses:
/// a browser caches them for a year and never asks again until the file (and so its name) changes.
enum AssetLinks {
    /// Template name → file below Resources/Public.
    static let files: [String: String] = [
        "stylesheet": "css/forewarn.css",
        "reportStylesheet": "css/report.css",
        "icon": "favicon.svg",
        "tableCardsScript": "js/table-cards.js",
        "targetPickerScript": "js/target-picker.js",
        "liveScript": "js/live.js",
        "logsLiveScript": "js/logs-live.js",
        "localTimeScript": "js/local-time.js",
    ]

    static func table(_ files: StaticFiles) -> [String: String] {
        self.files.mapValues { files.url(for: $0) }
    }
}

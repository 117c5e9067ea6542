/// A view model with compiled templates: the CompileTemplates plugin makes every type named in a template's
/// `{{! model: Type }}` comment conform, rendering each such template without reflection into one byte buffer.
protocol CompiledView {
    /// Renders `template` if it is one of this type's; false if not (a programming error the caller reports).
    func render(template: String, assets: Assets, into o: inout HTMLWriter) -> Bool
}

/// The fingerprinted static addresses templates link as `{{assets.name}}` (see `AssetLinks`).
struct Assets: Sendable {
    let stylesheet: String
    let reportStylesheet: String
    let icon: String
    let tableCardsScript: String
    let targetPickerScript: String
    let liveScript: String
    let logsLiveScript: String
    let localTimeScript: String

    init(_ table: [String: String]) {
        func link(_ name: String) -> String { table[name] ?? "/static/" + (AssetLinks.files[name] ?? name) }
        stylesheet = link("stylesheet")
        reportStylesheet = link("reportStylesheet")
        icon = link("icon")
        tableCardsScript = link("tableCardsScript")
        targetPickerScript = link("targetPickerScript")
        liveScript = link("liveScript")
        logsLiveScript = link("logsLiveScript")
        localTimeScript = link("localTimeScript")
    }
}

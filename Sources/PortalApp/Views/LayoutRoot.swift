/// What layout.mustache reads from the page that extends it, outside the page's blocks: the site chrome. The layout is
/// compiled once (`CompiledTemplates.render_layout`); every page model that extends it conforms (generated).
protocol LayoutRoot {
    var site: SiteChrome { get }
}

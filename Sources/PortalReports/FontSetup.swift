import CPangoCairo

/// Settings of the calling thread's default Pango font map (each thread has its own), applied before every render.
enum FontSetup {
    /// Points must be points everywhere, not only in the report's context: Pango measures a font's metrics (line
    /// heights) in a context of the font map's own, at the font map's resolution (96 dpi by default). At another
    /// resolution than the report's 72 each font is matched a second time (a fontconfig pattern differing only in its
    /// dpi, with a match and a sort thread of its own in Pango 1.50) and loaded twice. The fonts and their metrics are
    /// the same either way: sizes are absolute by then.
    static func prepareDefaultFontMap() {
        guard let defaultMap = pango_cairo_font_map_get_default() else { return }
        let fontMap = OpaquePointer(defaultMap)
        if pango_cairo_font_map_get_resolution(fontMap) != resolution {
            pango_cairo_font_map_set_resolution(fontMap, resolution)
        }
    }

    /// Points per inch: one Pango unit of size is one PDF point.
    static let resolution = 72.0
}

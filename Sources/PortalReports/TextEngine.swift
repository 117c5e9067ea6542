import CPangoCairo

/// Logical extents of laid-out text relative to the layout origin, in points.
struct TextExtents {
    var x: Double
    var width: Double
    var height: Double
    var lineCount: Int
    /// Distance from the top to the first line's baseline.
    var baseline: Double
}

/// Vertical extent of one laid-out line relative to the layout top, in points.
struct LineExtent {
    var top: Double
    var bottom: Double
}

/// Height and line count of a laid-out or predicted text.
struct TextFit {
    var height: Double
    var lineCount: Int
    /// Distance from the top to the first line's baseline.
    var baseline: Double
    /// True when the single-line prediction answered instead of Pango; the painter double-checks it.
    var predicted: Bool
}

extension TextFit {
    /// The fit of a measured text.
    init(_ extents: TextExtents) {
        self.init(height: extents.height, lineCount: extents.lineCount, baseline: extents.baseline, predicted: false)
    }
}

/// How a piece of text is set: everything the layout needs besides the string.
struct TextSetting: Hashable {
    var style: TextStyle
    var width: Double
    var alignment: ColumnAlignment = .leading
    var underline = false
    /// One line, cut with an ellipsis (running header and footer).
    var singleLine = false
}

/// A string with its setting: what a laid-out text depends on. Hashed once when made: one key is looked up in
/// several caches (kept, recent, planned, protections), and hashing a string normalizes it each time.
private struct TextKey: Hashable {
    let text: String
    let setting: TextSetting
    private let hashValueOnce: Int

    init(text: String, setting: TextSetting) {
        self.text = text
        self.setting = setting
        var hasher = Hasher()
        hasher.combine(text)
        hasher.combine(setting)
        hashValueOnce = hasher.finalize()
    }

    static func == (left: TextKey, right: TextKey) -> Bool {
        left.hashValueOnce == right.hashValueOnce && left.setting == right.setting && left.text == right.text
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(hashValueOnce)
    }
}

/// Pango layouts bound to the report's cairo context. One scratch layout serves every one-off string;
/// strings that recur (states, kinds, names, column titles) keep a layout of their own in a small bounded
/// cache, so they are shaped once. Memory stays flat however long the report is.
final class TextEngine {
    /// Layouts kept for recurring strings; the cache is emptied when it reaches this size.
    private static let keptCapacity = 512
    /// Strings remembered with their extents and use count; forgotten past this many.
    private static let recentCapacity = 8192

    private struct Recent {
        /// Nil when the string was drawn without a layout.
        var extents: TextExtents?
        var uses: Int
    }

    private struct Kept {
        let layout: OpaquePointer
        let extents: TextExtents
    }

    private let cairo: OpaquePointer
    private let context: OpaquePointer
    private let scratch: OpaquePointer
    private var scratchSetting: TextSetting?
    private let fonts: [OpaquePointer]
    private let plainAttributes: OpaquePointer
    private let underlineAttributes: OpaquePointer
    /// Per style: the font as an attribute, for itemizing a string without a layout.
    private let fontAttributes: [OpaquePointer]
    private var recent: [TextKey: Recent] = [:]
    private var kept: [TextKey: Kept] = [:]
    private var predictor: SingleLinePredictor?
    /// Column widths are measured with their own predictor, so that the fallback render without prediction lays
    /// tables out exactly as the first one did.
    private var widthPredictor = SingleLinePredictor()
    /// True while the scratch layout carries per-text break attributes that the next text must replace.
    private var scratchHasBreakAttributes = false
    /// Layouts made while measuring, kept until the painter draws the same text with the same setting: a text that
    /// wraps is shaped and broken into lines once instead of once for planning and again for drawing. At most
    /// `plannedLimit` (by default `plannedCapacity`) wait at a time (the painter follows the planner, but a long report is planned whole before
    /// it is painted); texts measured beyond that are laid out again when drawn.
    private var planned: [TextKey: OpaquePointer] = [:]
    static let plannedCapacity = 4096
    private let plannedLimit: Int
    private let upFrontLimit: Int
    /// The layout of the box drawn in slices (split across pages): one layout for all its slices.
    private var sliced: (key: TextKey, layout: OpaquePointer)?
    /// A planned layout taken for the last draw, released at the next one.
    private var drawnPlanned: OpaquePointer?
    /// The words found broken in a text with its setting, so that laying it out again (to draw it) takes one pass.
    private var protections: [TextKey: [Range<Int>]] = [:]
    private var baselines: [Double?] = Array(repeating: nil, count: TextStyle.allCases.count)

    /// `predictSingleLines: false` makes every measurement go through Pango (the fallback after a misprediction).
    /// `plannedLayouts`: how many measured layouts may wait for drawing (tests lower it; the PDF is the same).
    /// `upFrontBudget`: a text whose protected pieces times UTF-8 bytes stay within it has its words protected before the
    /// first layout (tests set 0, the search after each layout alone; the PDF is the same).
    init(
        cairo: OpaquePointer, predictSingleLines: Bool = true, plannedLayouts: Int = TextEngine.plannedCapacity,
        upFrontBudget: Int = TextEngine.upFrontBudget
    ) throws {
        FontSetup.prepareDefaultFontMap()
        guard let context = pango_cairo_create_context(cairo) else {
            let status = cairo_status(cairo)
            throw PDFRenderError(kind: .cairo(status: Int32(status.rawValue)), call: "pango_cairo_create_context",
                                 message: String(cString: cairo_status_to_string(status)))
        }
        self.cairo = cairo
        self.context = context
        plannedLimit = plannedLayouts
        upFrontLimit = upFrontBudget
        // Points must be points: Pango's default of 96 dpi would set text 4/3 too large.
        pango_cairo_context_set_resolution(context, FontSetup.resolution)
        // Pango rounds glyph positions to whole device units by default; at 72 dpi that is whole points,
        // which makes letter spacing visibly uneven in a vector PDF.
        pango_context_set_round_glyph_positions(context, 0)
        // Cells are left-to-right boxes; right-to-left runs are still reordered inside the line by the bidi algorithm.
        pango_context_set_base_dir(context, PANGO_DIRECTION_LTR)
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        pango_cairo_context_set_font_options(context, options)
        cairo_font_options_destroy(options)

        fonts = TextStyle.allCases.map { pango_font_description_from_string($0.fontDescription) }
        // A word broken inside keeps its own characters: an inserted hyphen would change a host name or a URL.
        plainAttributes = pango_attr_list_new()
        pango_attr_list_insert(plainAttributes, pango_attr_insert_hyphens_new(0))
        underlineAttributes = pango_attr_list_copy(plainAttributes)
        pango_attr_list_insert(underlineAttributes, pango_attr_underline_new(PANGO_UNDERLINE_SINGLE))
        fontAttributes = fonts.map { font in
            let list = pango_attr_list_new()!
            pango_attr_list_insert(list, pango_attr_font_desc_new(font))
            return list
        }
        scratch = pango_layout_new(context)
        configure(scratch, nil, TextSetting(style: .body, width: 100))
        scratchSetting = TextSetting(style: .body, width: 100)
        predictor = predictSingleLines ? SingleLinePredictor() : nil
    }

    deinit {
        forgetKeptLayouts()
        releaseDrawnPlanned()
        releaseSliced()
        for layout in planned.values { CPangoCairo_object_unref(UnsafeMutableRawPointer(layout)) }
        CPangoCairo_object_unref(UnsafeMutableRawPointer(scratch))
        pango_attr_list_unref(underlineAttributes)
        pango_attr_list_unref(plainAttributes)
        fontAttributes.forEach { pango_attr_list_unref($0) }
        fonts.forEach { pango_font_description_free($0) }
        CPangoCairo_object_unref(UnsafeMutableRawPointer(context))
    }

    /// Lays `text` out and returns its logical extents.
    func measure(_ text: String, _ setting: TextSetting) -> TextExtents {
        let key = TextKey(text: text, setting: setting)
        if let kept = kept[key] { return kept.extents }
        if let known = recent[key]?.extents {
            recent[key]?.uses += 1
            return known
        }
        guard planned.count < plannedLimit, planned[key] == nil, let layout = pango_layout_new(context) else {
            let extents = extents(of: layScratch(text, setting))
            remember(key, extents)
            return extents
        }
        configure(layout, nil, setting)
        setText(layout, text, setting, replacingBreaks: false)
        let extents = extents(of: layout)
        planned[key] = layout
        remember(key, extents)
        return extents
    }

    /// Height and line count of `text`: predicted for a string that clearly fits on one line, measured otherwise.
    func fit(_ text: String, _ setting: TextSetting) -> TextFit {
        if predictor != nil, let height = predictor?.singleLineHeight(text, setting, measure: measureUnwrapped) {
            return TextFit(height: height, lineCount: 1, baseline: baseline(of: setting.style), predicted: true)
        }
        return TextFit(measure(text, setting))
    }

    /// The width of `text` set on one line without wrapping: predicted from character advances, measured by Pango
    /// for scripts the prediction cannot vouch for.
    func naturalWidth(_ text: Substring, _ style: TextStyle) -> Double {
        guard !text.isEmpty else { return 0 }
        if let width = widthPredictor.width(text, style, measure: measureUnwrapped) { return width }
        return measureUnwrapped(String(text), style).width
    }

    /// The widest word and the longest line of `text` as `naturalWidth` measures them, in one pass when every
    /// character is predictable; otherwise word by word and line by line.
    func widestWordAndLongestLine(_ text: String, _ style: TextStyle) -> (word: Double, line: Double) {
        if let widths = widthPredictor.widestWordAndLongestLine(text, style, measure: measureUnwrapped) { return widths }
        let word = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).reduce(0) { max($0, naturalWidth($1, style)) }
        let line = text.split(separator: "\n").reduce(0) { max($0, naturalWidth($1, style)) }
        return (word, line)
    }

    /// Width and height of `string` laid out on one line without wrapping.
    private func measureUnwrapped(_ string: String, _ style: TextStyle) -> (width: Double, height: Double) {
        let extents = extents(of: layScratch(string, TextSetting(style: style, width: 100_000)))
        return (extents.width, extents.height)
    }

    /// Distance from the top of a line to its baseline for `style` in its primary font, in points.
    func baseline(of style: TextStyle) -> Double {
        if let known = baselines[style.rawValue] { return known }
        let baseline = points(pango_layout_get_baseline(layScratch("x", TextSetting(style: style, width: 100_000))))
        baselines[style.rawValue] = baseline
        return baseline
    }

    /// Lays `text` out and returns the extent of each line, for splitting a box across pages.
    /// A text measured before (it is too tall for the page, so it was) still has its layout from measuring: no new one.
    func lines(_ text: String, _ setting: TextSetting) -> [LineExtent] {
        let key = TextKey(text: text, setting: setting)
        var result: [LineExtent] = []
        forEachLine(of: planned[key] ?? kept[key]?.layout ?? layScratch(text, setting)) { iterator in
            var top: Int32 = 0
            var bottom: Int32 = 0
            pango_layout_iter_get_line_yrange(iterator, &top, &bottom)
            result.append(LineExtent(top: points(top), bottom: points(bottom)))
        }
        return result
    }

    /// Draws `text` with its layout's top-left corner at (x, y) and returns its logical extents.
    @discardableResult
    func draw(_ text: String, _ setting: TextSetting, x: Double, y: Double, color: RGB) -> TextExtents {
        let (layout, extents) = layout(for: TextKey(text: text, setting: setting))
        cairo_set_source_rgb(cairo, color.red, color.green, color.blue)
        cairo_move_to(cairo, x, y)
        pango_cairo_show_layout(cairo, layout)
        return extents
    }

    /// Draws a string the planner predicted to fit on one line; false if it did not after all.
    /// A string seen once or twice skips the layout (line breaking, extents) and is shaped and shown directly;
    /// one that recurs gets a kept layout like any other.
    func drawPredicted(_ text: String, _ setting: TextSetting, x: Double, y: Double, color: RGB) -> Bool {
        let key = TextKey(text: text, setting: setting)
        let uses = (recent[key]?.uses ?? 0) + 1
        guard kept[key] == nil, uses < 3, setting.alignment == .leading, !setting.underline, !setting.singleLine else {
            return draw(text, setting, x: x, y: y, color: color).lineCount == 1
        }
        remember(key, recent[key]?.extents, uses: uses)
        cairo_set_source_rgb(cairo, color.red, color.green, color.blue)
        return drawShaped(text, style: setting.style, maximumWidth: setting.width, x: x, y: y)
    }

    /// Itemizes, shapes and shows `text` as one line with its top-left corner at (x, y), placing runs and the
    /// baseline exactly as a Pango layout would. Shows nothing and returns false if it is wider than `maximumWidth`.
    private func drawShaped(_ text: String, style: TextStyle, maximumWidth: Double, x: Double, y: Double) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars -> Bool in
                guard let start = chars.baseAddress else { return true }
                let length = Int32(chars.count)
                let items = pango_itemize_with_base_dir(context, PANGO_DIRECTION_LTR, start, 0, length,
                                                        fontAttributes[style.rawValue], nil)
                var runs: [(item: UnsafeMutablePointer<PangoItem>, glyphs: UnsafeMutablePointer<PangoGlyphString>)] = []
                defer {
                    for run in runs {
                        pango_glyph_string_free(run.glyphs)
                    }
                    var node = items
                    while let current = node {
                        pango_item_free(current.pointee.data.assumingMemoryBound(to: PangoItem.self))
                        node = current.pointee.next
                    }
                    g_list_free(items)
                }
                var ascent: Int32 = 0
                var width: Int32 = 0
                var node = items
                while let current = node {
                    let item = current.pointee.data.assumingMemoryBound(to: PangoItem.self)
                    let glyphs = pango_glyph_string_new()!
                    runs.append((item, glyphs))
                    pango_shape_item(item, start, length, nil, glyphs, PANGO_SHAPE_NONE)
                    var logical = PangoRectangle()
                    pango_glyph_string_extents(glyphs, item.pointee.analysis.font, nil, &logical)
                    ascent = max(ascent, -logical.y)
                    width += logical.width
                    node = current.pointee.next
                }
                guard points(width) <= maximumWidth else { return false }
                // The run offset and the baseline go into the glyph offsets rather than the current point:
                // cairo rounds the current point to 1/256, and a layout adds them after that rounding too.
                var offset: Int32 = 0
                for run in runs {
                    let count = Int(run.glyphs.pointee.num_glyphs)
                    for index in 0..<count {
                        run.glyphs.pointee.glyphs[index].geometry.x_offset += offset
                        run.glyphs.pointee.glyphs[index].geometry.y_offset += ascent
                    }
                    offset += pango_glyph_string_get_width(run.glyphs)
                    cairo_move_to(cairo, x, y)
                    var glyphItem = PangoGlyphItem(item: run.item, glyphs: run.glyphs, y_offset: 0, start_x_offset: 0, end_x_offset: 0)
                    pango_cairo_show_glyph_item(cairo, start, &glyphItem)
                }
                return true
            }
        }
    }

    /// Draws only the lines in `range`, shifted up by `offset` so that the first of them starts at y.
    func drawLines(_ text: String, _ setting: TextSetting, range: Range<Int>, offset: Double, x: Double, y: Double, color: RGB) {
        cairo_set_source_rgb(cairo, color.red, color.green, color.blue)
        var index = 0
        forEachLine(of: slicedLayout(for: TextKey(text: text, setting: setting))) { iterator in
            defer { index += 1 }
            guard range.contains(index) else { return }
            var logical = PangoRectangle()
            pango_layout_iter_get_line_extents(iterator, nil, &logical)
            let baseline = points(pango_layout_iter_get_baseline(iterator))
            cairo_move_to(cairo, x + points(logical.x), y + baseline - offset)
            pango_cairo_show_layout_line(cairo, pango_layout_iter_get_line_readonly(iterator))
        }
    }

    // MARK: Layouts

    /// A laid-out text for drawing: a kept layout for a string seen repeatedly, otherwise the scratch layout.
    private func layout(for key: TextKey) -> (OpaquePointer, TextExtents) {
        releaseDrawnPlanned()
        if let kept = kept[key] { return (kept.layout, kept.extents) }
        let uses = (recent[key]?.uses ?? 0) + 1
        if let layout = planned.removeValue(forKey: key) {
            let extents = recent[key]?.extents ?? extents(of: layout)
            if uses >= 3 {
                if kept.count >= Self.keptCapacity { forgetKeptLayouts() }
                kept[key] = Kept(layout: layout, extents: extents)
                recent[key] = nil
            } else {
                drawnPlanned = layout
                remember(key, extents, uses: uses)
            }
            return (layout, extents)
        }
        // A string measured and drawn once has 2 uses; a third means it recurs and is worth keeping.
        guard uses >= 3, let layout = pango_layout_new(context) else {
            let layout = layScratch(key.text, key.setting)
            let extents = recent[key]?.extents ?? extents(of: layout)
            remember(key, extents, uses: uses)
            return (layout, extents)
        }
        if kept.count >= Self.keptCapacity { forgetKeptLayouts() }
        configure(layout, nil, key.setting)
        setText(layout, key.text, key.setting, replacingBreaks: false)
        let entry = Kept(layout: layout, extents: extents(of: layout))
        kept[key] = entry
        recent[key] = nil
        return (layout, entry.extents)
    }

    /// The layout for drawing a slice of `key`: the one of the previous slice, else the layout made when measuring,
    /// else a new one; it is released when another box is sliced. A box taller than a page has hundreds of lines, and
    /// laying it out again for every slice cost more than all the report's other text.
    private func slicedLayout(for key: TextKey) -> OpaquePointer {
        if let sliced, sliced.key == key { return sliced.layout }
        releaseSliced()
        if let layout = planned.removeValue(forKey: key) {
            sliced = (key, layout)
            return layout
        }
        guard let layout = pango_layout_new(context) else { return layScratch(key.text, key.setting) }
        configure(layout, nil, key.setting)
        setText(layout, key.text, key.setting, replacingBreaks: false)
        sliced = (key, layout)
        return layout
    }

    private func releaseSliced() {
        if let sliced { CPangoCairo_object_unref(UnsafeMutableRawPointer(sliced.layout)) }
        sliced = nil
    }

    private func releaseDrawnPlanned() {
        if let layout = drawnPlanned { CPangoCairo_object_unref(UnsafeMutableRawPointer(layout)) }
        drawnPlanned = nil
    }

    private func remember(_ key: TextKey, _ extents: TextExtents?, uses: Int = 1) {
        if recent.count >= Self.recentCapacity { recent.removeAll(keepingCapacity: true) }
        recent[key] = Recent(extents: extents, uses: uses)
    }

    private func forgetKeptLayouts() {
        for entry in kept.values { CPangoCairo_object_unref(UnsafeMutableRawPointer(entry.layout)) }
        kept.removeAll(keepingCapacity: true)
    }

    private func layScratch(_ text: String, _ setting: TextSetting) -> OpaquePointer {
        let settingChanged = scratchSetting?.underline != setting.underline
        configure(scratch, scratchSetting, setting)
        scratchSetting = setting
        scratchHasBreakAttributes = setText(scratch, text, setting, replacingBreaks: scratchHasBreakAttributes && !settingChanged)
        return scratch
    }

    /// Sets the text and, when Pango broke a line inside a word (after a hyphen, or between characters of a token wider
    /// than the box), forbids breaks inside the pieces of the words it broke and lays the text out again, a few rounds
    /// at most, so that words break only as `BreakOpportunities` allows; returns whether it set break attributes.
    /// Only the words Pango actually broke get attributes: Pango's break pass costs the number of attributes times
    /// the length of the text for every paragraph, which made a 700-line cell take seconds when every word had them.
    /// `replacingBreaks`: the layout still carries an earlier text's attributes.
    @discardableResult
    private func setText(_ layout: OpaquePointer, _ text: String, _ setting: TextSetting, replacingBreaks: Bool) -> Bool {
        let base = setting.underline ? underlineAttributes : plainAttributes
        if replacingBreaks { pango_layout_set_attributes(layout, base) }
        // Lines of a cell are joined with LINE SEPARATOR rather than newlines: one paragraph for Pango, whose break
        // pass runs once per paragraph over every attribute. Text extraction gives a newline for it, as before.
        let key = TextKey(text: text, setting: setting)
        let text = text.utf8.contains(0x0A) ? Self.lineFeedsAsLineSeparators(text) : text
        if let known = protections[key] {
            // Laid out before (measured, now drawn): set the words found then at once instead of searching again.
            pango_layout_set_text(layout, text, -1)
            if !known.isEmpty { protect(layout, known, base) }
            return !known.isEmpty
        }
        pango_layout_set_text(layout, text, -1)
        let bytes = Array(text.utf8)
        var protected: [Range<Int>] = []
        var tokens = Set<Int>()
        if bytes.count <= upFrontLimit {
            // The pieces of every word are protected before the first layout when that is cheap: most texts that wrap
            // have a host or object name Pango would break after a hyphen, and finding that out took a layout per round.
            var index = 0
            while index < bytes.count {
                if BreakOpportunities.isSpace(bytes, index) {
                    index += 1
                    continue
                }
                let token = BreakOpportunities.token(at: index, in: bytes)
                let pieces = BreakOpportunities.pieces(of: token, in: bytes)
                if !pieces.isEmpty {
                    tokens.insert(token.lowerBound)
                    protected += pieces
                }
                index = token.upperBound
            }
            if protected.count * bytes.count > upFrontLimit {
                protected = []
                tokens = []
            } else if !protected.isEmpty {
                protect(layout, protected, base)
            }
        }
        var starts = lineStartsInsideWords(layout, text)
        for _ in 0..<Self.breakRounds where !starts.isEmpty {
            let fresh = starts.map { BreakOpportunities.token(at: $0, in: bytes) }.filter { tokens.insert($0.lowerBound).inserted }
            let pieces = fresh.flatMap { BreakOpportunities.pieces(of: $0, in: bytes) }
            guard !pieces.isEmpty else { break }
            protected += pieces
            protect(layout, protected, base)
            starts = lineStartsInsideWords(layout, text)
        }
        if protections.count >= Self.recentCapacity { protections.removeAll(keepingCapacity: true) }
        protections[key] = protected
        return !protected.isEmpty
    }

    /// `text` with every line feed replaced by LINE SEPARATOR (E2 80 A8), byte by byte.
    private static func lineFeedsAsLineSeparators(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            if byte == 0x0A {
                bytes += [0xE2, 0x80, 0xA8]
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Sets `base` plus "no break inside" on each range.
    private func protect(_ layout: OpaquePointer, _ ranges: [Range<Int>], _ base: OpaquePointer) {
        guard let list = pango_attr_list_copy(base) else { return }
        for range in ranges {
            let attribute = pango_attr_allow_breaks_new(0)!
            attribute.pointee.start_index = UInt32(range.lowerBound)
            attribute.pointee.end_index = UInt32(range.upperBound)
            pango_attr_list_insert(list, attribute)
        }
        pango_layout_set_attributes(layout, list)
        pango_attr_list_unref(list)
    }

    /// Bound on protected pieces times UTF-8 bytes for protecting every word of a text before its first layout. Pango's
    /// break pass costs the number of protections times the length of the text, so a long cell with many names keeps
    /// the search after each layout (a 700-line cell protected word by word took seconds).
    static let upFrontBudget = 100_000

    /// Rounds of protecting broken words; each round only adds words that the previous layout broke.
    private static let breakRounds = 6

    /// Byte offsets of the lines that start right after a character that is not a space.
    private func lineStartsInsideWords(_ layout: OpaquePointer, _ text: String) -> [Int] {
        guard pango_layout_get_line_count(layout) > 1 else { return [] }
        var starts: [Int] = []
        let bytes = Array(text.utf8)
        var first = true
        forEachLine(of: layout) { iterator in
            defer { first = false }
            guard !first, let line = pango_layout_iter_get_line_readonly(iterator) else { return }
            let start = Int(line.pointee.start_index)
            if start > 0, start <= bytes.count, !BreakOpportunities.isSpace(bytes, start - 1) { starts.append(start) }
        }
        return starts
    }

    /// Applies the parts of `setting` that differ from `previous` (nil: a fresh layout).
    private func configure(_ layout: OpaquePointer, _ previous: TextSetting?, _ setting: TextSetting) {
        if previous == nil {
            pango_layout_set_auto_dir(layout, 0)
            // WORD_CHAR: break between words, and inside a word only when it alone is wider than the box.
            pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        }
        if previous?.style != setting.style {
            pango_layout_set_font_description(layout, fonts[setting.style.rawValue])
        }
        if previous?.width != setting.width {
            pango_layout_set_width(layout, CPangoCairo_units_from_points(setting.width))
        }
        if previous?.alignment != setting.alignment {
            pango_layout_set_alignment(layout, Self.pangoAlignment(setting.alignment))
        }
        if previous?.underline != setting.underline || previous == nil {
            pango_layout_set_attributes(layout, setting.underline ? underlineAttributes : plainAttributes)
        }
        if previous?.singleLine != setting.singleLine {
            pango_layout_set_ellipsize(layout, setting.singleLine ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE)
            pango_layout_set_single_paragraph_mode(layout, setting.singleLine ? 1 : 0)
        }
    }

    private func extents(of layout: OpaquePointer) -> TextExtents {
        var logical = PangoRectangle()
        pango_layout_get_extents(layout, nil, &logical)
        return TextExtents(
            x: points(logical.x), width: points(logical.width), height: points(logical.height),
            lineCount: Int(pango_layout_get_line_count(layout)),
            baseline: points(pango_layout_get_baseline(layout))
        )
    }

    private func forEachLine(of layout: OpaquePointer, _ body: (OpaquePointer) -> Void) {
        guard let iterator = pango_layout_get_iter(layout) else { return }
        defer { pango_layout_iter_free(iterator) }
        repeat { body(iterator) } while pango_layout_iter_next_line(iterator) != 0
    }

    private func points(_ units: Int32) -> Double { CPangoCairo_points_from_units(units) }

    private static func pangoAlignment(_ alignment: ColumnAlignment) -> PangoAlignment {
        switch alignment {
        case .leading: PANGO_ALIGN_LEFT
        case .center: PANGO_ALIGN_CENTER
        case .trailing: PANGO_ALIGN_RIGHT
        }
    }
}

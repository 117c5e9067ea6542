import CPangoCairo
import Foundation

/// Pass two: draws planned pages onto the PDF surface, adding the running header, the footer with
/// "Page N of M", links and outline entries.
struct PlanPainter {
    let cairo: OpaquePointer
    let surface: OpaquePointer
    let text: TextEngine
    let frame: PageFrame
    let document: ReportDocument

    /// Paints the pages; returns false when a predicted single line turned out to wrap, in which case the
    /// caller renders again without prediction (the output so far has the wrong row heights).
    func paint(_ pages: [PagePlan]) -> Bool {
        var predictionsHeld = true
        var outline = OutlineBuilder(surface: surface, left: frame.left)
        for (index, page) in pages.enumerated() {
            paintFills(page.backgrounds)
            paintFills(page.overlays)
            paintRules(page.rules + chromeRules(page: index + 1))
            // Running header, body, footer: the content stream keeps reading order for extraction and screen readers.
            paintRunningHeader(page: index + 1)
            for op in page.texts where !paintText(op) {
                predictionsHeld = false
            }
            paintFooter(page: index + 1, of: pages.count)
            for bookmark in page.bookmarks {
                outline.add(bookmark.title, level: bookmark.level, page: index + 1, y: bookmark.y)
            }
            cairo_show_page(cairo)
        }
        return predictionsHeld
    }

    private var footerTop: Double { frame.bottom + 16 }
    private var headerRuleY: Double { frame.top - 12 }

    private func chromeRules(page: Int) -> [PagePlan.Rule] {
        let colour = ReportTheme.Colour.rule
        var rules = [PagePlan.Rule(from: frame.left, to: frame.right, y: footerTop, thickness: 0.5, colour: colour)]
        if page > 1 {
            rules.append(PagePlan.Rule(from: frame.left, to: frame.right, y: headerRuleY, thickness: 0.5, colour: colour))
        }
        return rules
    }

    /// Product and title above the content of every page but the first (which has the title block).
    private func paintRunningHeader(page: Int) {
        guard page > 1 else { return }
        let running = document.productName.isEmpty ? document.title : "\(document.productName)  ·  \(document.title)"
        text.draw(running, TextSetting(style: .pageHeader, width: frame.width, singleLine: true),
                  x: frame.left, y: frame.top - 26, color: ReportTheme.Colour.faint)
    }

    /// The document's footer text on the left, "Page N of M" on the right.
    private func paintFooter(page: Int, of count: Int) {
        let colour = ReportTheme.Colour.secondary
        let pageLabelWidth = 90.0
        text.draw(document.footerLeft, TextSetting(style: .footer, width: frame.width - pageLabelWidth - 12, singleLine: true),
                  x: frame.left, y: footerTop + 4, color: colour)
        text.draw("Page \(page) of \(count)",
                  TextSetting(style: .footer, width: pageLabelWidth, alignment: .trailing, singleLine: true),
                  x: frame.right - pageLabelWidth, y: footerTop + 4, color: colour)
    }

    /// Draws one text; false if it was predicted to fit on one line and did not.
    private func paintText(_ op: TextOp) -> Bool {
        if let slice = op.slice {
            text.drawLines(op.text, op.setting, range: slice.lines, offset: slice.offset, x: op.x, y: op.y, color: op.color)
            if let link = op.link {
                // A split box links the whole slice; measuring it again is rare enough not to matter.
                let extents = text.measure(op.text, op.setting)
                addLink(link, Rect(x: op.x + extents.x, y: op.y, width: extents.width, height: slice.height(in: extents)))
            }
            return true
        }
        if op.predicted, op.link == nil {
            return text.drawPredicted(op.text, op.setting, x: op.x, y: op.y, color: op.color)
        }
        let extents = text.draw(op.text, op.setting, x: op.x, y: op.y, color: op.color)
        if let link = op.link {
            addLink(link, Rect(x: op.x + extents.x, y: op.y, width: extents.width, height: extents.height))
        }
        return !op.predicted || extents.lineCount == 1
    }

    private func addLink(_ url: URL, _ rect: Rect) {
        let attributes = "rect=[\(Self.number(rect.x)) \(Self.number(rect.y)) \(Self.number(rect.width)) \(Self.number(rect.height))] "
            + "uri='\(LinkAttributes.escapedURI(url))'"
        CPangoCairo_tag_begin_link(cairo, attributes)
        CPangoCairo_tag_end_link(cairo)
    }

    /// Fills rectangles grouped by colour, so the colour is set once per group, and one cairo fill per rectangle:
    /// cairo writes a lone rectangle as `x y w h re` (4 numbers), a path of many as `m l l l h` (8 numbers and 5
    /// operators each), and printing numbers is the largest single cost of cairo's PDF output (#14).
    private func paintFills(_ fills: [PagePlan.Fill]) {
        for (colour, group) in Self.grouped(fills, by: \.colour) {
            cairo_set_source_rgb(cairo, colour.red, colour.green, colour.blue)
            for fill in group {
                addRectangle(fill.rect, radius: fill.cornerRadius)
                cairo_fill(cairo)
            }
        }
    }

    private func addRectangle(_ rect: Rect, radius: Double) {
        guard radius > 0 else {
            cairo_rectangle(cairo, rect.x, rect.y, rect.width, rect.height)
            return
        }
        let r = min(radius, rect.height / 2, rect.width / 2)
        cairo_new_sub_path(cairo)
        cairo_arc(cairo, rect.x + rect.width - r, rect.y + r, r, -.pi / 2, 0)
        cairo_arc(cairo, rect.x + rect.width - r, rect.y + rect.height - r, r, 0, .pi / 2)
        cairo_arc(cairo, rect.x + r, rect.y + rect.height - r, r, .pi / 2, .pi)
        cairo_arc(cairo, rect.x + r, rect.y + r, r, .pi, 3 * .pi / 2)
        cairo_close_path(cairo)
    }

    /// Strokes horizontal rules, one cairo stroke per colour and thickness.
    private func paintRules(_ rules: [PagePlan.Rule]) {
        for (style, group) in Self.grouped(rules, by: { RuleStyle(colour: $0.colour, thickness: $0.thickness) }) {
            cairo_set_source_rgb(cairo, style.colour.red, style.colour.green, style.colour.blue)
            cairo_set_line_width(cairo, style.thickness)
            for rule in group {
                cairo_move_to(cairo, rule.from, rule.y)
                cairo_line_to(cairo, rule.to, rule.y)
            }
            cairo_stroke(cairo)
        }
    }

    private struct RuleStyle: Equatable {
        var colour: RGB
        var thickness: Double
    }

    /// Groups items by key, keeping keys in order of first appearance (so output stays deterministic).
    private static func grouped<Item, Key: Equatable>(_ items: [Item], by key: (Item) -> Key) -> [(Key, [Item])] {
        var groups: [(Key, [Item])] = []
        for item in items {
            let itemKey = key(item)
            if let index = groups.firstIndex(where: { $0.0 == itemKey }) {
                groups[index].1.append(item)
            } else {
                groups.append((itemKey, [item]))
            }
        }
        return groups
    }

    /// Fixed-point text for cairo attribute strings, independent of the locale.
    static func number(_ value: Double) -> String {
        String(format: "%.2f", locale: nil, value)
    }
}

private extension LineSlice {
    /// Approximate height of the slice: its share of the lines of the whole box.
    func height(in extents: TextExtents) -> Double {
        guard extents.lineCount > 0 else { return 0 }
        return extents.height * Double(lines.count) / Double(extents.lineCount)
    }
}

/// Adds PDF outline entries: level 1 at the root, level 2 under the latest level 1.
struct OutlineBuilder {
    let surface: OpaquePointer
    let left: Double
    private var currentTop = Int32(CAIRO_PDF_OUTLINE_ROOT)

    init(surface: OpaquePointer, left: Double) {
        self.surface = surface
        self.left = left
    }

    mutating func add(_ title: String, level: Int, page: Int, y: Double) {
        let destination = "page=\(page) pos=[\(PlanPainter.number(left)) \(PlanPainter.number(y))]"
        if level == 1 {
            currentTop = cairo_pdf_surface_add_outline(surface, Int32(CAIRO_PDF_OUTLINE_ROOT), title, destination,
                                                       CAIRO_PDF_OUTLINE_FLAG_OPEN)
        } else {
            _ = cairo_pdf_surface_add_outline(surface, currentTop, title, destination, cairo_pdf_outline_flags_t(0))
        }
    }
}

/// Builds the attribute strings of cairo link tags.
enum LinkAttributes {
    /// The URI as it goes between single quotes in a cairo tag attribute. cairo 1.16 copies the URI into the
    /// PDF string `( ... )` without escaping, so parentheses, backslashes and quotes are percent-encoded
    /// (an equivalent URI) rather than trusted to either escaping layer; so is anything outside printable ASCII.
    static func escapedURI(_ url: URL) -> String {
        var result = ""
        for byte in url.absoluteString.utf8 {
            switch byte {
            case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""),
                 0...0x20, 0x7F...0xFF:
                result += String(format: "%%%02X", byte)
            default:
                result.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return result
    }
}

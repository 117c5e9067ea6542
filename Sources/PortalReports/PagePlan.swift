import Foundation

/// The printable area of a page, inside the margins.
struct PageFrame {
    let paper: PaperSize

    var left: Double { ReportTheme.margin }
    var right: Double { paper.width - ReportTheme.margin }
    var top: Double { ReportTheme.margin }
    var bottom: Double { paper.height - ReportTheme.margin }
    var width: Double { right - left }
    var height: Double { bottom - top }
}

/// An axis-aligned rectangle in page coordinates (points, origin top-left).
struct Rect {
    var x: Double
    var y: Double
    var width: Double
    var height: Double
}

/// Part of a laid-out text: the lines in `lines`, whose first line starts `offset` points below the layout top.
struct LineSlice {
    var lines: Range<Int>
    var offset: Double
}

/// A string to set at a position; the painter lays it out again, so the plan holds no Pango objects.
struct TextOp {
    var text: String
    var setting: TextSetting
    var color: RGB
    var x: Double
    var y: Double
    var slice: LineSlice?
    var link: URL?
    /// The planner predicted one line without Pango; the painter checks that it was right.
    var predicted = false
}

/// Fills are painted in two layers: backgrounds (panels, stripes) under overlays (badges, bars).
enum FillLayer {
    case background
    case overlay
}

/// One drawing step of a page.
enum DrawOp {
    case text(TextOp)
    case fill(Rect, RGB, cornerRadius: Double = 0, layer: FillLayer = .background)
    case rule(from: Double, to: Double, y: Double, thickness: Double, RGB)
    /// A PDF outline entry pointing at `y` on this page.
    case bookmark(title: String, level: Int, y: Double)
}

/// The drawing steps of one page, sorted into the order they are painted: background fills, overlay fills,
/// rules, then text. Within a layer nothing overlaps, so the painter can batch steps of one colour into a
/// single cairo operation. The running header and footer are not here: they need the page count.
struct PagePlan {
    struct Fill {
        var rect: Rect
        var colour: RGB
        var cornerRadius: Double
    }

    struct Rule {
        var from: Double
        var to: Double
        var y: Double
        var thickness: Double
        var colour: RGB
    }

    struct Bookmark {
        var title: String
        var level: Int
        var y: Double
    }

    private(set) var backgrounds: [Fill] = []
    private(set) var overlays: [Fill] = []
    private(set) var rules: [Rule] = []
    private(set) var texts: [TextOp] = []
    private(set) var bookmarks: [Bookmark] = []

    mutating func add(_ op: DrawOp) {
        switch op {
        case .text(let text):
            texts.append(text)
        case .fill(let rect, let colour, let radius, .background):
            backgrounds.append(Fill(rect: rect, colour: colour, cornerRadius: radius))
        case .fill(let rect, let colour, let radius, .overlay):
            overlays.append(Fill(rect: rect, colour: colour, cornerRadius: radius))
        case .rule(let from, let to, let y, let thickness, let colour):
            rules.append(Rule(from: from, to: to, y: y, thickness: thickness, colour: colour))
        case .bookmark(let title, let level, let y):
            bookmarks.append(Bookmark(title: title, level: level, y: y))
        }
    }

    mutating func add(contentsOf ops: [DrawOp]) {
        ops.forEach { add($0) }
    }
}

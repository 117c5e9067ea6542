/// An sRGB colour with components in 0...1.
struct RGB: Equatable {
    let red: Double
    let green: Double
    let blue: Double

    init(hex: UInt32) {
        red = Double((hex >> 16) & 0xFF) / 255
        green = Double((hex >> 8) & 0xFF) / 255
        blue = Double(hex & 0xFF) / 255
    }
}

/// The fonts used in a report; each maps to one Pango font description.
enum TextStyle: Int, CaseIterable {
    case brand, title, subtitle
    case heading1, heading2, heading3
    case body
    case fieldLabel, fieldValue
    case tableHeader, tableCell, tableCellBold
    case note
    case pageHeader, footer

    /// Pango font description string; "DejaVu Sans" first, fontconfig falls back per glyph (CJK, ...).
    var fontDescription: String {
        switch self {
        case .brand: "DejaVu Sans Bold 9"
        case .title: "DejaVu Sans Bold 20"
        case .subtitle: "DejaVu Sans 11"
        case .heading1: "DejaVu Sans Bold 13"
        case .heading2: "DejaVu Sans Bold 10.5"
        case .heading3: "DejaVu Sans Bold 9.5"
        case .body: "DejaVu Sans 9"
        case .fieldLabel: "DejaVu Sans 8"
        case .fieldValue: "DejaVu Sans 9"
        case .tableHeader, .tableCellBold: "DejaVu Sans Bold 7.5"
        case .tableCell: "DejaVu Sans 7.5"
        case .note: "DejaVu Sans 8.5"
        case .pageHeader, .footer: "DejaVu Sans 7"
        }
    }
}

/// Colours and measures of the report look; one place to change the house style.
enum ReportTheme {
    /// 18 mm.
    static let margin = 18 * 72 / 25.4

    enum Colour {
        static let ink = RGB(hex: 0x1B2430)
        static let body = RGB(hex: 0x2A3442)
        static let secondary = RGB(hex: 0x5B6675)
        static let faint = RGB(hex: 0x8A94A3)
        static let accent = RGB(hex: 0x1F5F9E)
        static let link = RGB(hex: 0x1F5FBF)
        static let rule = RGB(hex: 0xD9DEE5)
        static let strongRule = RGB(hex: 0x98A4B3)
        static let panel = RGB(hex: 0xF3F5F8)
        static let tableHeader = RGB(hex: 0xE4E9EF)
        static let zebra = RGB(hex: 0xF7F9FB)
    }

    /// Text colour of a table cell tone.
    static func text(for tone: CellTone) -> RGB {
        switch tone {
        case .normal: Colour.body
        case .danger: RGB(hex: 0xB42318)
        case .warning: RGB(hex: 0xA64B00)
        case .caution: RGB(hex: 0x7A6200)
        case .muted: RGB(hex: 0x7D8795)
        }
    }

    /// Background tint of a table cell tone; nil keeps the row's own background.
    static func fill(for tone: CellTone) -> RGB? {
        switch tone {
        case .danger: RGB(hex: 0xFDE8E6)
        case .warning: RGB(hex: 0xFDEFD9)
        case .caution: RGB(hex: 0xFBF5C8)
        case .normal, .muted: nil
        }
    }

    static func noteBar(for tone: NoteTone) -> RGB {
        switch tone {
        case .info: RGB(hex: 0x2F6FB3)
        case .warning: RGB(hex: 0xC77C02)
        }
    }

    static func noteFill(for tone: NoteTone) -> RGB {
        switch tone {
        case .info: RGB(hex: 0xEDF3FA)
        case .warning: RGB(hex: 0xFDF4E3)
        }
    }

    enum Table {
        static let paddingX = 4.5
        static let paddingY = 3.0
        static let rowRule = 0.35
        static let headerRule = 0.8
        static let spaceAfter = 12.0
    }

    enum Spacing {
        static let paragraphAfter = 6.0
        static let fieldsRowGap = 3.0
        static let fieldsColumnGap = 12.0
        static let noteAfter = 10.0
        static let notePadding = 7.0
        static let spacer = 11.0
    }
}

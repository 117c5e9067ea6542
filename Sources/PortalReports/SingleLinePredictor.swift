/// Tells, without shaping, that a string certainly fits on one line: the sum of its characters' advances
/// (each measured once with Pango, per style) is below the width by a safety margin. Kerning and ligatures
/// move the real width by far less than the margin. Characters it cannot vouch for (combining marks,
/// right-to-left and CJK scripts, controls, anything from a fallback font) send the string to Pango.
/// Skipping Pango in the planning pass halves the shaping work of a long table.
struct SingleLinePredictor {
    /// Scalars below this index live in a flat table per style; the few predictable ones above in a dictionary.
    private static let tableSize = 0x530
    /// Share of the width kept free for kerning, plus a fixed part in points.
    private static let relativeMargin = 0.03
    private static let absoluteMargin = 0.5

    /// Advance widths by style and scalar: `unknown` until measured, `unpredictable` for characters only Pango
    /// can place. One flat table keeps the per-character loop free of nested array copies.
    private static let unknown = -1.0
    private static let unpredictable = -2.0
    private var advances: [Double]
    private var others: [UInt32: Double] = [:]
    private var lineHeights: [Double?]

    init() {
        advances = Array(repeating: Self.unknown, count: Self.tableSize * TextStyle.allCases.count)
        lineHeights = Array(repeating: nil, count: TextStyle.allCases.count)
    }

    /// The height of `text` as a single line, or nil when only Pango can tell.
    /// `measure` lays out one string without wrapping and returns its width and height.
    mutating func singleLineHeight(
        _ text: String, _ setting: TextSetting, measure: (String, TextStyle) -> (width: Double, height: Double)
    ) -> Double? {
        guard !setting.singleLine, !text.isEmpty else { return nil }
        let lineHeight = lineHeight(setting.style, measure)
        let limit = (setting.width - Self.absoluteMargin) / (1 + Self.relativeMargin)
        return advanceSum(text, setting.style, lineHeight: lineHeight, limit: limit, measure: measure).map { _ in lineHeight }
    }

    /// The width of `text` on one line with the safety margin added, or nil when only Pango can tell.
    mutating func width(_ text: Substring, _ style: TextStyle, measure: (String, TextStyle) -> (width: Double, height: Double)) -> Double? {
        advanceSum(text, style, lineHeight: lineHeight(style, measure), limit: .infinity, measure: measure)
            .map { $0 * (1 + Self.relativeMargin) + Self.absoluteMargin }
    }

    private mutating func lineHeight(_ style: TextStyle, _ measure: (String, TextStyle) -> (width: Double, height: Double)) -> Double {
        if let known = lineHeights[style.rawValue] { return known }
        let height = measure("x", style).height
        lineHeights[style.rawValue] = height
        return height
    }

    /// The sum of the characters' advances, or nil when a character is unpredictable or the sum passes `limit`.
    private mutating func advanceSum<Text: StringProtocol>(
        _ text: Text, _ textStyle: TextStyle, lineHeight: Double, limit: Double,
        measure: (String, TextStyle) -> (width: Double, height: Double)
    ) -> Double? {
        var total = 0.0
        let base = textStyle.rawValue * Self.tableSize
        for scalar in text.unicodeScalars {
            var advance = scalar.value < Self.tableSize ? advances[base &+ Int(scalar.value)] : Self.unknown
            if advance < 0 {
                guard let learned = self.advance(of: scalar, textStyle, lineHeight: lineHeight, measure: measure) else { return nil }
                advance = learned
            }
            total += advance
            if total > limit { return nil }
        }
        return total
    }

    /// The widest word (between spaces and line feeds) and the longest line of `text`, each as `width` would give it,
    /// in one pass over the characters; nil when a character is not predictable (a tab, a combining mark, CJK, ...),
    /// and then the caller measures word by word. Each sum adds the same advances in the same order as `width`
    /// does for that word or line alone, so the results are the same to the last bit.
    mutating func widestWordAndLongestLine(
        _ text: String, _ style: TextStyle, measure: (String, TextStyle) -> (width: Double, height: Double)
    ) -> (word: Double, line: Double)? {
        let lineHeight = lineHeight(style, measure)
        var widest = 0.0, longest = 0.0, word = 0.0, line = 0.0
        var inWord = false, inLine = false
        func widened(_ sum: Double) -> Double { sum * (1 + Self.relativeMargin) + Self.absoluteMargin }
        let base = style.rawValue * Self.tableSize
        for scalar in text.unicodeScalars {
            let isLineFeed = scalar.value == 0x0A
            if !isLineFeed {
                var advance = scalar.value < Self.tableSize ? advances[base &+ Int(scalar.value)] : Self.unknown
                if advance < 0 {
                    guard let learned = self.advance(of: scalar, style, lineHeight: lineHeight, measure: measure) else { return nil }
                    advance = learned
                }
                line += advance
                inLine = true
                if scalar.value != 0x20 {
                    word += advance
                    inWord = true
                    continue
                }
            } else if inLine {
                longest = max(longest, widened(line))
                line = 0
                inLine = false
            }
            if inWord {
                widest = max(widest, widened(word))
                word = 0
                inWord = false
            }
        }
        if inWord { widest = max(widest, widened(word)) }
        if inLine { longest = max(longest, widened(line)) }
        return (widest, longest)
    }

    /// One character's advance in `textStyle`, learned from Pango the first time; nil when it is unpredictable.
    /// The loops above read the flat table themselves and come here only for what it does not hold yet (negative).
    private mutating func advance(
        of scalar: Unicode.Scalar, _ textStyle: TextStyle, lineHeight: Double,
        measure: (String, TextStyle) -> (width: Double, height: Double)
    ) -> Double? {
        let style = textStyle.rawValue
        let value = scalar.value
        let slot = style * Self.tableSize + Int(value)
        var advance = value < Self.tableSize ? advances[slot] : others[value &<< 5 | UInt32(style)] ?? Self.unknown
        if advance == Self.unknown {
            advance = Self.isPredictable(value) ? Self.learn(scalar, textStyle, lineHeight, measure) : Self.unpredictable
            if value < Self.tableSize {
                advances[slot] = advance
            } else {
                others[value &<< 5 | UInt32(style)] = advance
            }
        }
        return advance == Self.unpredictable ? nil : advance
    }

    private static func learn(
        _ scalar: Unicode.Scalar, _ style: TextStyle, _ lineHeight: Double, _ measure: (String, TextStyle) -> (width: Double, height: Double)
    ) -> Double {
        let size = measure(String(Character(scalar)), style)
        // A different line height means a fallback font drew it: its line would be taller.
        return abs(size.height - lineHeight) < 0.001 ? size.width : unpredictable
    }

    /// Left-to-right scripts without combining or contextual shaping, and their punctuation.
    private static func isPredictable(_ value: UInt32) -> Bool {
        switch value {
        case 0x20...0x7E, 0xA0...0xAC, 0xAE...0x24F, 0x370...0x52F, 0x2010...0x2027, 0x2030...0x205E, 0x20A0...0x20BF,
             0x2190...0x21FF:
            true
        default:
            false
        }
    }
}

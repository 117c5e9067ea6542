import Foundation
import PortalCore

/// XML text and attribute writing shared by the timeline SVG and the Atom feed.
enum TimelineXML {
    /// `text` with `& < > " '` escaped and the characters XML 1.0 forbids (most C0 controls, U+FFFE, U+FFFF) dropped,
    /// so user-typed titles can never break the document or inject markup. Safe in text and in quoted attributes.
    static func escape(_ text: String) -> String {
        var out = ""
        appendEscaped(text, to: &out)
        return out
    }

    static func appendEscaped(_ text: String, to out: inout String) {
        // Works on UTF-8 bytes and copies clean runs whole: a 10,000-bar chart escapes about 40,000 strings.
        let utf8 = text.utf8
        var runStart = utf8.startIndex
        var index = runStart
        while index != utf8.endIndex {
            let byte = utf8[index]
            let replacement: String?
            var width = 1
            switch byte {
            case 0x26: replacement = "&amp;"
            case 0x3C: replacement = "&lt;"
            case 0x3E: replacement = "&gt;"
            case 0x22: replacement = "&quot;"
            case 0x27: replacement = "&apos;"
            case 0x09, 0x0A, 0x0D: replacement = nil
            case ..<0x20: replacement = ""
            case 0xEF:
                // U+FFFE and U+FFFF (EF BF BE, EF BF BF) are not XML characters.
                let second = utf8.index(after: index)
                if second != utf8.endIndex, utf8[second] == 0xBF {
                    let third = utf8.index(after: second)
                    if third != utf8.endIndex, utf8[third] == 0xBE || utf8[third] == 0xBF {
                        replacement = ""
                        width = 3
                        break
                    }
                }
                replacement = nil
            default: replacement = nil
            }
            if let replacement {
                out += text[runStart..<index]
                out += replacement
                index = utf8.index(index, offsetBy: width)
                runStart = index
            } else {
                index = utf8.index(after: index)
            }
        }
        if runStart == utf8.startIndex {
            out += text
        } else {
            out += text[runStart..<utf8.endIndex]
        }
    }

    /// An href that cannot run script: relative references and http(s)/mailto URLs pass, anything else becomes "#".
    static func safeHref(_ link: String) -> String {
        var slice = Substring(link)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        if slice.isEmpty { return "#" }
        let trimmed = slice.startIndex == link.startIndex && slice.endIndex == link.endIndex ? link : String(slice)
        // A scheme is letters, digits, "+", "-", "." up to the first ":"; a "/", "?" or "#" before any ":" means none.
        var scheme = ""
        for scalar in trimmed.unicodeScalars {
            switch scalar {
            case ":":
                return ["http", "https", "mailto"].contains(scheme.lowercased()) ? trimmed : "#"
            case "/", "?", "#":
                return trimmed
            default:
                scheme.unicodeScalars.append(scalar)
            }
        }
        return trimmed
    }

    /// A coordinate with at most one decimal ("12", "12.5", "-3.2"), written without Foundation's formatter.
    static func appendNumber(_ value: Double, to out: inout String) {
        let tenths = Int((value * 10).rounded())
        if tenths < 0 { out += "-" }
        let magnitude = abs(tenths)
        out += String(magnitude / 10)
        if magnitude % 10 != 0 {
            out += "."
            out += String(magnitude % 10)
        }
    }

    static func number(_ value: Double) -> String {
        var out = ""
        appendNumber(value, to: &out)
        return out
    }
}

/// The bytes of a page being rendered: compiled templates append into one buffer; `text` escapes, `raw` does not.
struct HTMLWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 16_384) {
        bytes.reserveCapacity(capacity)
    }

    var count: Int { bytes.count }

    /// Template text, written as is.
    mutating func markup(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// A triple mustache (`{{{svg}}}`): markup the view model built and escaped itself.
    mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    mutating func raw(_ text: String?) {
        if let text { raw(text) }
    }

    /// Text from the view model, HTML-escaped: the five characters swift-mustache escaped, the same entities.
    mutating func text(_ text: String) {
        var text = text
        text.withUTF8 { escape($0) }
    }

    mutating func text(_ text: Substring) {
        self.text(String(text))
    }

    mutating func text(_ text: String?) {
        if let text { self.text(text) }
    }

    mutating func text<Number: BinaryInteger>(_ number: Number) {
        bytes.append(contentsOf: String(number).utf8)
    }

    mutating func text(_ number: Double) {
        bytes.append(contentsOf: String(describing: number).utf8)
    }

    mutating func text(_ flag: Bool) {
        markup(flag ? "true" : "false")
    }

    private mutating func escape(_ source: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        for index in 0..<source.count {
            let replacement: StaticString
            switch source[index] {
            case UInt8(ascii: "&"): replacement = "&amp;"
            case UInt8(ascii: "<"): replacement = "&lt;"
            case UInt8(ascii: ">"): replacement = "&gt;"
            case UInt8(ascii: "\""): replacement = "&quot;"
            case UInt8(ascii: "'"): replacement = "&#39;"
            default: continue
            }
            if index > runStart { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart..<index])) }
            replacement.withUTF8Buffer { bytes.append(contentsOf: $0) }
            runStart = index + 1
        }
        if runStart < source.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart...])) }
    }

    /// swift-mustache's indentation of a standalone partial: a token's output that begins a new line of the partial's
    /// own output (which began at `start`) gets the indentation in front.
    mutating func indent(_ indentation: StaticString, at mark: Int, after start: Int) {
        guard bytes.count > mark, mark > start, bytes[mark - 1] == UInt8(ascii: "\n") else { return }
        indentation.withUTF8Buffer { bytes.insert(contentsOf: $0, at: mark) }
    }
}

extension HTMLWriter {
    /// An optional number from a dotted name on an optional value: nothing when absent.
    mutating func text<Number: BinaryInteger>(_ number: Number?) {
        if let number { text(number) }
    }
}

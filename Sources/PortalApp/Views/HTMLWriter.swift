/// The bytes of a page being rendered: compiled templates append into one buffer; `text` escapes, `raw` does not.
struct HTMLWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 16_384) {
        bytes.reserveCapacity(capacity)
    }

    var count: Int { bytes.count }

    // The writes below are called from thousands of places in the generated templates: `@inline(never)` keeps the
    // optimiser from copying Array.append into each of them (release build time; a call costs nothing here).

    /// Template text, written as is.
    @inline(never)
    mutating func markup(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// A triple mustache (`{{{svg}}}`): markup the view model built and escaped itself.
    @inline(never)
    mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    mutating func raw(_ text: String?) {
        if let text { raw(text) }
    }

    /// Text from the view model, HTML-escaped: the five characters swift-mustache escaped, the same entities.
    /// One generic entry point (not an overload set) keeps the generated code cheap to type-check.
    mutating func text<Value: HTMLText>(_ value: Value) {
        value.write(into: &self)
    }

    @inline(never)
    mutating func escaped(_ text: String) {
        var text = text
        text.withUTF8 { escape($0) }
    }

    @inline(never)
    mutating func plain(_ text: String) {
        bytes.append(contentsOf: text.utf8)
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
    @inline(never)
    mutating func indent(_ indentation: StaticString, at mark: Int, after start: Int) {
        guard bytes.count > mark, mark > start, bytes[mark - 1] == UInt8(ascii: "\n") else { return }
        indentation.withUTF8Buffer { bytes.insert(contentsOf: $0, at: mark) }
    }
}

/// A value a compiled template can print with `{{name}}`: text is escaped, numbers and flags are written as mustache
/// wrote them, and nil writes nothing.
protocol HTMLText {
    func write(into writer: inout HTMLWriter)
}

extension String: HTMLText {
    func write(into writer: inout HTMLWriter) { writer.escaped(self) }
}

extension Substring: HTMLText {
    func write(into writer: inout HTMLWriter) { writer.escaped(String(self)) }
}

extension Bool: HTMLText {
    func write(into writer: inout HTMLWriter) { writer.markup(self ? "true" : "false") }
}

extension Double: HTMLText {
    func write(into writer: inout HTMLWriter) { writer.plain(String(describing: self)) }
}

extension Optional: HTMLText where Wrapped: HTMLText {
    func write(into writer: inout HTMLWriter) { self?.write(into: &writer) }
}

/// Integers print their decimal digits.
protocol HTMLInteger: HTMLText, BinaryInteger {}

extension HTMLInteger {
    func write(into writer: inout HTMLWriter) { writer.plain(String(self)) }
}

extension Int: HTMLInteger {}
extension Int8: HTMLInteger {}
extension Int16: HTMLInteger {}
extension Int32: HTMLInteger {}
extension Int64: HTMLInteger {}
extension UInt: HTMLInteger {}
extension UInt8: HTMLInteger {}
extension UInt16: HTMLInteger {}
extension UInt32: HTMLInteger {}
extension UInt64: HTMLInteger {}

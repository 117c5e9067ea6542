/// What a compiled `{{#name}}` iterates over, chosen by the value's type when the generated code compiles:
/// a list gives its elements, an optional or a struct gives itself (a new context), while `Bool` and text decide
/// only whether the section shows, in the context it stands in (`context`). Empty text counts as false.
enum Sections {
    static func items<Context>(_ flag: Bool, _ context: Context) -> Once<Context> { Once(flag ? context : nil) }
    static func items<Context>(_ text: String, _ context: Context) -> Once<Context> { Once(text.isEmpty ? nil : context) }
    static func items<Context>(_ text: String?, _ context: Context) -> Once<Context> { Once(text?.isEmpty == false ? context : nil) }
    static func items<Context, Number: BinaryInteger>(_ number: Number, _ context: Context) -> Once<Context> { Once(context) }
    static func items<Context, Number: BinaryInteger>(_ number: Number?, _ context: Context) -> Once<Context> { Once(number == nil ? nil : context) }
    static func items<Context, Element>(_ list: [Element], _ context: Context) -> [Element] { list }
    static func items<Context, Element>(_ value: Element?, _ context: Context) -> Once<Element> { Once(value) }
    static func items<Context, Element>(_ value: Element, _ context: Context) -> Once<Element> { Once(value) }

    /// Whether `{{^name}}` stays hidden.
    static func truthy(_ flag: Bool) -> Bool { flag }
    static func truthy(_ text: String) -> Bool { !text.isEmpty }
    static func truthy(_ text: String?) -> Bool { text?.isEmpty == false }
    static func truthy<Element>(_ list: [Element]) -> Bool { !list.isEmpty }
    static func truthy<Element>(_ value: Element?) -> Bool { value != nil }
    static func truthy<Element>(_ value: Element) -> Bool { true }
}

/// Zero or one value, as a sequence for a compiled section's `for` loop (no allocation).
struct Once<Element>: Sequence, IteratorProtocol {
    private var value: Element?

    init(_ value: Element?) {
        self.value = value
    }

    mutating func next() -> Element? {
        defer { value = nil }
        return value
    }
}

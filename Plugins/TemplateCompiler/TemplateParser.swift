/// One piece of a parsed template. Whitespace handling (standalone lines, partial indentation, block definitions)
/// follows swift-mustache's parser token for token, so compiled pages are byte-for-byte what the library rendered.
indirect enum TemplateToken {
    case text(String)
    case variable(name: String, escaped: Bool, line: Int)
    case section(name: String, body: [TemplateToken], line: Int)
    case inverted(name: String, body: [TemplateToken], line: Int)
    /// `{{>name}}` or, with `overrides`, `{{<name}}…{{/name}}`; `indentation` is set when the tag stands alone on its line.
    case partial(name: String, indentation: String?, overrides: [String: [TemplateToken]]?, line: Int)
    case blockExpansion(name: String, defaultBody: [TemplateToken], indentation: String)
    case blockDefinition(name: String, body: [TemplateToken])
}

/// A template that does not parse, with the file and line to fix.
struct TemplateError: Error, CustomStringConvertible {
    let file: String
    let line: Int
    let message: String
    var description: String { "\(file):\(line): error: \(message)" }
}

/// A parsed template: its tokens and the view-model type its first comment names (`{{! model: Type }}`), or, for a
/// layout compiled once and shared by the pages that extend it, the protocol its page models meet (`{{! root: P }}`).
struct ParsedTemplate {
    let name: String
    let path: String
    let tokens: [TemplateToken]
    let modelType: String?
    let rootProtocol: String?
}

/// A hand port of swift-mustache's `MustacheTemplate.parse` (Apache-2.0, the Hummingbird authors) to characters in an array.
struct TemplateParser {
    private struct State {
        var sectionName: String?
        var newLine = true
        var isPartialDefinition = false
        var isPartialDefinitionTopLevel = false
        var partialDefinitionIndent: [Character]?

        func withSectionName(_ name: String, newLine: Bool) -> State {
            var s = self
            s.sectionName = name
            s.isPartialDefinitionTopLevel = false
            if !newLine { s.newLine = false }
            return s
        }

        func withInheritancePartial(_ name: String) -> State {
            var s = self
            s.sectionName = name
            s.newLine = true
            s.isPartialDefinition = true
            s.isPartialDefinitionTopLevel = true
            return s
        }
    }

    private let chars: [Character]
    /// The 1-based line of each character, for messages and `#sourceLocation`.
    private let lines: [Int]
    private var position = 0
    private let path: String
    private(set) var modelType: String?
    private(set) var rootProtocol: String?

    init(text: String, path: String) {
        chars = Array(text)
        var lines: [Int] = []
        var n = 1
        for c in chars {
            lines.append(n)
            if c.isNewline { n += 1 }
        }
        self.lines = lines
        self.path = path
    }

    static func parse(name: String, path: String, text: String) throws -> ParsedTemplate {
        var parser = TemplateParser(text: text, path: path)
        let tokens = try parser.parse(State())
        return ParsedTemplate(name: name, path: path, tokens: tokens, modelType: parser.modelType, rootProtocol: parser.rootProtocol)
    }

    private var atEnd: Bool { position >= chars.count }
    private var current: Character { chars[position] }
    private var line: Int { position < lines.count ? lines[position] : (lines.last ?? 1) }

    private func fail(_ message: String) -> TemplateError { TemplateError(file: path, line: line, message: message) }

    @discardableResult
    private mutating func read(while set: Set<Character>) -> [Character] {
        let start = position
        while !atEnd, set.contains(current) { position += 1 }
        return Array(chars[start..<position])
    }

    private mutating func skipWhitespace() {
        while !atEnd, current.isWhitespace { position += 1 }
    }

    private mutating func readString(_ s: String) -> Bool {
        let target = Array(s)
        guard position + target.count <= chars.count, Array(chars[position..<position + target.count]) == target else { return false }
        position += target.count
        return true
    }

    private mutating func parse(_ initial: State) throws -> [TemplateToken] {
        var tokens: [TemplateToken] = []
        var state = initial
        var whiteSpaceBefore: [Character] = []
        while !atEnd {
            if state.newLine {
                let whiteSpace = read(while: [" ", "\t"])
                if state.isPartialDefinition, !state.isPartialDefinitionTopLevel {
                    if let indent = state.partialDefinitionIndent {
                        whiteSpaceBefore = Array(whiteSpace.dropFirst(indent.count))
                    } else {
                        state.partialDefinitionIndent = whiteSpace
                    }
                } else {
                    whiteSpaceBefore = whiteSpace
                }
            }
            let text = readUntilTagOrNewline()
            if !atEnd, current.isNewline {
                tokens.append(.text(String(whiteSpaceBefore + text) + String(current)))
                state.newLine = true
                position += 1
                continue
            }
            if !text.isEmpty {
                tokens.append(.text(String(whiteSpaceBefore + text)))
                whiteSpaceBefore = []
                state.newLine = false
            }
            if atEnd { break }
            let tagLine = line
            var setNewLine = false
            func flushWhitespace() {
                if !whiteSpaceBefore.isEmpty {
                    tokens.append(.text(String(whiteSpaceBefore)))
                    whiteSpaceBefore = []
                }
            }
            switch current {
            case "#", "^":
                let inverted = current == "^"
                position += 1
                let name = try parseName()
                if isStandalone(state) { setNewLine = true } else { flushWhitespace() }
                let body = try parse(state.withSectionName(name, newLine: setNewLine))
                tokens.append(inverted ? .inverted(name: name, body: body, line: tagLine) : .section(name: name, body: body, line: tagLine))
            case "/":
                position += 1
                let name = try parseName()
                guard name == state.sectionName else { throw fail("{{/\(name)}} closes nothing: expected {{/\(state.sectionName ?? "")}}") }
                if !isStandalone(state) { flushWhitespace() }
                return tokens
            case "!":
                position += 1
                let comment = try readUntilClose()
                let trimmed = comment.trimmingSpaces
                if trimmed.hasPrefix("model:") {
                    modelType = String(trimmed.dropFirst("model:".count)).trimmingSpaces
                } else if trimmed.hasPrefix("root:") {
                    rootProtocol = String(trimmed.dropFirst("root:".count)).trimmingSpaces
                }
                setNewLine = isStandalone(state)
            case "{":
                flushWhitespace()
                position += 1
                let name = try parseName(closing: "}}}")
                tokens.append(.variable(name: name, escaped: false, line: tagLine))
            case "&":
                flushWhitespace()
                position += 1
                tokens.append(.variable(name: try parseName(), escaped: false, line: tagLine))
            case ">":
                position += 1
                let name = try parsePartialName()
                if !whiteSpaceBefore.isEmpty { tokens.append(.text(String(whiteSpaceBefore))) }
                if isStandalone(state) {
                    setNewLine = true
                    tokens.append(.partial(name: name, indentation: String(whiteSpaceBefore), overrides: nil, line: tagLine))
                } else {
                    tokens.append(.partial(name: name, indentation: nil, overrides: nil, line: tagLine))
                }
                whiteSpaceBefore = []
            case "<":
                position += 1
                let name = try parsePartialName()
                if !whiteSpaceBefore.isEmpty { tokens.append(.text(String(whiteSpaceBefore))) }
                if isStandalone(state) { setNewLine = true }
                let body = try parse(state.withInheritancePartial(name))
                var overrides: [String: [TemplateToken]] = [:]
                for token in body {
                    switch token {
                    case .blockDefinition(let block, let blockBody): overrides[block] = blockBody
                    case .text: break
                    default: throw TemplateError(file: path, line: tagLine, message: "only {{$blocks}} may stand inside {{<\(name)}}")
                    }
                }
                tokens.append(.partial(name: name, indentation: String(whiteSpaceBefore), overrides: overrides, line: tagLine))
                whiteSpaceBefore = []
            case "$":
                position += 1
                let name = try parseName()
                if state.isPartialDefinitionTopLevel {
                    if isStandalone(state) { setNewLine = true }
                    tokens.append(.blockDefinition(name: name, body: try parse(state.withSectionName(name, newLine: setNewLine))))
                } else {
                    if !whiteSpaceBefore.isEmpty { tokens.append(.text(String(whiteSpaceBefore))) }
                    if isStandalone(state) { setNewLine = true }
                    let body = try parse(state.withSectionName(name, newLine: setNewLine))
                    tokens.append(.blockExpansion(name: name, defaultBody: body, indentation: String(whiteSpaceBefore)))
                    whiteSpaceBefore = []
                }
            case "=", "%":
                throw fail("set-delimiter and pragma tags are not supported by the template compiler")
            default:
                flushWhitespace()
                tokens.append(.variable(name: try parseName(), escaped: true, line: tagLine))
            }
            state.newLine = setNewLine
        }
        if let open = state.sectionName { throw fail("{{#\(open)}} is never closed") }
        return tokens
    }

    /// Text up to the next `{{` (consumed) or newline (not consumed).
    private mutating func readUntilTagOrNewline() -> [Character] {
        var text: [Character] = []
        while !atEnd {
            if current.isNewline { break }
            if current == "{", readString("{{") { break }
            text.append(current)
            position += 1
        }
        return text
    }

    private mutating func readUntilClose() throws -> String {
        var text: [Character] = []
        while !atEnd {
            if readString("}}") { return String(text) }
            text.append(current)
            position += 1
        }
        throw fail("a tag is never closed")
    }

    private static let nameChars = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*")
    private static let partialNameChars = nameChars.union(["/"])

    private mutating func parseName(closing: String = "}}") throws -> String {
        skipWhitespace()
        let name = String(read(while: Self.nameChars))
        skipWhitespace()
        guard readString(closing) else { throw fail("a tag name is not finished (transforms are not supported)") }
        return name
    }

    private mutating func parsePartialName() throws -> String {
        skipWhitespace()
        let name = String(read(while: Self.partialNameChars))
        skipWhitespace()
        guard readString("}}") else { throw fail("a partial name is not finished") }
        return name
    }

    /// swift-mustache's `isStandalone`: the tag began its line and only spaces follow it to the newline (consumed).
    private mutating func isStandalone(_ state: State) -> Bool {
        guard state.newLine else { return false }
        if atEnd { return true }
        var probe = position
        while probe < chars.count, chars[probe] == " " || chars[probe] == "\t" { probe += 1 }
        if probe < chars.count, chars[probe].isNewline {
            position = probe + 1
            return true
        }
        return false
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\n" }.reversed().drop { $0 == " " || $0 == "\n" }.reversed())
    }
}

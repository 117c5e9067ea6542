import Foundation

// Usage: TemplateCompiler <templates folder> <output .swift file>
// Parses every .mustache file below the folder and writes the Swift render functions of the page templates (those
// whose first comment names their view model: `{{! model: HomeController.Model }}`). Errors name the template line.
let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: TemplateCompiler <templates folder> <output.swift>\n".utf8))
    exit(2)
}
let folder = URL(fileURLWithPath: arguments[1]).standardizedFileURL
let output = URL(fileURLWithPath: arguments[2])
do {
    var templates: [String: ParsedTemplate] = [:]
    let enumerator = FileManager.default.enumerator(atPath: folder.path)
    while let relative = enumerator?.nextObject() as? String {
        guard relative.hasSuffix(".mustache") else { continue }
        let path = folder.appendingPathComponent(relative).path
        let name = String(relative.dropLast(".mustache".count))
        templates[name] = try TemplateParser.parse(name: name, path: path, text: try String(contentsOfFile: path, encoding: .utf8))
    }
    var generator = SwiftGenerator(templates: templates)
    let text = try generator.file()
    if (try? String(contentsOf: output, encoding: .utf8)) != text {
        try text.write(to: output, atomically: true, encoding: .utf8)
    }
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}

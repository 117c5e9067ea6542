import Foundation

// Usage: TemplateCompiler <templates folder> <output folder>
// Parses every .mustache file below the folder and writes one Swift file per template (`SwiftGenerator.fileName`)
// plus CompiledTemplates.swift: the render functions of the pages (templates whose first comment names their view
// model: `{{! model: HomeController.Model }}`) and of shared layouts (`{{! root: LayoutRoot }}`). A file is rewritten
// only when its text changed, so an edited template recompiles only its own file. Errors name the template line.
let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: TemplateCompiler <templates folder> <output folder>\n".utf8))
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
    try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
    // Swift allows one path per file basename in a module's #sourceLocation directives (else it warns, millions of
    // times, and the build slows to a crawl). Templates that share a basename (downtimes/form, inventory/form) are
    // named through a link that is unique and still opens the template: <output>/../TemplateLinks/downtimes_form.mustache.
    var locations: [String: String] = [:]
    let byBasename = Dictionary(grouping: templates.values, by: { URL(fileURLWithPath: $0.path).lastPathComponent })
    let links = output.deletingLastPathComponent().appendingPathComponent("TemplateLinks")
    for (_, group) in byBasename where group.count > 1 {
        try FileManager.default.createDirectory(at: links, withIntermediateDirectories: true)
        for template in group {
            let link = links.appendingPathComponent(SwiftGenerator.identifier(template.name) + ".mustache")
            if (try? FileManager.default.destinationOfSymbolicLink(atPath: link.path)) != template.path {
                try? FileManager.default.removeItem(at: link)
                try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: template.path)
            }
            locations[template.path] = link.path
        }
    }
    var generator = SwiftGenerator(templates: templates, locations: locations)
    for (name, text) in try generator.files() {
        let file = output.appendingPathComponent(name)
        if (try? String(contentsOf: file, encoding: .utf8)) != text {
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
    }
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}

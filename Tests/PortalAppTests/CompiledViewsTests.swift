import ForewarnTestSupport
import Foundation
import Testing

/// The templates are compiled into Swift (Plugins/TemplateCompiler): pages render without reflection, escape by
/// default, and a template mistake is a compile error at the template's line.
@Suite("Compiled views")
struct CompiledViewsTests {
    static let templates = repositoryRoot + "/Resources/Templates"

    /// The compiler the build-tool plugin runs, as SwiftPM built it for this test run.
    static func compiler() throws -> String {
        let candidates = [".build/debug/TemplateCompiler-tool", ".build/debug/TemplateCompiler", ".build/release/TemplateCompiler-tool"]
        let found = candidates.map { repositoryRoot + "/" + $0 }.first { FileManager.default.isExecutableFile(atPath: $0) }
        return try #require(found, "the TemplateCompiler tool is built with the package")
    }

    /// Runs the compiler on `files` (template name → text); `output` is every generated file by name.
    static func compile(_ files: [String: String]) throws -> (status: Int32, output: [String: String], errors: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in files {
            let url = folder.appendingPathComponent(name + ".mustache")
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return try run(templates: folder.path, output: folder.appendingPathComponent("out"))
    }

    static func run(templates: String, output: URL) throws -> (status: Int32, output: [String: String], errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try compiler())
        process.arguments = [templates, output.path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        var generated: [String: String] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: output.path)) ?? [] {
            generated[name] = try String(contentsOf: output.appendingPathComponent(name), encoding: .utf8)
        }
        return (process.terminationStatus, generated, errorText)
    }

    @Test func everyPageTemplateNamesItsViewModel() throws {
        let files = try #require(FileManager.default.enumerator(atPath: Self.templates)?.compactMap { $0 as? String }).filter { $0.hasSuffix(".mustache") }
        let texts = try files.map { ($0, try String(contentsOfFile: Self.templates + "/" + $0, encoding: .utf8)) }
        // A partial is a template another one includes ({{>name}} or {{<name}}); every other template is a page.
        let included = Set(texts.flatMap { $0.1.matches(of: /\{\{[><]\s*([a-z\/-]+)\s*\}\}/).map { String($0.1) } })
        let pages = texts.filter { !included.contains(String($0.0.dropLast(".mustache".count))) }
        #expect(pages.count > 40)
        for (file, text) in pages {
            #expect(text.hasPrefix("{{! model: "), "\(file) is a page without a {{! model: Type }} first line, so it is not compiled")
        }
    }

    @Test func aTemplateMistakeNamesTheFileAndLine() throws {
        let result = try Self.compile(["page": "{{! model: Page }}\n<p>\n{{#rows}}\n{{name}}\n{{/row}}\n"])
        #expect(result.status != 0)
        #expect(result.errors.contains("page.mustache:5: error: {{/row}} closes nothing"), "\(result.errors)")
    }

    @Test func namesAreCompiledAtTheirTemplateLineAndTextIsEscapedByDefault() throws {
        let result = try Self.compile([
            "layout": "<title>{{$pagetitle}}{{title}}{{/pagetitle}}</title>\n{{$content}}{{/content}}\n",
            "page": "{{! model: Page }}\n{{<layout}}\n{{$content}}\n<ul>\n{{#rows}}\n  <li>{{name}} {{{svg}}} {{root.title}} {{errors.name}}</li>\n{{/rows}}\n</ul>\n{{/content}}\n{{/layout}}\n",
        ])
        #expect(result.status == 0, "\(result.errors)")
        let code = try #require(result.output["Template_page.swift"])
        #expect(code.contains("extension Page: CompiledView"))
        // Each name is preceded by the template line it came from, so a type error points there.
        #expect(code.contains("#sourceLocation(file: \"") && code.contains("page.mustache\", line: 6)\no.text(c"))
        #expect(code.contains("o.raw(c"), "a triple mustache is not escaped")
        #expect(code.contains("o.text(c0.`title`)"), "root.title reaches the page model")
        #expect(code.contains("Lookup.member(c"), "a dotted name looks up a member or a key")
        #expect(code.contains("layout.mustache\", line: 1)"), "the layout's default block compiles at its own line")
        #expect(!code.contains("Mirror") && !code.contains(" as? "))
    }

    @Test func userTextIsEscapedOnACompiledPage() throws {
        let app = try TestApp.start { $0.clockInterval = 0 }
        defer { app.stop() }
        try app.importFixture()
        let title = #"<b onclick='x()'>"Tom's" & co</b>"#
        let body = """
            {"title":\(String(decoding: try JSONSerialization.data(withJSONObject: title, options: .fragmentsAllowed), as: UTF8.self)),"kind":"planned",
             "targets":[{"kind":"cluster","name":"db-east"}],"starts_at":"2030-01-12T22:00:00","ends_at":"2030-01-13T02:00:00","time_zone":"UTC"}
            """
        #expect(try app.fetch("POST", "/api/v1/downtimes", headers: ["Content-Type": "application/json"], body: Array(body.utf8)).status == 201)
        let page = try app.get("/downtimes/1")
        #expect(page.status == 200)
        #expect(page.text.contains("&lt;b onclick=&#39;x()&#39;&gt;&quot;Tom&#39;s&quot; &amp; co&lt;/b&gt;"))
        #expect(!page.text.contains("<b onclick"))
    }

    @Test func aSharedLayoutIsCompiledOnceAndEachTemplateHasItsOwnFile() throws {
        let result = try Self.compile([
            "layout": "{{! root: LayoutRoot }}\n<title>{{$pagetitle}}{{title}}{{/pagetitle}}</title>\n<nav>{{site.userName}}</nav>\n{{$content}}{{/content}}\n",
            "one": "{{! model: One }}\n{{<layout}}\n{{$content}}\n<p>{{name}}</p>\n{{/content}}\n{{/layout}}\n",
            "two": "{{! model: Two }}\n{{<layout}}\n{{$pagetitle}}Second{{/pagetitle}}\n{{$content}}\n<p>{{count}}</p>\n{{/content}}\n{{/layout}}\n",
        ])
        #expect(result.status == 0, "\(result.errors)")
        #expect(Set(result.output.keys) == ["CompiledTemplates.swift", "Template_layout.swift", "Template_one.swift", "Template_two.swift"])
        let layout = try #require(result.output["Template_layout.swift"])
        let one = try #require(result.output["Template_one.swift"])
        let two = try #require(result.output["Template_two.swift"])
        // The layout's markup is in its own file only; the pages call it with their blocks.
        #expect(layout.contains("static func render_layout(_ c0: any LayoutRoot, _ blocks: any Blocks_layout"))
        #expect(layout.contains("<nav>") && !one.contains("<nav>") && !two.contains("<nav>"))
        #expect(one.contains("CompiledTemplates.render_layout(c0, Blocks_one_1(c0: c0), assets, &o)"))
        #expect(one.contains("extension One: LayoutRoot {}") && two.contains("extension Two: LayoutRoot {}"))
        // A page without its own title block gets the layout's default, compiled against the page's model at the layout's line.
        #expect(one.contains("layout.mustache\", line: 2)\no.text(c0.`title`)"))
        #expect(two.contains("o.markup(\"Second\")") && !two.contains("c0.`title`"))
    }

    @Test func theRealTemplatesCompileTheLayoutOnce() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("compiled-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let result = try Self.run(templates: Self.templates, output: output)
        #expect(result.status == 0, "\(result.errors)")
        let withChrome = result.output.filter { $0.value.contains("Skip to content") }.keys.sorted()
        #expect(withChrome == ["Template_layout.swift"], "the layout is inlined into \(withChrome)")
        #expect(result.output.count > 60)
        for (name, code) in result.output {
            #expect(!code.contains("Mirror") && !code.contains(" as? ") && !code.contains(" as! "), "\(name)")
        }
    }
}

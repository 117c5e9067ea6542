import ForewarnTestSupport
import PortalApp
import Foundation
import PortalCore
import PortalStore
import Testing

/// The HTML change-impact report and its PDF tell the same story: the same sections in the same order, "None" for an
/// empty one, the window once on page 1, people without an address flagged, names that copy out whole.
@Suite("Change-impact report: the page and the PDF match", .serialized)
struct ReportParityTests {
    /// 60 and 50 characters: wider than a table column gets by default, so they only stay whole if columns follow content.
    static let longEmail = "anna.maria.lopez-fernandez.contractor@subsidiary.example.com"
    static let longHost = "srv-ams-very-long-host-name-for-wrapping-tests-001"

    func start(_ configure: @escaping (inout AppConfiguration) -> Void = { _ in }) throws -> TestApp {
        let app = try TestApp.start {
            $0.clockInterval = 0
            configure(&$0)
        }
        try app.importFixture()
        let extra: [(String, String)] = [
            ("servers", "name,region,cluster,environment,description\r\n\(Self.longHost),,db-east,PROD,\r\nsrv-ams-00002,,db-east,PROD,\r\n"),
            ("teams", "name,email\r\nNight shift,\r\n"),
            ("people", "name,email,phone,time_zone,teams\r\nAnna Lopez,\(Self.longEmail),,Europe/Madrid,\r\n"),
            ("assignments", "contact,role,priority,region,cluster,server,service,process,dataset\r\nNight shift,technical contact,secondary,,db-east,,,,\r\n\(Self.longEmail),technical contact,primary,,db-east,,,,\r\n"),
        ]
        for (kind, csv) in extra {
            try app.app.context.store.write { db in _ = try PortalStoreImport.importRows(db, kind: kind, csv: csv) }
        }
        let body = """
            {"title":"Patch db-east","kind":"planned","targets":[{"kind":"cluster","name":"db-east"}],"starts_at":"2027-01-12T22:00:00",
             "ends_at":"2027-01-13T02:00:00","time_zone":"Europe/Paris","change_ticket":"CHG0012345","coordinator":"ana@example.com"}
            """
        #expect(try app.postJSON("/api/v1/downtimes", body).status == 201)
        #expect(try app.fetch("POST", "/api/v1/downtimes/1/announce").status == 200)
        return app
    }

    func savePDF(_ app: TestApp, _ path: String, name: String) throws -> String {
        let response = try app.get(path)
        #expect(response.status == 200, "\(path)")
        #expect(response.header("Content-Type") == "application/pdf", "\(path)")
        let file = temporaryDirectory() + "/" + name
        try Data(response.body).write(to: URL(fileURLWithPath: file))
        return file
    }

    static func htmlHeadings(_ html: String) -> [String] {
        html.matches(of: /<h2>([^<]*)<\/h2>/).map { unescape(String($0.output.1)) }
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
    }

    /// The PDF's level-1 headings, read from its outline (every section heading gets a bookmark).
    static func outline(_ path: String) throws -> [String] {
        let script = "import pypdf,sys\nr=pypdf.PdfReader(sys.argv[1])\nfor i in r.outline:\n  print(i.title) if not isinstance(i,list) else None"
        return try runTool("python3", ["-c", script, path]).split(separator: "\n").map(String.init)
    }

    @Test func thePageAndThePDFHaveTheSameSectionsInTheSameOrder() throws {
        let app = try start()
        defer { app.stop() }
        let html = try app.get("/downtimes/1/report").text
        let headings = Self.htmlHeadings(html)
        #expect(headings.first == "Who will be told", "\(headings)")
        #expect(headings.contains("Servers in the downtime (4)"), "\(headings)")
        #expect(headings.count >= 9, "\(headings)")
        let pdf = try savePDF(app, "/downtimes/1/report.pdf", name: "parity.pdf")
        #expect(try Self.outline(pdf) == headings, "the PDF's headings differ from the page's")
        // And in the extracted text they come in that order, each on its own line.
        let lines = try runTool("pdftotext", ["-layout", pdf, "-"]).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let found = lines.filter { headings.contains($0) }
        #expect(found == headings, "pdftotext headings \(found)")
    }

    @Test func emptySectionsSayNoneAndTheWindowAppearsOnceOnPageOne() throws {
        let app = try start()
        defer { app.stop() }
        let html = try app.get("/downtimes/1/report").text
        let conflicts = try #require(html.range(of: #"<section id="conflicts""#).map { String(html[$0.lowerBound...].prefix(400)) })
        #expect(conflicts.contains(#"<p class="empty">None</p>"#), "\(conflicts)")
        #expect(!html.contains("<tbody></tbody>"), "no empty table")
        let pdf = try savePDF(app, "/downtimes/1/report.pdf", name: "none.pdf")
        let text = try runTool("pdftotext", ["-layout", pdf, "-"])
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let index = try #require(lines.firstIndex(of: "Conflicts and overrides"))
        #expect(lines[index + 1] == "None", "\(lines[index...].prefix(3))")
        // The window: once on page 1 (in the title block), nowhere else in the PDF, and once in the page.
        let window = "Tue 12 Jan 2027 22:00 – Wed 13 Jan 02:00 CET (21:00–01:00 UTC)"
        let pageOne = try runTool("pdftotext", ["-layout", "-f", "1", "-l", "1", pdf, "-"])
        #expect(pageOne.components(separatedBy: window).count == 2, "\(pageOne)")
        #expect(text.components(separatedBy: window).count == 2)
        #expect(!text.contains("When (declared zone)") && !text.contains("Window (UTC)"))
        #expect(html.components(separatedBy: window).count == 2)
    }

    @Test func aTeamWithoutAnAddressIsFlaggedInBoth() throws {
        let app = try start()
        defer { app.stop() }
        let html = try app.get("/downtimes/1/report").text
        let flag = #"<span class="no-address">no address: cannot be told</span>"#
        // In the contact summary and in the notification list.
        #expect(html.components(separatedBy: flag).count == 3, "the flag appears twice")
        #expect(html.contains("1 has no e-mail address and cannot be told."))
        let pdf = try savePDF(app, "/downtimes/1/report.pdf", name: "flag.pdf")
        let text = try runTool("pdftotext", ["-layout", pdf, "-"])
        #expect(text.components(separatedBy: "no address: cannot be told").count == 3, "\(text)")
        let pageOne = try runTool("pdftotext", ["-layout", "-f", "1", "-l", "1", pdf, "-"])
        #expect(pageOne.contains("Who will be told") && pageOne.contains("Night shift (team)") && pageOne.contains("no address: cannot be told"))
        #expect(!pageOne.contains("Summary"), "the contact summary has page 1 to itself")
    }

    @Test func longAddressesAndHostNamesComeOutWhole() throws {
        #expect(Self.longEmail.count == 60)
        #expect(Self.longHost.count == 50)
        let app = try start()
        defer { app.stop() }
        let pdf = try savePDF(app, "/downtimes/1/report.pdf", name: "long.pdf")
        for layout in [true, false] {
            let text = try runTool("pdftotext", (layout ? ["-layout"] : []) + [pdf, "-"])
            for word in [Self.longEmail, Self.longHost, "srv-ams-00002", "db-12", "db-13", "taro@example.jp"] {
                #expect(text.contains(word), "\(word) is not whole in pdftotext\(layout ? " -layout" : "")")
            }
            #expect(!text.contains("\u{AD}") && !text.contains("\u{200B}"), "no soft hyphens or invisible breaks")
        }
    }

    @Test func theOnlineReportLinkNeedsAPublicURL() throws {
        do {
            let app = try start()
            defer { app.stop() }
            let pdf = try savePDF(app, "/downtimes/1/report.pdf", name: "nolink.pdf")
            let bytes = String(decoding: try Data(contentsOf: URL(fileURLWithPath: pdf)), as: UTF8.self)
            #expect(!bytes.contains("/downtimes/1/report"), "no link into the portal without a public URL")
            #expect(!bytes.contains("127.0.0.1"))
            #expect(!(try runTool("pdftotext", [pdf, "-"])).contains("Online report"))
        }
        let app = try start { $0.publicURL = "https://forewarn.example.com" }
        defer { app.stop() }
        // An https public URL makes the session cookie __Host-/Secure, which this plain-http client cannot send: the API's token can.
        let pdf = try savePDF(app, "/api/v1/downtimes/1/report.pdf", name: "link.pdf")
        let text = try runTool("pdftotext", ["-layout", pdf, "-"])
        #expect(text.contains("Online report") && text.contains("https://forewarn.example.com/downtimes/1/report"))
        let bytes = String(decoding: try Data(contentsOf: URL(fileURLWithPath: pdf)), as: UTF8.self)
        #expect(bytes.contains("https://forewarn.example.com/downtimes/1/report"), "a clickable link")
    }

    @Test func everyReportPDFComesInLetterSize() throws {
        let app = try start()
        defer { app.stop() }
        let incident = """
            {"title":"Payroll errors","severity":"major","targets":[{"kind":"service","name":"pg-3"}],"started_at":"2026-01-05T09:30:00","time_zone":"UTC"}
            """
        #expect(try app.postJSON("/api/v1/incidents", incident).status == 201)
        let range = "from=2027-01-01&to=2027-01-31"
        let paths = ["/downtimes/1/report.pdf", "/api/v1/downtimes/1/report.pdf", "/incidents/1/postmortem.pdf", "/api/v1/incidents/1/postmortem.pdf",
                     "/reports/forward-schedule?\(range)&format=pdf", "/reports/owner-digest?contact=ana@example.com&\(range)&format=pdf",
                     "/reports/coordinator-schedule?\(range)&format=pdf", "/reports/sla?from=2026-01-01&to=2026-01-31&format=pdf"]
        for (index, path) in paths.enumerated() {
            let separator = path.contains("?") ? "&" : "?"
            let letter = try runTool("pdfinfo", [try savePDF(app, path + separator + "paper=letter", name: "letter-\(index).pdf")])
            #expect(letter.contains("612 x 792 pts (letter)"), "\(path): \(letter)")
            let a4 = try runTool("pdfinfo", [try savePDF(app, path, name: "a4-\(index).pdf")])
            #expect(a4.contains("(A4)"), "\(path): \(a4)")
            #expect(try app.get(path + separator + "paper=a3").status == 400, "\(path)")
        }
    }
}

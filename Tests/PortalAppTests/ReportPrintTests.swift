import ForewarnTestSupport
import Foundation
import PortalCore
import PortalStore
import Testing

/// Printing the HTML report from a browser gives about as many pages as the generated PDF: the print stylesheet sets
/// full-width tables, the PDF's font sizes and margins, and hides the navigation.
@Suite("Change-impact report: printing the page")
struct ReportPrintTests {
    static func pages(_ path: String) throws -> Int {
        let info = try runTool("pdfinfo", [path])
        return Int(info.split(separator: "\n").first { $0.hasPrefix("Pages:") }?.split(separator: " ").last ?? "") ?? 0
    }

    @Test func printingThePageTakesAtMostAQuarterMorePagesThanThePDF() throws {
        let app = try TestApp.start { $0.clockInterval = 0 }
        defer { app.stop() }
        let inventory = InventoryGenerator(servers: 700, seed: 5).generate()
        try app.app.context.store.write { db in try InventoryLoader.insert(db, inventory) }
        let region = inventory.regions.first { $0.parentID == nil }!.name
        let body = """
            {"title":"Region move","kind":"planned","targets":[{"kind":"region","name":"\(region)"}],"starts_at":"2027-01-12T22:00:00","ends_at":"2027-01-13T02:00:00","time_zone":"UTC"}
            """
        #expect(try app.postJSON("/api/v1/downtimes", body).status == 201)
        let folder = temporaryDirectory()
        let pdf = folder + "/generated.pdf"
        try Data(try app.get("/downtimes/1/report.pdf").body).write(to: URL(fileURLWithPath: pdf))
        // The page as the browser gets it, with its stylesheets fetched from the running portal.
        let base = "http://127.0.0.1:\(app.port)"
        let html = try app.get("/downtimes/1/report").text.replacingOccurrences(of: "href=\"/static/", with: "href=\"\(base)/static/")
        #expect(html.components(separatedBy: "<tr>").count > 300, "a report of a few hundred rows")
        try html.write(toFile: folder + "/report.html", atomically: true, encoding: .utf8)
        let printed = folder + "/printed.pdf"
        try runTool("chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--print-to-pdf=\(printed)",
                                 "file://\(folder)/report.html"])
        let generatedPages = try Self.pages(pdf), printedPages = try Self.pages(printed)
        #expect(generatedPages > 3, "\(generatedPages)")
        #expect(printedPages > 0)
        #expect(Double(printedPages) <= 1.25 * Double(generatedPages), "printed \(printedPages) pages, the PDF has \(generatedPages)")
        let text = try runTool("pdftotext", [printed, "-"])
        #expect(!text.contains("Download PDF") && !text.contains("Back to DT-1"), "no navigation in print")
        #expect(text.contains("Servers in the downtime"))
        let artifacts = repositoryRoot + "/test-artifacts"
        try? FileManager.default.createDirectory(atPath: artifacts, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(atPath: artifacts + "/report-print.pdf")
        try? FileManager.default.copyItem(atPath: printed, toPath: artifacts + "/report-print.pdf")
        try? FileManager.default.removeItem(atPath: artifacts + "/report-generated.pdf")
        try? FileManager.default.copyItem(atPath: pdf, toPath: artifacts + "/report-generated.pdf")
    }
}

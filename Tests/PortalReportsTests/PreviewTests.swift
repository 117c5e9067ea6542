import Foundation
import Testing
import PortalReports

/// Renders pages to PNG in test-artifacts/ for a person to look at (title page, a table page, the
/// benchmark-size table). The test only checks the files exist; the look is judged by eye.
@Suite struct PreviewTests {
    @Test func pagesRenderToPNG() throws {
        let directory = PDFTools.artifactsDirectory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, document) in [("sample", ReportFixtures.sample()), ("large", ReportFixtures.large(rows: 200))] {
            let pdf = directory.appendingPathComponent("\(name).pdf").path
            try PDFRenderer.write(document, to: pdf)
            try PDFTools.run("pdftoppm", ["-png", "-r", "80", "-f", "1", "-l", "3", pdf, directory.appendingPathComponent(name).path])
            for page in 1...3 {
                let png = directory.appendingPathComponent("\(name)-\(page).png").path
                #expect(FileManager.default.fileExists(atPath: png), "\(png)")
            }
        }
    }
}

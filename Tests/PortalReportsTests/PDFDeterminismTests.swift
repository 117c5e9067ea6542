import Foundation
import Testing
@testable import PortalReports

/// The same document gives the same bytes: in memory or on disk, on any thread, with or without prediction.
@Suite struct PDFDeterminismTests {
    let scratch = ScratchDirectory()

    @Test func renderingTwiceGivesIdenticalBytes() throws {
        let first = try PDFRenderer.render(ReportFixtures.sample())
        let second = try PDFRenderer.render(ReportFixtures.sample())
        #expect(first.count > 10_000)
        #expect(first == second)
    }

    @Test func fileAndMemoryOutputsAreIdentical() throws {
        let path = try scratch.render(ReportFixtures.sample())
        let file = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(file == (try PDFRenderer.render(ReportFixtures.sample())))
    }

    @Test func singleLinePredictionDoesNotChangeTheOutput() throws {
        for document in [ReportFixtures.sample(), ReportFixtures.large(rows: 300)] {
            let predicted = PDFOutput()
            try PDFRenderer.render(document, into: predicted, predictSingleLines: true)
            let measured = PDFOutput()
            try PDFRenderer.render(document, into: measured, predictSingleLines: false)
            #expect(predicted.data == measured.data)
        }
    }

    @Test func concurrentRendersAgree() async throws {
        let expected = try PDFRenderer.render(ReportFixtures.sample(rows: 40))
        let results = try await withThrowingTaskGroup(of: Data.self) { group in
            for _ in 0..<4 {
                group.addTask { try PDFRenderer.render(ReportFixtures.sample(rows: 40)) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 4)
        #expect(results.allSatisfy { $0 == expected })
    }
}

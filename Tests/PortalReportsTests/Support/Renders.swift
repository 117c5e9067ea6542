import Foundation
@testable import PortalReports

/// Renders variants of one document into memory.
enum Renders {
    /// The PDF bytes of `document`, rendered once per value with the renderer's test knobs set from it.
    static func of<Value>(
        _ document: ReportDocument, _ values: [Value], _ render: (ReportDocument, PDFOutput, Value) throws -> Void
    ) rethrows -> [Data] {
        try values.map { value in
            let output = PDFOutput()
            try render(document, output, value)
            return output.data
        }
    }
}

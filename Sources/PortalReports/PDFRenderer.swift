import CPangoCairo
import Foundation

/// Renders a `ReportDocument` to PDF with cairo and Pango. The same document always gives the same bytes.
public enum PDFRenderer {
    /// Renders the document into memory.
    public static func render(_ document: ReportDocument) throws -> Data {
        try DocumentValidator.validate(document)
        let output = PDFOutput()
        try render(document, into: output)
        return output.data
    }

    /// Renders the document into the file at `path`, streaming pages as they are drawn. On failure the
    /// file is removed rather than left truncated.
    public static func write(_ document: ReportDocument, to path: String) throws {
        try DocumentValidator.validate(document)
        let output = try PDFOutput(path: path)
        do {
            try render(document, into: output)
            try output.close()
        } catch {
            output.discard()
            throw error
        }
    }

    /// Renders with single-line prediction; in the unlikely case a prediction was wrong, renders again without.
    /// `plannedLayouts` bounds the layouts kept from planning for drawing, `upFrontBudget` the texts whose words are
    /// protected before their first layout (pieces times bytes) (tests vary both; the bytes do not change).
    static func render(
        _ document: ReportDocument, into output: PDFOutput, predictSingleLines: Bool = true,
        plannedLayouts: Int = TextEngine.plannedCapacity, upFrontBudget: Int = TextEngine.upFrontBudget
    ) throws {
        let limits = (plannedLayouts, upFrontBudget)
        let predictionsHeld = try renderOnce(document, into: output, predictSingleLines: predictSingleLines, limits: limits)
        if !predictionsHeld {
            try output.reset()
            _ = try renderOnce(document, into: output, predictSingleLines: false, limits: limits)
        }
    }

    /// One pass of planning and painting; returns false if a single-line prediction proved wrong.
    private static func renderOnce(
        _ document: ReportDocument, into output: PDFOutput, predictSingleLines: Bool, limits: (planned: Int, upFront: Int)
    ) throws -> Bool {
        let frame = PageFrame(paper: document.paper)
        let context = Unmanaged.passUnretained(output).toOpaque()
        guard let surface = cairo_pdf_surface_create_for_stream(PDFOutput.write, context, document.paper.width, document.paper.height)
        else { throw cairoError(CAIRO_STATUS_NO_MEMORY, "cairo_pdf_surface_create_for_stream") }
        defer { cairo_surface_destroy(surface) }
        try check(cairo_surface_status(surface), "cairo_pdf_surface_create_for_stream")
        setMetadata(document, on: surface)

        guard let cairo = cairo_create(surface) else { throw cairoError(CAIRO_STATUS_NO_MEMORY, "cairo_create") }
        defer { cairo_destroy(cairo) }
        let text = try TextEngine(cairo: cairo, predictSingleLines: predictSingleLines, plannedLayouts: limits.planned,
                                  upFrontBudget: limits.upFront)
        let pages = ReportPlanner(text: text, frame: frame).plan(document)
        let predictionsHeld = PlanPainter(cairo: cairo, surface: surface, text: text, frame: frame, document: document).paint(pages)
        try check(cairo_status(cairo), "cairo drawing")
        cairo_surface_finish(surface)
        try output.checkWrites()
        try check(cairo_surface_status(surface), "cairo_surface_finish")
        return predictionsHeld
    }

    private static func setMetadata(_ document: ReportDocument, on surface: OpaquePointer) {
        let metadata = document.metadata
        let date = PDFDate.iso8601(document.creationDate)
        let entries: [(cairo_pdf_metadata_t, String)] = [
            (CAIRO_PDF_METADATA_TITLE, metadata.title),
            (CAIRO_PDF_METADATA_SUBJECT, metadata.subject),
            (CAIRO_PDF_METADATA_AUTHOR, metadata.author),
            (CAIRO_PDF_METADATA_CREATOR, metadata.creator),
            (CAIRO_PDF_METADATA_KEYWORDS, metadata.keywords.joined(separator: ", ")),
            // Without these cairo stamps the wall clock, and two renders would differ.
            (CAIRO_PDF_METADATA_CREATE_DATE, date),
            (CAIRO_PDF_METADATA_MOD_DATE, date),
        ]
        for (key, value) in entries where !value.isEmpty {
            cairo_pdf_surface_set_metadata(surface, key, value)
        }
    }

    private static func check(_ status: cairo_status_t, _ call: String) throws {
        if status != CAIRO_STATUS_SUCCESS { throw cairoError(status, call) }
    }

    private static func cairoError(_ status: cairo_status_t, _ call: String) -> PDFRenderError {
        PDFRenderError(kind: .cairo(status: Int32(status.rawValue)), call: call,
                       message: String(cString: cairo_status_to_string(status)))
    }
}

/// Dates in the form cairo's metadata API expects.
enum PDFDate {
    /// "2027-01-10T09:00:00Z": UTC, whole seconds.
    static func iso8601(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}

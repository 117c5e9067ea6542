import Foundation

/// A complete report: a title page block followed by a flow of blocks, rendered the same way every time.
public struct ReportDocument: Sendable, Equatable {
    /// Product name printed above the title (the "brand line").
    public var productName: String
    public var title: String
    public var subtitle: String
    public var metadata: PDFMetadata
    /// Written as the PDF creation and modification date; comes from the data (e.g. the snapshot time) so that
    /// rendering the same document twice gives the same bytes.
    public var creationDate: Date
    public var paper: PaperSize
    /// Left side of every page footer, e.g. "Snapshot 42 · generated 2027-01-10 09:00 UTC".
    public var footerLeft: String
    /// Key/value rows shown in a box under the title (downtime id, window, ticket link, ...).
    public var titleBlock: [ReportField]
    public var blocks: [ReportBlock]

    /// Creates a document; `metadata` defaults to the title and the product name.
    public init(
        productName: String = "Forewarn",
        title: String,
        subtitle: String = "",
        metadata: PDFMetadata? = nil,
        creationDate: Date,
        paper: PaperSize = .a4,
        footerLeft: String = "",
        titleBlock: [ReportField] = [],
        blocks: [ReportBlock] = []
    ) {
        self.productName = productName
        self.title = title
        self.subtitle = subtitle
        self.metadata = metadata ?? PDFMetadata(title: title, creator: productName)
        self.creationDate = creationDate
        self.paper = paper
        self.footerLeft = footerLeft
        self.titleBlock = titleBlock
        self.blocks = blocks
    }
}

/// The document information dictionary of the PDF.
public struct PDFMetadata: Sendable, Equatable {
    public var title: String
    public var subject: String
    public var author: String
    public var creator: String
    public var keywords: [String]

    /// Creates metadata; keywords are joined with ", " in the PDF.
    public init(title: String, subject: String = "", author: String = "", creator: String = "", keywords: [String] = []) {
        self.title = title
        self.subject = subject
        self.author = author
        self.creator = creator
        self.keywords = keywords
    }
}

/// A page size in PDF points (1/72 inch), portrait.
public enum PaperSize: String, Sendable, Equatable, CaseIterable {
    case a4
    case letter

    /// Width in points.
    public var width: Double {
        switch self {
        case .a4: 595.28
        case .letter: 612
        }
    }

    /// Height in points.
    public var height: Double {
        switch self {
        case .a4: 841.89
        case .letter: 792
        }
    }
}

/// One labelled value, optionally clickable; used by the title block and by `.fields` blocks.
public struct ReportField: Sendable, Equatable {
    public var label: String
    public var value: String
    public var link: URL?

    /// Creates a field; a link makes the value clickable.
    public init(_ label: String, _ value: String, link: URL? = nil) {
        self.label = label
        self.value = value
        self.link = link
    }
}

import Foundation

/// One piece of the report body, laid out top to bottom and flowed across pages.
public enum ReportBlock: Sendable, Equatable {
    /// A section heading. Level 1 gets a PDF bookmark, level 2 a bookmark nested under the previous level 1;
    /// deeper levels get none. A heading is never left alone at the bottom of a page.
    case heading(String, level: Int = 1)
    /// A wrapped paragraph; with a link the whole paragraph is clickable.
    case paragraph(String, link: URL? = nil)
    /// Label/value rows in two aligned columns.
    case fields([ReportField])
    /// A table whose header repeats on every page it continues onto.
    case table(ReportTable)
    /// A boxed remark with a coloured bar.
    case note(String, tone: NoteTone = .info)
    /// Vertical space of one blank line.
    case spacer
    /// Ends the page: what follows starts on a new one (nothing at the top of an empty page).
    case pageBreak
}

/// The colour of a `.note` block.
public enum NoteTone: Sendable, Equatable {
    case info
    case warning
}

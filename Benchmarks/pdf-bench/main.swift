import Foundation
import PortalReports

/// pdf-bench [--rows N] [--paper a4|letter] [--out PATH] [--dump-json PATH]
/// Renders the benchmark report; with --dump-json it writes the rows for the Python renderers instead.
var rowCount = 2000
var paper = PaperSize.a4
var outPath = "pdf-bench.pdf"
var jsonPath: String?
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--rows": rowCount = arguments.next().flatMap(Int.init) ?? rowCount
    case "--paper": paper = arguments.next().flatMap(PaperSize.init(rawValue:)) ?? paper
    case "--out": outPath = arguments.next() ?? outPath
    case "--dump-json": jsonPath = arguments.next()
    default:
        FileHandle.standardError.write(Data("usage: pdf-bench [--rows N] [--paper a4|letter] [--out PATH] [--dump-json PATH]\n".utf8))
        exit(2)
    }
}

let rows = BenchReport.rows(count: rowCount)
let document = BenchReport.document(rows: rows, paper: paper)
do {
    if let jsonPath {
        try BenchReport.json(document, rows: rows).write(to: URL(fileURLWithPath: jsonPath))
    } else {
        try PDFRenderer.write(document, to: outPath)
    }
} catch {
    FileHandle.standardError.write(Data("pdf-bench: \(error)\n".utf8))
    exit(1)
}

import Foundation
import PortalReports

/// Runs the command-line tools the tests check PDFs with (poppler-utils, python3 with pypdf).
enum PDFTools {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs a tool and returns its standard output; throws with its standard error when it fails.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(tool) \(arguments.joined(separator: " ")) exited \(process.terminationStatus): "
                + String(decoding: errorData, as: UTF8.self))
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// `pdftotext -layout` of the whole document or of pages first...last.
    static func text(_ path: String, first: Int? = nil, last: Int? = nil, layout: Bool = true) throws -> String {
        var arguments = layout ? ["-layout"] : ["-raw"]
        if let first { arguments += ["-f", "\(first)"] }
        if let last { arguments += ["-l", "\(last)"] }
        return try run("pdftotext", arguments + [path, "-"])
    }

    /// `pdfinfo` fields by name ("Pages", "Title", ...).
    static func info(_ path: String) throws -> [String: String] {
        var fields: [String: String] = [:]
        for line in try run("pdfinfo", ["-isodates", path]).split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }

    struct Word {
        let text: String
        let xMin, yMin, xMax, yMax: Double
        let page: Int
    }

    /// Words with their boxes from `pdftotext -bbox`.
    static func words(_ path: String) throws -> [Word] {
        let html = try run("pdftotext", ["-bbox", path, "-"])
        var words: [Word] = []
        var page = 0
        for line in html.split(separator: "\n") {
            if line.contains("<page ") { page += 1 }
            guard line.contains("<word ") else { continue }
            func attribute(_ name: String) -> Double {
                guard let range = line.range(of: "\(name)=\"") else { return .nan }
                let rest = line[range.upperBound...]
                return Double(rest[..<rest.firstIndex(of: "\"")!]) ?? .nan
            }
            let text = line.split(separator: ">", maxSplits: 1).last.map { String($0.split(separator: "<").first ?? "") } ?? ""
            words.append(Word(text: text, xMin: attribute("xMin"), yMin: attribute("yMin"), xMax: attribute("xMax"),
                              yMax: attribute("yMax"), page: page))
        }
        return words
    }

    /// Runs a Python snippet with the PDF path as argv[1]; installs pypdf from PyPI first if it is missing.
    static func python(_ script: String, _ path: String) throws -> String {
        if (try? run("python3", ["-c", "import pypdf"])) == nil {
            try run("python3", ["-m", "pip", "install", "--quiet", "pypdf"])
        }
        return try run("python3", ["-c", script, path])
    }

    /// Folder for files a person looks at after a run (PNG previews); kept out of version control.
    static var artifactsDirectory: URL {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent("test-artifacts")
    }
}

/// A temporary folder for one test's PDFs, removed when the test's suite instance goes away.
final class ScratchDirectory: Sendable {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("portal-reports-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// Writes the rendered document into the folder and returns its path.
    func render(_ document: ReportDocument, name: String = "report") throws -> String {
        let path = url.appendingPathComponent("\(name).pdf").path
        try PDFRenderer.write(document, to: path)
        return path
    }
}

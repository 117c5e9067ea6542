import Foundation
import PortalHTTP
import PortalStore

/// CSV import (with a dry-run preview) and export of inventory kinds from the browser.
enum ImportController {
    struct Page {
        struct KindOption {
            let value: String
            let label: String
            let columns: String
            let selected: Bool
        }

        let site: SiteChrome
        let title = "Import inventory from CSV"
        let kinds: [KindOption]
        let hasResult: Bool
        let succeeded: Bool
        let resultMessage: String
        let problems: [ProblemRow]
        let hasProblems: Bool
    }

    struct ProblemRow {
        let line: Int
        let column: String
        let message: String
    }

    /// Rolls a dry run back after it has checked every row.
    struct DryRunFinished: Error { let rows: Int }

    static func page(_ request: Request, kind: String, result: (ok: Bool, message: String, problems: [InventoryCSV.Problem])?) -> Page {
        Page(site: SiteChrome(request),
             kinds: InventorySpecs.all.map { .init(value: $0.kind.rawValue, label: $0.title, columns: $0.csvColumns.joined(separator: ","), selected: $0.kind.rawValue == kind) }
                + [.init(value: "checks", label: "Monitoring checks", columns: CheckCSV.columns.joined(separator: ","), selected: kind == "checks")],
             hasResult: result != nil, succeeded: result?.ok ?? false, resultMessage: result?.message ?? "",
             problems: (result?.problems ?? []).map { ProblemRow(line: $0.line, column: $0.column, message: $0.message) },
             hasProblems: !(result?.problems ?? []).isEmpty)
    }

    @Sendable static func form(_ request: Request, _ context: AppContext) throws -> Response {
        let kind = request.queryValue("kind") ?? "regions"
        return Flash.clear(try context.views.page("inventory/import", page(request, kind: kind, result: nil)), request: request)
    }

    @Sendable static func run(_ request: Request, _ context: AppContext) throws -> Response {
        let form = try request.form()
        let kind = form["kind"] ?? ""
        if kind == "checks" { return try runChecks(request, context, form: form) }
        guard let spec = InventorySpecs.spec(kind) else {
            return try context.views.page("inventory/import", page(request, kind: "regions", result: (false, "Choose what the file contains.", [])), status: 422)
        }
        guard let file = form.file("file"), !file.data.isEmpty else {
            return try context.views.page("inventory/import", page(request, kind: kind, result: (false, "Choose a CSV file to upload.", [])), status: 422)
        }
        let dryRun = form["mode"] != "import"
        do {
            let rows = try context.store.write { db -> Int in
                let rows = try InventoryCSV.importRows(db, spec, bytes: file.data)
                if dryRun { throw DryRunFinished(rows: rows) }
                try AuditLog.record(db, actor: InventoryController.actor(request), action: "import", objectKind: spec.singular, objectID: nil,
                                    objectName: "\(rows) \(spec.kind.rawValue) from \(file.filename)", requestID: request.requestID)
                return rows
            }
            return Flash.redirect(to: "/\(spec.kind.rawValue)", message: "Imported \(rows) \(spec.title.lowercased()) from \(file.filename).")
        } catch let finished as DryRunFinished {
            let message = "Dry run: all \(finished.rows) rows of \(file.filename) are valid. Nothing was written yet; choose Import to write them."
            return try context.views.page("inventory/import", page(request, kind: kind, result: (true, message, [])))
        } catch let error as InventoryCSV.ImportError {
            let message = "\(file.filename) was not imported: \(error.problems.count) problem\(error.problems.count == 1 ? "" : "s"). Nothing was written."
            return try context.views.page("inventory/import", page(request, kind: kind, result: (false, message, error.problems)), status: 422)
        }
    }

    /// The `checks` kind: monitoring checks, validated like the check form.
    static func runChecks(_ request: Request, _ context: AppContext, form: FormData) throws -> Response {
        guard let file = form.file("file"), !file.data.isEmpty else {
            return try context.views.page("inventory/import", page(request, kind: "checks", result: (false, "Choose a CSV file to upload.", [])), status: 422)
        }
        guard let text = String(validating: file.data, as: UTF8.self) else {
            return try context.views.page("inventory/import", page(request, kind: "checks", result: (false, "\(file.filename) is not UTF-8 text.", [])), status: 422)
        }
        do {
            let rows = try CheckCSV.importRows(context.store, text: text, actor: AuditActor(request), dryRun: form["mode"] != "import")
            return Flash.redirect(to: "/monitoring", message: "Imported \(rows) checks from \(file.filename).")
        } catch let finished as DryRunFinished {
            let message = "Dry run: all \(finished.rows) rows of \(file.filename) are valid. Nothing was written yet; choose Import to write them."
            return try context.views.page("inventory/import", page(request, kind: "checks", result: (true, message, [])))
        } catch let error as InventoryCSV.ImportError {
            let message = "\(file.filename) was not imported: \(error.problems.count) problem\(error.problems.count == 1 ? "" : "s"). Nothing was written."
            return try context.views.page("inventory/import", page(request, kind: "checks", result: (false, message, error.problems)), status: 422)
        }
    }

    /// `/checks.csv`: every monitoring check in the import columns.
    @Sendable static func exportChecks(_ request: Request, _ context: AppContext) throws -> Response {
        let text = try context.store.read { try CheckCSV.export($0) }
        return Response(status: 200, headers: [("Content-Type", "text/csv; charset=utf-8"), ("Content-Disposition", "attachment; filename=\"forewarn-checks.csv\"")],
                        body: Array(text.utf8))
    }

    @Sendable static func export(_ request: Request, _ context: AppContext, _ spec: EntitySpec) throws -> Response {
        var text = ""
        try context.store.read { db in try InventoryCSV.export(db, spec) { text += $0 } }
        return Response(status: 200, headers: [("Content-Type", "text/csv; charset=utf-8"),
                                               ("Content-Disposition", "attachment; filename=\"forewarn-\(spec.kind.rawValue).csv\"")],
                        body: Array(text.utf8))
    }
}

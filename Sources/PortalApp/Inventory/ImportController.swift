import Foundation
import PortalCore
import PortalHTTP
import PortalStore

/// CSV import from the browser: a dry run keeps the file on the server, and Import writes exactly what it showed.
/// Also the CSV exports.
enum ImportController {
    @Sendable static func form(_ request: Request, _ context: AppContext) throws -> Response {
        let kind = request.queryValue("kind") ?? "regions"
        return Flash.clear(try context.views.page("inventory/import", ImportPage(request, kind: kind)), request: request)
    }

    /// `step=preview` with a file: a dry run that stages the file; `step=import` with a token: imports the staged file.
    @Sendable static func run(_ request: Request, _ context: AppContext) throws -> Response {
        let form = try request.form()
        if form["step"] == "import" { return try commit(request, context, token: form["token"] ?? "") }
        let kind = form["kind"] ?? ""
        let mode = ImportMode(rawValue: form["mode"] ?? "") ?? .create
        guard let importKind = ImportKind(kind) else {
            return try context.views.page("inventory/import", ImportPage(request, kind: "regions", mode: mode, message: "Choose what the file contains."), status: 422)
        }
        guard let file = form.file("file"), !file.data.isEmpty else {
            return try context.views.page("inventory/import", ImportPage(request, kind: kind, mode: mode, message: "Choose a CSV file to upload."), status: 422)
        }
        guard file.data.count <= StagedImportStore.maxBytes else {
            let message = "\(file.filename) is larger than \(StagedImportStore.maxBytes / 1024 / 1024) MiB; split it, or import it with forewarn import."
            return try context.views.page("inventory/import", ImportPage(request, kind: kind, mode: mode, message: message), status: 413)
        }
        guard let userID = request.identity?.user.id else { throw HTTPError(403, "Sign in to import.") }
        do {
            let (summary, token) = try CSVImport.stage(context.store, kind: importKind, bytes: file.data, mode: mode, filename: file.filename, userID: userID)
            let message = "Dry run of \(file.filename): \(summary.counts(done: false)). Nothing was written yet; Import writes exactly this, without uploading the file again."
            let preview = ImportPage.Preview(token: token, filename: file.filename, kind: importKind, mode: mode, summary: summary)
            return try context.views.page("inventory/import", ImportPage(request, kind: kind, mode: mode, ok: true, message: message, preview: preview))
        } catch let error as InventoryCSV.ImportError {
            let message = "\(file.filename) was not imported: \(Plural.count(error.problems.count, "problem")). Nothing was written."
            return try context.views.page("inventory/import", ImportPage(request, kind: kind, mode: mode, message: message, problems: error.problems), status: 422)
        }
    }

    /// Imports a staged file, or says why not (used, expired, another user's, or the database changed since the dry run).
    static func commit(_ request: Request, _ context: AppContext, token: String) throws -> Response {
        guard let userID = request.identity?.user.id else { throw HTTPError(403, "Sign in to import.") }
        do {
            let done = try CSVImport.commitStaged(context.store, token: token, userID: userID, actor: AuditActor(request))
            return Flash.redirect(to: done.kind.listPath, message: "Imported \(done.filename): \(done.summary.counts(done: true)).")
        } catch let changed as CSVImport.PlanChanged {
            let message = "Nothing was written: the data changed since the dry run, so \(changed.filename) would now do something else. "
                + "This is the dry run again on the current data (\(changed.summary.counts(done: false))); choose Import to write it."
            let preview = ImportPage.Preview(token: token, filename: changed.filename, kind: changed.kind, mode: changed.mode, summary: changed.summary)
            return try context.views.page("inventory/import", ImportPage(request, kind: changed.kind.rawValue, mode: changed.mode, message: message, preview: preview), status: 409)
        } catch let error as InventoryCSV.ImportError {
            let message = "Nothing was written: the data changed since the dry run and the file now has \(Plural.count(error.problems.count, "problem")). "
                + "Correct the file and upload it again."
            return try context.views.page("inventory/import", ImportPage(request, kind: "regions", message: message, problems: error.problems), status: 409)
        } catch let error as StagedImportError {
            let (status, message) = explain(error)
            return try context.views.page("inventory/import", ImportPage(request, kind: "regions", message: message), status: status)
        }
    }

    /// The status and the sentence for a staged file that cannot be imported.
    static func explain(_ error: StagedImportError) -> (Int, String) {
        switch error {
        case .notFound:
            (404, "There is no dry run with this token (files are kept for an hour after their dry run). Upload the file again.")
        case .otherUser:
            (403, "This dry run was made by another user; upload the file yourself to import it.")
        case .used(let at):
            (409, "This file was imported already, at \(Format.minute(at)); it is not imported twice. Upload it again for a new dry run.")
        case .expired(let at):
            (410, "This dry run expired at \(Format.minute(at)) (files are kept for an hour). Upload the file again.")
        case .damaged:
            (422, "The staged file could not be read back. Upload the file again.")
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

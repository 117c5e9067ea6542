import Foundation
import PortalStore

/// CSV import for the browser and `forewarn import`: dry runs, imports with their audit row, and imports of a staged
/// file that write exactly what its dry run showed. Takes values, never a request.
public enum CSVImport {
    /// A staged file whose rows would now do something other than its dry run showed: nothing was written, and the
    /// staged file now carries this new plan, so importing it again writes what `summary` shows.
    struct PlanChanged: Error {
        let kind: ImportKind
        let filename: String
        let mode: ImportMode
        let summary: ImportSummary
    }

    /// A finished import of a staged file.
    struct Imported {
        let kind: ImportKind
        let filename: String
        let mode: ImportMode
        let summary: ImportSummary
    }

    /// Carries a dry run's summary out of the transaction it rolls back.
    private struct RolledBack: Error { let summary: ImportSummary }

    /// Checks every row as an import would, then rolls back; throws `InventoryCSV.ImportError` with every problem.
    static func dryRun(_ store: Store, kind: ImportKind, bytes: [UInt8], mode: ImportMode) throws -> ImportSummary {
        do {
            return try store.write { db -> ImportSummary in throw RolledBack(summary: try rows(db, kind, bytes: bytes, mode: mode)) }
        } catch let done as RolledBack {
            return done.summary
        }
    }

    /// Imports every row or none, in one transaction with its audit row.
    static func commit(_ store: Store, kind: ImportKind, bytes: [UInt8], mode: ImportMode, filename: String, actor: AuditActor) throws -> ImportSummary {
        try store.write { db in
            let summary = try rows(db, kind, bytes: bytes, mode: mode)
            try audit(db, kind, summary, mode: mode, filename: filename, actor: actor)
            return summary
        }
    }

    /// Dry-runs a file and keeps it for `userID`; returns the summary and the token that imports it.
    static func stage(_ store: Store, kind: ImportKind, bytes: [UInt8], mode: ImportMode, filename: String, userID: Int64,
                      now: Date = Date()) throws -> (summary: ImportSummary, token: String) {
        let summary = try dryRun(store, kind: kind, bytes: bytes, mode: mode)
        let token = try store.write { db in
            try StagedImportStore.stage(db, userID: userID, kind: kind.rawValue, mode: mode, filename: filename, content: bytes,
                                        plan: summary.plan, now: now)
        }
        return (summary, token)
    }

    /// Imports the staged file of `token` in one transaction, if `userID` staged it, it is unused and unexpired, and every
    /// row still does what the dry run showed; throws `StagedImportError`, `PlanChanged` or `InventoryCSV.ImportError`.
    static func commitStaged(_ store: Store, token: String, userID: Int64, actor: AuditActor, now: Date = Date()) throws -> Imported {
        do {
            return try store.write { db in
                let staged = try StagedImportStore.claim(db, token: token, userID: userID, now: now)
                guard let kind = ImportKind(staged.kind) else { throw StagedImportError.damaged }
                let summary = try rows(db, kind, bytes: staged.content, mode: staged.mode)
                guard summary.plan == staged.plan else {
                    throw Replan(id: staged.id, changed: PlanChanged(kind: kind, filename: staged.filename, mode: staged.mode, summary: summary))
                }
                try audit(db, kind, summary, mode: staged.mode, filename: staged.filename, actor: actor)
                return Imported(kind: kind, filename: staged.filename, mode: staged.mode, summary: summary)
            }
        } catch let replan as Replan {
            try store.write { db in try StagedImportStore.replan(db, id: replan.id, plan: replan.changed.summary.plan) }
            throw replan.changed
        }
    }

    private struct Replan: Error {
        let id: Int64
        let changed: PlanChanged
    }

    /// `forewarn import`: every kind's name, in import order.
    public static let kindNames = ImportKind.all.map(\.rawValue)

    /// `forewarn import --kind K FILE [--upsert] [--dry-run]`: a dry run or an import by `cli`; nil for an unknown kind.
    public static func commandLine(_ store: Store, kind: String, bytes: [UInt8], mode: ImportMode, dryRun: Bool, filename: String) throws -> ImportSummary? {
        guard let kind = ImportKind(kind) else { return nil }
        if dryRun { return try CSVImport.dryRun(store, kind: kind, bytes: bytes, mode: mode) }
        return try commit(store, kind: kind, bytes: bytes, mode: mode, filename: filename, actor: AuditActor(name: "cli", role: nil, requestID: nil))
    }

    /// Every row of a file inside the caller's transaction.
    static func rows(_ db: Database, _ kind: ImportKind, bytes: [UInt8], mode: ImportMode) throws -> ImportSummary {
        switch kind {
        case .inventory(let spec):
            return try InventoryCSV.importFile(db, spec, bytes: bytes, mode: mode)
        case .checks:
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw InventoryCSV.ImportError(problems: [.init(line: 1, column: "", message: "the file is not UTF-8 text (save it as CSV UTF-8)")])
            }
            return try CheckCSV.importRows(db, text: text, mode: mode)
        }
    }

    static func audit(_ db: Database, _ kind: ImportKind, _ summary: ImportSummary, mode: ImportMode, filename: String, actor: AuditActor) throws {
        try AuditLog.record(db, actor: actor.name, action: "import", objectKind: kind.auditKind, objectID: nil,
                            objectName: "\(kind.rawValue) from \(filename) (\(mode.rawValue)): \(summary.counts(done: true))", requestID: actor.requestID)
    }
}

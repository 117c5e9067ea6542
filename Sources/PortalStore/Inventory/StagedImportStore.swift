import Foundation

/// A CSV file checked by a dry run on `/import`, kept so that "Import" writes exactly what was previewed.
public struct StagedImport: Sendable {
    public let id: Int64
    public let userID: Int64
    /// `servers`, `checks`, …
    public let kind: String
    public let mode: ImportMode
    public let filename: String
    public let content: [UInt8]
    /// `ImportSummary.plan` of the dry run.
    public let plan: String
    public let expiresAt: Date
}

/// Why a staged file cannot be imported.
public enum StagedImportError: Error, Equatable, Sendable {
    /// No staged file has this token (it was never made, or was cleaned up long after it expired).
    case notFound
    /// Another user made the dry run.
    case otherUser
    /// Imported already, at this time.
    case used(Date)
    /// Kept until this time, which has passed.
    case expired(Date)
    /// The stored bytes no longer match their hash.
    case damaged
}

/// `staged_imports`: files between their dry run and their import. Only the token's hash is stored.
public enum StagedImportStore {
    /// How long a dry run's file is kept.
    public static let lifetime: TimeInterval = 3600
    /// The largest file kept (the request body limit is 8 MiB too).
    public static let maxBytes = 8 * 1024 * 1024
    /// Unused files kept per user; staging another drops the oldest.
    public static let maxOpenPerUser = 5

    /// Keeps a checked file and returns the token that imports it.
    public static func stage(_ db: Database, userID: Int64, kind: String, mode: ImportMode, filename: String, content: [UInt8],
                             plan: String, now: Date = Date()) throws -> String {
        precondition(content.count <= maxBytes, "staged file over the limit")
        try db.run("DELETE FROM staged_imports WHERE expires_at < ?", [StoreTime.format(now.addingTimeInterval(-lifetime))])
        try db.run("""
            DELETE FROM staged_imports WHERE user_id = ? AND used_at IS NULL AND id NOT IN
                (SELECT id FROM staged_imports WHERE user_id = ? AND used_at IS NULL ORDER BY id DESC LIMIT ?)
            """, [userID, userID, maxOpenPerUser - 1])
        let token = Secrets.randomToken()
        try db.run("""
            INSERT INTO staged_imports (token_hash, user_id, kind, mode, filename, content, content_hash, plan, created_at, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [Secrets.tokenHash(token), userID, kind, mode.rawValue, String(filename.prefix(255)), SQLValue.blob(content),
                  ImportSummary.digest(content), plan, StoreTime.format(now), StoreTime.format(now.addingTimeInterval(lifetime))])
        return token
    }

    /// The staged file of `token` for `userID`, marked used inside the caller's transaction (a rollback frees it again).
    public static func claim(_ db: Database, token: String, userID: Int64, now: Date = Date()) throws -> StagedImport {
        let rows = try db.query("""
            SELECT id, user_id, kind, mode, filename, content, content_hash, plan, expires_at, used_at
              FROM staged_imports WHERE token_hash = ?
            """, [Secrets.tokenHash(token)])
        guard let row = rows.first, let id = row.int("id"), let owner = row.int("user_id") else { throw StagedImportError.notFound }
        guard owner == userID else { throw StagedImportError.otherUser }
        if let used = row.string("used_at").flatMap(StoreTime.parse) { throw StagedImportError.used(used) }
        let expires = row.string("expires_at").flatMap(StoreTime.parse) ?? now
        guard expires > now else { throw StagedImportError.expired(expires) }
        guard case .blob(let content) = row["content"] else { throw StagedImportError.damaged }
        guard ImportSummary.digest(content) == row.string("content_hash"), let mode = ImportMode(rawValue: row.string("mode") ?? "") else {
            throw StagedImportError.damaged
        }
        try db.run("UPDATE staged_imports SET used_at = ? WHERE id = ?", [StoreTime.format(now), id])
        return StagedImport(id: id, userID: owner, kind: row.string("kind") ?? "", mode: mode, filename: row.string("filename") ?? "",
                            content: content, plan: row.string("plan") ?? "", expiresAt: expires)
    }

    /// Records the plan of a fresh dry run of the same file (the database changed since the first one).
    public static func replan(_ db: Database, id: Int64, plan: String) throws {
        try db.run("UPDATE staged_imports SET plan = ? WHERE id = ?", [plan, id])
    }
}

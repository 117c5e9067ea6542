import Foundation

/// The full-text index of log messages, filled behind the commit.
///
/// A batch of messages commits without touching `log_messages_fts` (the FTS5 index was three quarters of the insert
/// cost); the indexer then adds every row above the high-water mark `log_fts_progress.indexed_through` in its own
/// transactions, moving the mark in the same transaction. A crash loses neither side: after a restart the indexer
/// resumes at the committed mark, so every committed message is indexed exactly once. Rows above the mark are stored
/// but not yet found by a text query. The delete trigger removes only indexed rows from the index.
public enum LogFullTextIndex {
    /// The id through which every message is in the full-text index.
    public static func indexedThrough(_ db: Database) throws -> Int64 {
        if case .integer(let id)? = try db.scalar("SELECT indexed_through FROM log_fts_progress WHERE id = 1") { return id }
        return 0
    }

    /// The id the next inserted message gets: above every stored message and above the mark, so a message inserted
    /// after the newest ones were deleted is not taken for an indexed one (SQLite; PostgreSQL's identity never goes back).
    static func nextID(_ db: Database) throws -> Int64 {
        let sql = "SELECT max(coalesce((SELECT max(id) FROM log_messages), 0), (SELECT indexed_through FROM log_fts_progress WHERE id = 1))"
        if case .integer(let id)? = try db.scalar(sql) { return id + 1 }
        return 1
    }

    /// Indexes the next messages above the mark (at most `limit`) inside the caller's transaction and moves the mark;
    /// returns the ids covered, or nil when every stored message is indexed. PostgreSQL's GIN index is kept by the
    /// database itself: there only the mark moves (the log rules follow it).
    public static func catchUp(_ db: Database, limit: Int = 20_000) throws -> ClosedRange<Int64>? {
        let mark = try indexedThrough(db)
        var newest: Int64?
        try db.forEach("SELECT max(id) FROM (SELECT id FROM log_messages WHERE id > ? ORDER BY id LIMIT ?) AS next_rows", [mark, limit]) {
            newest = $0.optionalInt64(at: 0)
        }
        guard let newest else { return nil }
        if db.dialect == .sqlite {
            try db.run("INSERT INTO log_messages_fts (rowid, message) SELECT id, message FROM log_messages WHERE id > ? AND id <= ?", [mark, newest])
        }
        try db.run("UPDATE log_fts_progress SET indexed_through = ? WHERE id = 1", [newest])
        return (mark + 1)...newest
    }

    /// Indexes every message at or below the mark (a copied database: its mark came with the messages, its index did
    /// not). SQLite only; inside the caller's transaction.
    static func indexThroughMark(_ db: Database) throws {
        guard db.dialect == .sqlite else { return }
        try db.run("INSERT INTO log_messages_fts (rowid, message) SELECT id, message FROM log_messages WHERE id <= (SELECT indexed_through FROM log_fts_progress WHERE id = 1)")
    }

    /// How many stored messages are not yet in the full-text index.
    public static func pending(_ db: Database) throws -> Int {
        if case .integer(let n)? = try db.scalar("SELECT count(*) FROM log_messages WHERE id > (SELECT indexed_through FROM log_fts_progress WHERE id = 1)") {
            return Int(n)
        }
        return 0
    }
}

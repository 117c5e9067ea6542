import Foundation
import PortalStore

/// The admin home page's figures about the database: row counts of the main tables, the newest audit entries and the
/// schema version. On PostgreSQL they are kept per instance until a trigger on one of the counted tables (the audit
/// log among them) announces an insert or delete by any instance (`NOTIFY forewarn_counts`, PostgresMigrations
/// version 27), so a read-heavy load reads them once instead of four round trips and a count of every table per page.
/// Nothing is kept while the listening connection is down. On SQLite they are read in-process every time.
final class DatabaseOverview: @unchecked Sendable {
    struct Figures: Sendable {
        /// Row counts of the tables that exist, by table name.
        let counts: [String: Int64]
        let recentAudit: [AuditEntry]
        let version: Int
    }

    static let channel = "forewarn_counts"
    private let lock = NSLock()
    /// Moves on every notification: figures read under an older generation are not kept.
    private var generation = 0
    private var kept: (generation: Int, figures: Figures)?
    private var listener: PostgresListener?

    /// Listens on PostgreSQL; nothing to do on SQLite.
    func start(store: Store) {
        guard case .postgres(let url) = store.location else { return }
        let listener = PostgresListener(url: url, channels: [Self.channel]) { [weak self] _ in self?.changed() }
        lock.withLock { self.listener = listener }
        listener.start()
    }

    func stop() {
        let listener = lock.withLock { () -> PostgresListener? in
            defer { self.listener = nil; kept = nil }
            return self.listener
        }
        listener?.stop()
    }

    private func changed() {
        lock.withLock {
            generation += 1
            kept = nil
        }
    }

    /// The figures for `tables` (those that exist; names from a fixed list in the code), kept ones when nothing changed
    /// since they were read.
    func figures(_ db: Database, tables: [String], audit: Int) throws -> Figures {
        let (listening, generation, kept) = lock.withLock { (listener?.isListening ?? false, self.generation, self.kept) }
        if listening, let kept, kept.generation == generation { return kept.figures }
        let existing = try DatabaseStats.tableNames(db)
        let shown = tables.filter(existing.contains)
        let counts = Dictionary(uniqueKeysWithValues: zip(shown, try DatabaseStats.rowCounts(db, tables: shown)))
        let figures = Figures(counts: counts, recentAudit: try AuditLog.recent(db, limit: audit), version: try db.userVersion)
        if listening {
            lock.withLock { if self.generation == generation { self.kept = (generation, figures) } }
        }
        return figures
    }
}

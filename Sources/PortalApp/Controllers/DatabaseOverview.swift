import Foundation
import PortalStore

/// The admin home page's figures about the database: row counts of the main tables and the schema version.
/// On PostgreSQL they are counted in one statement and kept per instance until a trigger on one of the counted tables
/// announces an insert or delete by any instance (`NOTIFY forewarn_counts`, PostgresMigrations version 25), so a
/// read-heavy load reads them once, not 13 round trips per page. Nothing is kept while the listening connection is
/// down. On SQLite the figures are read in-process every time, as before.
final class DatabaseOverview: @unchecked Sendable {
    struct Figures: Sendable {
        let counts: [String: Int64]
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

    /// The figures for `tables` (those that exist), kept ones when nothing changed since they were read.
    func figures(_ db: Database, tables: [String]) throws -> Figures {
        let (listening, generation, kept) = lock.withLock { (listener?.isListening ?? false, self.generation, self.kept) }
        if listening, let kept, kept.generation == generation { return kept.figures }
        let figures = Figures(counts: try DatabaseStats.rowCounts(db, tables: tables), version: try db.userVersion)
        if listening {
            lock.withLock { if self.generation == generation { self.kept = (generation, figures) } }
        }
        return figures
    }
}

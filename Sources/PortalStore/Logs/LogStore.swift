import CSQLite
import Foundation
import PortalCore

/// Log messages: batched inserts with their version and per-minute roll-ups, searches, the per-minute histogram, purges.
/// The full-text index is filled behind the commit (`LogFullTextIndex`).
public enum LogStore {
    static let insertSQL = """
        INSERT INTO log_messages (id, at, level, stage, product_id, version, host, module, line, message, fields_json)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    static let insertDefaultIDSQL = """
        INSERT INTO log_messages (at, level, stage, product_id, version, host, module, line, message, fields_json)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// Inserts messages inside the caller's transaction and keeps `log_versions` and the per-minute counts up to date.
    /// Returns the last row id; the batch's ids are consecutive. The messages are not in the full-text index yet
    /// (`LogFullTextIndex.catchUp` adds them).
    @discardableResult
    public static func insert(_ db: Database, _ batch: [LogInsert]) throws -> Int64 {
        // SQLite: ids chosen above the full-text mark (a plain rowid could reuse the ids of deleted newest messages).
        var nextID: Int64? = db.dialect == .sqlite ? try LogFullTextIndex.nextID(db) : nil
        let statement = try db.prepare(nextID == nil ? insertDefaultIDSQL : insertSQL)
        struct VersionKey: Hashable { let product: Int64; let stage: String; let version: String }
        var versions: [VersionKey: (first: String, last: String)] = [:]
        var minutes: [LogMinuteKey: Int] = [:]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for item in batch {
            let m = item.message
            let at = LogTimestamp.string(from: m.time)
            var fields: SQLValue = .null
            if !m.fields.isEmpty, let data = try? encoder.encode(m.fields) { fields = .text(String(decoding: data, as: UTF8.self)) }
            let id: [SQLValue] = nextID.map { [.integer($0)] } ?? []
            nextID = nextID.map { $0 + 1 }
            try statement.bind(id + [.text(at), .integer(Int64(m.level.rawValue)), item.stage.map { .text($0.rawValue) } ?? .null,
                                item.productID.map { .integer($0) } ?? .null, .text(m.version), .text(m.host), .text(m.module),
                                m.line.map { .integer(Int64($0)) } ?? .null, .text(m.message), fields])
            defer { statement.reset() }
            while try statement.step() {}
            minutes[LogMinuteKey(minute: String(at.prefix(16)), stage: item.stage?.rawValue ?? "", product: item.productID ?? 0,
                                 level: m.level.rawValue), default: 0] += 1
            if let product = item.productID, !m.version.isEmpty {
                let key = VersionKey(product: product, stage: item.stage?.rawValue ?? "", version: m.version)
                if let seen = versions[key] {
                    versions[key] = (min(seen.first, at), max(seen.last, at))
                } else {
                    versions[key] = (at, at)
                }
            }
        }
        for (key, seen) in versions {
            try db.run("""
                INSERT INTO log_versions (product_id, stage, version, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (product_id, stage, version) DO UPDATE SET
                    first_seen = min(log_versions.first_seen, excluded.first_seen), last_seen = max(log_versions.last_seen, excluded.last_seen)
                """, [key.product, key.stage, key.version, seen.first, seen.last])
        }
        let last = db.lastInsertRowID
        try LogMinuteCounts.add(db, minutes)
        return last
    }

    static let recordColumns = """
        m.id, m.at, m.level, m.stage, p.name, p.service_id, s.name, m.version, m.host, m.module, m.line, m.message, m.fields_json
        """

    static func record(_ s: Statement) -> LogRecord {
        LogRecord(id: s.int64(at: 0), at: s.string(at: 1) ?? "", level: LogLevel(rawValue: Int(s.int64(at: 2))) ?? .info,
                  stage: s.string(at: 3).flatMap(Environment.init(rawValue:)), product: s.string(at: 4) ?? "",
                  serviceID: s.isNull(at: 5) ? nil : s.int64(at: 5), serviceName: s.string(at: 6), version: s.string(at: 7) ?? "",
                  host: s.string(at: 8) ?? "", module: s.string(at: 9) ?? "", line: s.isNull(at: 10) ? nil : Int(s.int64(at: 10)),
                  message: s.string(at: 11) ?? "", fieldsJSON: s.string(at: 12))
    }

    /// The ids of the products named (by their own name or their service's): two parameters, the name twice.
    static let productIDs = "(SELECT lp.id FROM log_products lp LEFT JOIN services ls ON ls.id = lp.service_id WHERE lp.name = ? OR ls.name = ?)"

    /// The WHERE clause of a query and its values; `ftsRowids` reads the full-text index only within those row ids.
    static func conditions(_ query: LogQuery, ftsRowids: ClosedRange<Int64>? = nil, dialect: SQLDialect = .sqlite) -> (String, [SQLBindable]) {
        var parts = ["m.at >= ?", "m.at < ?"]
        var values: [SQLBindable] = [LogTimestamp.string(from: query.from), LogTimestamp.string(from: query.to)]
        if let stage = query.stage { parts.append("m.stage = ?"); values.append(stage.rawValue) }
        if let product = query.product {
            parts.append("m.product_id IN \(productIDs)")
            values += [product, product]
        }
        if let version = query.version { parts.append("m.version = ?"); values.append(version) }
        if let host = query.host { parts.append("m.host = ?"); values.append(host) }
        if let level = query.minimumLevel { parts.append("m.level <= ?"); values.append(level.rawValue) }
        if let text = query.text {
            switch dialect {
            case .sqlite:
                if let ids = ftsRowids {
                    parts.append("m.id IN (SELECT rowid FROM log_messages_fts WHERE log_messages_fts MATCH ? AND rowid BETWEEN ? AND ?)")
                    values += [text, ids.lowerBound, ids.upperBound]
                } else {
                    parts.append("m.id IN (SELECT rowid FROM log_messages_fts WHERE log_messages_fts MATCH ?)")
                    values.append(text)
                }
            case .postgres:
                // The GIN index log_messages_fts twins the FTS5 table; the row-id window is an FTS5 speed-up only.
                parts.append("to_tsvector('simple', m.message) @@ to_tsquery('simple', ?)")
                values.append(LogFullTextQuery.tsquery(text))
            }
        }
        return (parts.joined(separator: " AND "), values)
    }

    /// One page of matching messages, newest first.
    ///
    /// A full-text query that matches many messages ("error", "gateway": a million of five) is not turned into the set of
    /// all its matches: the time range is walked backwards in slices that grow fourfold, and in each slice the FTS
    /// index is asked only for the row ids the slice's messages have (min to max), until the page is full. A query
    /// that matches few messages is answered from its set of matches directly. Both give the order by time exactly,
    /// however out of order the messages arrived.
    public static func search(_ db: Database, _ query: LogQuery) throws -> LogPage {
        let perPage = max(1, query.perPage)
        let wanted = (max(1, query.page) - 1) * perPage + perPage + 1
        var records: [LogRecord] = []
        try translatingSearchErrors(query) {
            if let text = query.text, try matchCount(db, text, atMost: smallMatchSet) > smallMatchSet {
                var sliceEnd = query.to
                var span = min(query.to.timeIntervalSince(query.from), 900)
                while records.count < wanted && sliceEnd > query.from {
                    let sliceStart = max(query.from, sliceEnd.addingTimeInterval(-span))
                    var slice = query
                    slice.from = sliceStart
                    slice.to = sliceEnd
                    if let ids = try idRange(db, from: sliceStart, to: sliceEnd) {
                        records += try page(db, slice, limit: wanted - records.count, offset: 0, ftsRowids: ids)
                    }
                    sliceEnd = sliceStart
                    span *= 4
                }
            } else {
                records = try page(db, query, limit: wanted, offset: 0, ftsRowids: nil)
            }
        }
        let first = min(records.count, (max(1, query.page) - 1) * perPage)
        return LogPage(records: Array(records[first...].prefix(perPage)), hasMore: records.count > first + perPage)
    }

    /// Above this many matches a full-text query is answered slice by slice (see `search`).
    static let smallMatchSet = 5_000

    /// How many messages the FTS query matches, counting no further than `atMost + 1`.
    static func matchCount(_ db: Database, _ text: String, atMost: Int) throws -> Int {
        let sql = switch db.dialect {
        case .sqlite: "SELECT count(*) FROM (SELECT rowid FROM log_messages_fts WHERE log_messages_fts MATCH ? LIMIT ?)"
        case .postgres: "SELECT count(*) FROM (SELECT id FROM log_messages WHERE to_tsvector('simple', message) @@ to_tsquery('simple', ?) LIMIT ?)"
        }
        let query = db.dialect == .postgres ? LogFullTextQuery.tsquery(text) : text
        if case .integer(let n)? = try db.scalar(sql, [query, atMost + 1]) { return Int(n) }
        return 0
    }

    /// The lowest and highest row id of the messages in `[from, to)`; nil when there are none.
    static func idRange(_ db: Database, from: Date, to: Date) throws -> ClosedRange<Int64>? {
        var range: ClosedRange<Int64>?
        try db.forEach("SELECT min(id), max(id) FROM log_messages WHERE at >= ? AND at < ?",
                       [LogTimestamp.string(from: from), LogTimestamp.string(from: to)]) { s in
            if let low = s.optionalInt64(at: 0), let high = s.optionalInt64(at: 1) { range = low...high }
        }
        return range
    }

    /// Matching messages ordered newest first; with `ftsRowids` the FTS index is read only within those row ids.
    static func page(_ db: Database, _ query: LogQuery, limit: Int, offset: Int, ftsRowids: ClosedRange<Int64>?) throws -> [LogRecord] {
        let (whereClause, values) = conditions(query, ftsRowids: ftsRowids, dialect: db.dialect)
        var records: [LogRecord] = []
        try db.forEach("""
            SELECT \(recordColumns) FROM log_messages m LEFT JOIN log_products p ON p.id = m.product_id
            LEFT JOIN services s ON s.id = p.service_id
            WHERE \(whereClause) ORDER BY m.at DESC, m.id DESC LIMIT ? OFFSET ?
            """, values + [limit, offset]) { records.append(record($0)) }
        return records
    }

    /// Messages with an id above `after`, oldest first (the live tail). With a text query only messages already in the
    /// full-text index are read, so a tail never steps past a match that is not yet indexed.
    public static func after(_ db: Database, id after: Int64, _ query: LogQuery, limit: Int = 200) throws -> [LogRecord] {
        var (whereClause, values) = conditions(query, dialect: db.dialect)
        if query.text != nil, db.dialect == .sqlite { whereClause += " AND m.id <= (SELECT indexed_through FROM log_fts_progress WHERE id = 1)" }
        var records: [LogRecord] = []
        try translatingSearchErrors(query) {
            try db.forEach("""
                SELECT \(recordColumns) FROM log_messages m LEFT JOIN log_products p ON p.id = m.product_id
                LEFT JOIN services s ON s.id = p.service_id
                WHERE m.id > ? AND \(whereClause) ORDER BY m.id LIMIT ?
                """, [after] + values + [limit]) { records.append(record($0)) }
        }
        return records
    }

    /// Above this range the histogram reads whole hours (`perMinute`): 240 hours, the histogram's 240 bars.
    public static let hourlyAbove: TimeInterval = 864_000

    /// Matching messages per minute (`2027-01-12T21:05` → count), for the histogram. Without a text, version or host
    /// filter the whole minutes of the range are read from the per-minute roll-up (`LogMinuteCounts`) and only the
    /// partial minutes at either end from the messages; over `hourlyAbove` the whole hours are read from the per-hour
    /// roll-up, each hour's count at its first minute (`2027-01-12T21:00`).
    public static func perMinute(_ db: Database, _ query: LogQuery) throws -> [(minute: String, count: Int)] {
        if let counts = try LogMinuteCounts.perMinute(db, query) { return counts }
        return try countedPerMinute(db, query)
    }

    /// `perMinute` by counting the messages themselves (what the roll-up must equal; tests compare the two).
    public static func countedPerMinute(_ db: Database, _ query: LogQuery) throws -> [(minute: String, count: Int)] {
        // Up to a day, reading the index between the range's row ids is cheap and spares the set of every match.
        var ids: ClosedRange<Int64>?
        if query.text != nil, query.to.timeIntervalSince(query.from) <= 86_400 {
            guard let range = try idRange(db, from: query.from, to: query.to) else { return [] }
            ids = range
        }
        let (whereClause, values) = conditions(query, ftsRowids: ids, dialect: db.dialect)
        var counts: [(minute: String, count: Int)] = []
        try translatingSearchErrors(query) {
            try db.forEach("SELECT substr(m.at, 1, 16), count(*) FROM log_messages m WHERE \(whereClause) GROUP BY 1 ORDER BY 1", values) {
                counts.append(($0.string(at: 0) ?? "", Int($0.int64(at: 1))))
            }
        }
        return counts
    }

    /// The newest message id (the live tail starts after it).
    public static func lastID(_ db: Database) throws -> Int64 {
        if case .integer(let id)? = try db.scalar("SELECT max(id) FROM log_messages") { return id }
        return 0
    }

    /// How many messages are stored.
    public static func count(_ db: Database) throws -> Int {
        if case .integer(let n)? = try db.scalar("SELECT count(*) FROM log_messages") { return Int(n) }
        return 0
    }

    /// Deletes messages older than `before` (of one stage, or of every stage); returns how many.
    @discardableResult
    public static func purge(_ db: Database, before: Date, stage: Environment? = nil) throws -> Int {
        let deleted: Int
        if let stage {
            deleted = try db.run("DELETE FROM log_messages WHERE stage = ? AND at < ?", [stage.rawValue, LogTimestamp.string(from: before)])
        } else {
            deleted = try db.run("DELETE FROM log_messages WHERE at < ?", [LogTimestamp.string(from: before)])
        }
        try LogMinuteCounts.dropEmpty(db, through: before)
        return deleted
    }

    /// Deployment markers: the first message of each version of a product in a stage within `[from, to)`, with the
    /// product's service, oldest first; `serviceName` (or product name) narrows them.
    public static func deployments(_ db: Database, from: Date, to: Date, name: String? = nil, limit: Int = 10_000)
        throws -> [(product: String, service: String?, stage: String, version: String, firstSeen: Date)] {
        var rows: [(String, String?, String, String, Date)] = []
        var sql = """
            SELECT p.name, s.name, v.stage, v.version, v.first_seen FROM log_versions v JOIN log_products p ON p.id = v.product_id
              LEFT JOIN services s ON s.id = p.service_id
             WHERE v.first_seen >= ? AND v.first_seen < ?
            """
        var values: [SQLBindable] = [LogTimestamp.string(from: from), LogTimestamp.string(from: to)]
        if let name, !name.isEmpty { sql += " AND (p.name = ? OR s.name = ?)"; values += [name, name] }
        try db.forEach(sql + " ORDER BY v.first_seen LIMIT ?", values + [limit]) { s in
            rows.append((s.string(at: 0) ?? "", s.string(at: 1), s.string(at: 2) ?? "", s.string(at: 3) ?? "",
                         LogTimestamp.date(from: s.string(at: 4) ?? "") ?? Date(timeIntervalSince1970: 0)))
        }
        return rows
    }

    /// Deletes the messages without a stage older than `before`; returns how many.
    @discardableResult
    public static func purgeWithoutStage(_ db: Database, before: Date) throws -> Int {
        let deleted = try db.run("DELETE FROM log_messages WHERE stage IS NULL AND at < ?", [LogTimestamp.string(from: before)])
        try LogMinuteCounts.dropEmpty(db, through: before)
        return deleted
    }

    /// Versions seen per stage for the products of a service, newest first.
    public static func versions(_ db: Database, serviceID: Int64) throws -> [(product: String, stage: String, version: String, firstSeen: String, lastSeen: String)] {
        var rows: [(String, String, String, String, String)] = []
        try db.forEach("""
            SELECT p.name, v.stage, v.version, v.first_seen, v.last_seen FROM log_versions v JOIN log_products p ON p.id = v.product_id
            WHERE p.service_id = ? ORDER BY v.stage, v.first_seen DESC
            """, [serviceID]) { rows.append(($0.string(at: 0) ?? "", $0.string(at: 1) ?? "", $0.string(at: 2) ?? "", $0.string(at: 3) ?? "", $0.string(at: 4) ?? "")) }
        return rows
    }

    /// A bad FTS5 query is the user's mistake, not a bug: say so with a typed error.
    static func translatingSearchErrors(_ query: LogQuery, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as DatabaseError where query.text != nil && (error.code & 0xFF) == SQLITE_ERROR {
            throw LogSearchError(query: query.text ?? "", reason: error.message.replacingOccurrences(of: "fts5: ", with: ""))
        }
    }
}

import Foundation
import PortalCore
import PortalHTTP
import PortalIngest
import PortalStore

/// `/logs` and `/api/v1/logs`: search stored messages, and take new ones over HTTP.
enum LogsController {
    struct Row {
        let id: Int64
        let at: String
        let level: String
        let levelClass: String
        let stage: String
        let product: String
        let serviceHref: String
        let version: String
        let host: String
        let module: String
        let line: String
        let message: String
        let shortMessage: String
        let fields: [Field]
    }

    struct Field {
        let name: String
        let value: String
    }

    struct Option {
        let value: String
        let label: String
        let selected: Bool
    }

    struct Page {
        let site: SiteChrome
        let title = "Logs"
        let filters: [String: String]
        let stages: [Option]
        let levels: [Option]
        let rows: [Row]
        let hasRows: Bool
        let error: String
        let histogram: LogHistogram?
        let newerHref: String
        let olderHref: String
        let counters: [Field]
        let hasCounters: Bool
    }

    @Sendable static func index(_ request: Request, _ context: AppContext) throws -> Response {
        if request.queryValue("live") == "1" { return try tail(request, context) }
        var error = ""
        var filters: LogFilters
        do {
            filters = try LogFilters.read(request.queryValue)
        } catch let problem as HTTPError {
            error = problem.message
            filters = try LogFilters.read { _ in nil }
            filters.typed = Dictionary(uniqueKeysWithValues: LogFilters.names.map { ($0, String((request.queryValue($0) ?? "").prefix(500))) })
        }
        var records: [LogRecord] = []
        var hasMore = false
        var histogram: LogHistogram?
        if error.isEmpty {
            do {
                let (page, counts) = try context.store.read { db in (try LogStore.search(db, filters.query), try LogStore.perMinute(db, filters.query)) }
                records = page.records
                hasMore = page.hasMore
                histogram = LogHistogram(counts: counts, from: filters.query.from, to: filters.query.to)
            } catch let problem as LogSearchError {
                error = problem.description
            }
        }
        let page = filters.query.page
        let model = Page(
            site: SiteChrome(request), filters: filters.typed,
            stages: [Option(value: "", label: "Any stage", selected: filters.query.stage == nil)]
                + Environment.allCases.map { Option(value: $0.rawValue, label: $0.rawValue, selected: filters.query.stage == $0) },
            levels: [Option(value: "", label: "Any level", selected: filters.query.minimumLevel == nil)]
                + LogLevel.allCases.reversed().map { Option(value: $0.name, label: "\($0.name) or worse", selected: filters.query.minimumLevel == $0) },
            rows: records.map(row), hasRows: !records.isEmpty, error: error, histogram: histogram,
            newerHref: page > 1 ? filters.link("/logs", changing: ["page": page == 2 ? "" : String(page - 1)]) : "",
            olderHref: hasMore ? filters.link("/logs", changing: ["page": String(page + 1)]) : "",
            counters: context.logs.counters.snapshot.map { Field(name: $0.name, value: String($0.value)) },
            hasCounters: !context.logs.counters.snapshot.isEmpty)
        return try context.views.page("logs", model)
    }

    /// `/logs?live=1`: Server-Sent Events of new messages matching the page's filters (not its time range), one `log`
    /// event per message with its id as the event id; resumable with `Last-Event-ID` (or `?last_event_id=`).
    static func tail(_ request: Request, _ context: AppContext) throws -> Response {
        let filters = try LogFilters.read(request.queryValue)
        let raw = request.header("Last-Event-ID") ?? request.queryValue("last_event_id")
        let lastID = raw.flatMap { Int64($0.trimmingCharacters(in: .whitespaces)) }
        do {
            return .eventStream(try context.logTail.open(store: context.store, query: filters.query, lastEventID: lastID))
        } catch let problem as LogSearchError {
            throw HTTPError(422, problem.description, fields: ["q": problem.reason])
        }
    }

    static func row(_ record: LogRecord) -> Row {
        var fields: [Field] = []
        if let json = record.fieldsJSON, let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] {
            fields = object.keys.sorted().map { Field(name: $0, value: "\(object[$0] ?? "")") }
        }
        let firstLine = record.message.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
        return Row(id: record.id, at: record.at.replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: ""),
                   level: record.level.name, levelClass: "level-\(record.level.name)", stage: record.stage?.rawValue ?? "",
                   product: record.product, serviceHref: record.serviceID.map { "/services/\($0)" } ?? "", version: record.version,
                   host: record.host, module: record.module, line: record.line.map(String.init) ?? "", message: record.message,
                   shortMessage: firstLine.count > 300 ? String(firstLine.prefix(300)) + "…" : firstLine, fields: fields)
    }

    /// `GET /api/v1/logs`: the same filters as the page, as JSON.
    @Sendable static func list(_ request: Request, _ context: AppContext) throws -> Response {
        let filters = try LogFilters.read(request.queryValue)
        let page: LogPage
        do {
            page = try context.store.read { try LogStore.search($0, filters.query) }
        } catch let problem as LogSearchError {
            throw HTTPError(422, problem.description, fields: ["q": problem.reason])
        }
        let items: [[String: Any]] = page.records.map(json)
        return .jsonObject(["items": items, "page": filters.query.page, "per_page": filters.query.perPage, "has_more": page.hasMore,
                            "from": LogTimestamp.string(from: filters.query.from), "to": LogTimestamp.string(from: filters.query.to)])
    }

    static func json(_ record: LogRecord) -> [String: Any] {
        var item: [String: Any] = ["id": record.id, "time": record.at, "level": record.level.name, "message": record.message,
                                   "product": record.product, "version": record.version, "host": record.host, "module": record.module,
                                   "stage": record.stage?.rawValue ?? NSNull(), "line": record.line ?? NSNull(), "service": record.serviceName ?? NSNull()]
        if let fields = record.fieldsJSON, let object = try? JSONSerialization.jsonObject(with: Data(fields.utf8)) { item["fields"] = object } else { item["fields"] = [String: Any]() }
        return item
    }

    /// `POST /api/v1/logs`: a JSON array of messages; 202 once the batch has committed, 503 + Retry-After when the queue is full.
    @Sendable static func ingest(_ request: Request, _ context: AppContext) throws -> Response {
        guard request.contentType == "application/json" || request.contentType.hasSuffix("+json") else {
            throw HTTPError(415, "Send the messages as a JSON array with Content-Type: application/json.")
        }
        let messages = try LogIngestInput.parse(request.body)
        switch context.logs.writer.submitAndWait(messages) {
        case .committed(let count):
            return .jsonObject(["accepted": count], status: 202)
        case .full:
            context.logs.counters.add(IngestCounters.refusedHTTP, messages.count)
            throw HTTPError(503, "The log queue is full; nothing of this batch was stored. Retry after a second.", headers: ["Retry-After": "1"])
        case .failed(let reason):
            context.logger.error("log batch not stored: \(reason) id=\(request.requestID)")
            throw HTTPError(503, "The batch could not be stored; nothing of it was saved. Retry later.", headers: ["Retry-After": "5"])
        }
    }
}

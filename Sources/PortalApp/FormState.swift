import Foundation
import PortalHTTP
import PortalStore

/// A form as its page shows it: the input kept as typed, the message of each refused field, and those messages in field
/// order for the summary above the form. The heartbeat and log rule pages share it (with `posted` and `record`).
struct FormState {
    let values: [String: String]
    let errors: [String: String]
    let errorList: [String]
    let hasErrors: Bool

    init(values: [String: String], errors: [String: String] = [:], order: [String]) {
        self.values = values
        self.errors = errors
        errorList = order.compactMap { errors[$0] } + errors.filter { !order.contains($0.key) }.sorted { $0.key < $1.key }.map(\.value)
        hasErrors = !errors.isEmpty
    }

    /// The posted values of `fields` (absent ones empty); a field posted several times (checkboxes) joined by ", ".
    static func posted(_ request: Request, fields: [String]) throws -> [String: String] {
        let form = try request.form()
        var values: [String: String] = [:]
        for field in fields {
            let all = form.all(field)
            values[field] = all.count > 1 ? all.joined(separator: ", ") : (form[field] ?? "")
        }
        return values
    }

    /// The record the route's `:id` names, read with `fetch`; 404 with `missing` when there is none.
    static func record<T>(_ request: Request, _ context: AppContext, missing: String, _ fetch: (Database, Int64) throws -> T?) throws -> T {
        guard let id = Int64(try request.parameter("id")), let found = try context.store.read({ try fetch($0, id) }) else {
            throw HTTPError(404, missing)
        }
        return found
    }

    /// Whether the signed-in user may change records on these pages (engineers and above).
    static func canEdit(_ request: Request) -> Bool { (request.identity?.role).map { $0 >= .engineer } ?? false }
}

import ForewarnTestSupport
import Foundation

/// The `/import` page driven as a browser does: a multipart dry run, then Import with the token the page holds.
enum ImportUploads {
    /// Uploads `csv` for a dry run (`mode` create or upsert); `cookie` replaces the app's own session (another user).
    static func dryRun(_ app: TestApp, kind: String, mode: String = "create", csv: String, filename: String = "file.csv",
                       session: String? = nil) throws -> RawResponse {
        let (token, cookie) = try csrf(app, session: session)
        let boundary = "b\(UUID().uuidString)"
        var body = ""
        for (name, value) in [("_csrf", token), ("kind", kind), ("mode", mode), ("step", "preview")] {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\nContent-Type: text/csv\r\n\r\n\(csv)\r\n--\(boundary)--\r\n"
        return try app.fetch("POST", "/import", headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)", "Cookie": cookie],
                             body: Array(body.utf8), anonymous: session != nil)
    }

    /// Presses Import for a staged file.
    static func commit(_ app: TestApp, stagedToken: String, session: String? = nil) throws -> RawResponse {
        let (token, cookie) = try csrf(app, session: session)
        let body = "_csrf=\(token)&token=\(stagedToken)&step=import"
        return try app.fetch("POST", "/import", headers: ["Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie],
                             body: Array(body.utf8), anonymous: session != nil)
    }

    /// The staged file's token in a dry run's page.
    static func stagedToken(_ page: RawResponse) throws -> String {
        let text = page.text
        guard let start = text.range(of: "name=\"token\" value=\""), let end = text[start.upperBound...].firstIndex(of: "\"") else {
            throw ClientError("no staged token in the page (status \(page.status))")
        }
        return String(text[start.upperBound..<end])
    }

    static func csrf(_ app: TestApp, session: String?) throws -> (token: String, cookie: String) {
        let page = session.map { try? app.fetch("GET", "/import", headers: ["Cookie": "forewarn_session=\($0)"], anonymous: true) } ?? (try? app.get("/import"))
        guard let page else { throw ClientError("no /import page") }
        let token = try TestApp.csrfToken(page)
        return (token, ["forewarn_csrf=\(token)", session.map { "forewarn_session=\($0)" }].compactMap { $0 }.joined(separator: "; "))
    }
}

import Foundation

/// ticket_receiver.py as a child process: ServiceNow, Jira and a generic endpoint that check each request as the
/// vendors document it and keep it (and any attached PDF) for the test to read.
public final class TicketReceiver {
    public struct Exchange: Decodable {
        public let method: String
        public let path: String
        public let query: [String: String]
        public let headers: [String: String]
        public let problems: [String]
        /// The work note or comment text; for the generic endpoint the downtime JSON is checked by the receiver.
        public let note: String?

        enum CodingKeys: String, CodingKey { case method, path, query, headers, problems, note }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            method = try c.decode(String.self, forKey: .method)
            path = try c.decode(String.self, forKey: .path)
            query = try c.decode([String: String].self, forKey: .query)
            headers = try c.decode([String: String].self, forKey: .headers)
            problems = try c.decode([String].self, forKey: .problems)
            note = try? c.decode(String.self, forKey: .note)
        }
    }

    public let port: Int
    public let folder: URL
    private let script: LoopbackScript

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// `basic` ("user:password") or `bearer` is the Authorization expected; `secret` signs the generic endpoint's body.
    public init(failFirst: Int = 0, basic: String? = nil, bearer: String? = nil, secret: String = "") throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("tickets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var arguments = [folder.path, "--fail", String(failFirst), "--secret", secret]
        if let basic { arguments += ["--basic", basic] }
        if let bearer { arguments += ["--bearer", bearer] }
        script = try LoopbackScript("ticket_receiver.py", arguments: arguments, folder: folder)
        port = script.port
    }

    /// Every request answered (failures injected with `failFirst` are not kept), oldest first, with the PDF it carried.
    public func exchanges() throws -> [(Exchange, [UInt8]?)] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
            .map { url in
                let pdf = url.deletingPathExtension().appendingPathExtension("pdf")
                return (try JSONDecoder().decode(Exchange.self, from: Data(contentsOf: url)),
                        FileManager.default.fileExists(atPath: pdf.path) ? [UInt8](try Data(contentsOf: pdf)) : nil)
            }
    }

    public func stop() {
        script.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    deinit { stop() }
}

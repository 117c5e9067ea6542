import Foundation
import PortalMail
import PortalStore

/// What one push carries: the report PDF, the downtime as JSON (for the generic endpoint) and the work note.
struct TicketPayload {
    let downtimeID: Int64
    let ticket: String
    let pdf: [UInt8]
    let json: [UInt8]
    let note: String
    let deliveryID: Int64

    var fileName: String { "forewarn-DT-\(downtimeID)-impact.pdf" }
}

/// The ticket systems' own HTTP APIs, exactly as their vendors document them. Each call does the delivery's
/// current step and returns the next one, so a retry after a failed work note does not attach the PDF again.
struct TicketPush {
    let integration: TicketIntegrationRecord
    let secret: String
    let http: OutboundHTTP

    var base: String { integration.baseURL.hasSuffix("/") ? String(integration.baseURL.dropLast()) : integration.baseURL }

    func run(_ step: TicketStep, _ payload: TicketPayload) throws(SMTPError) -> TicketStep {
        switch (integration.system, step) {
        case (_, .done): return .done
        case (.servicenow, .attach):
            let sysID = try serviceNowSysID(payload.ticket)
            let query = "table_name=change_request&table_sys_id=\(sysID)&file_name=\(payload.fileName)"
            try expect(try http.send("POST", "\(base)/api/now/attachment/file?\(query)",
                                     headers: authorization() + ["Content-Type: application/pdf", "Accept: application/json"], body: payload.pdf))
            return .note
        case (.servicenow, .note):
            let sysID = try serviceNowSysID(payload.ticket)
            try expect(try http.send("PATCH", "\(base)/api/now/table/change_request/\(sysID)",
                                     headers: authorization() + ["Content-Type: application/json", "Accept: application/json"],
                                     body: json(["work_notes": payload.note])))
            return .done
        case (.jira, .attach):
            let key = pathSegment(payload.ticket)
            let boundary = "forewarn-\(payload.deliveryID)-\(payload.pdf.count)"
            var body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(payload.fileName)\"\r\nContent-Type: application/pdf\r\n\r\n".utf8)
            body += payload.pdf + Array("\r\n--\(boundary)--\r\n".utf8)
            try expect(try http.send("POST", "\(base)/rest/api/2/issue/\(key)/attachments",
                                     headers: authorization() + ["Content-Type: multipart/form-data; boundary=\(boundary)", "X-Atlassian-Token: no-check",
                                                                 "Accept: application/json"], body: body))
            return .note
        case (.jira, .note):
            try expect(try http.send("POST", "\(base)/rest/api/2/issue/\(pathSegment(payload.ticket))/comment",
                                     headers: authorization() + ["Content-Type: application/json", "Accept: application/json"], body: json(["body": payload.note])))
            return .done
        case (.generic, _):
            let boundary = "forewarn-\(payload.deliveryID)-\(payload.pdf.count)"
            var body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"downtime\"\r\nContent-Type: application/json\r\n\r\n".utf8)
            body += payload.json
            body += Array("\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"report\"; filename=\"\(payload.fileName)\"\r\nContent-Type: application/pdf\r\n\r\n".utf8)
            body += payload.pdf + Array("\r\n--\(boundary)--\r\n".utf8)
            var headers = ["Content-Type: multipart/form-data; boundary=\(boundary)", "X-Forewarn-Event: ticket", "X-Forewarn-Delivery: \(payload.deliveryID)",
                           "X-Forewarn-Ticket: \(payload.ticket)"]
            if integration.auth == .signature {
                do {
                    headers.append("\(WebhookClient.signatureHeader): \(try WebhookSigner(secret: secret).signature(for: body))")
                } catch {
                    throw .permanent("The signing secret is not usable: \(error).")
                }
            } else {
                headers += authorization()
            }
            try expect(try http.send("POST", base, headers: headers, body: body))
            return .done
        }
    }

    /// ServiceNow's sys_id of the change request numbered `ticket` (GET /api/now/table/change_request?sysparm_query=number=...).
    func serviceNowSysID(_ ticket: String) throws(SMTPError) -> String {
        let number = ticket.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ticket
        let answer = try http.send("GET", "\(base)/api/now/table/change_request?sysparm_query=number=\(number)&sysparm_fields=sys_id&sysparm_limit=1",
                                   headers: authorization() + ["Accept: application/json"])
        try expect(answer)
        guard let object = try? JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any],
              let result = object["result"] as? [[String: Any]], let sysID = result.first?["sys_id"] as? String, !sysID.isEmpty,
              sysID.allSatisfy({ $0.isLetter || $0.isNumber }) else {
            throw .permanent("ServiceNow has no change_request numbered \(ticket).")
        }
        return sysID
    }

    func authorization() -> [String] {
        switch integration.auth {
        case .basic: ["Authorization: Basic " + Data("\(integration.username):\(secret)".utf8).base64EncodedString()]
        case .bearer: ["Authorization: Bearer \(secret)"]
        case .signature: []
        }
    }

    func pathSegment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_."))) ?? text
    }

    func json(_ object: [String: String]) -> [UInt8] {
        Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8))
    }

    /// 2xx passes; 408, 429 and 5xx are retried; any other answer stops with the ticket system's own message.
    func expect(_ answer: OutboundHTTP.Answer) throws(SMTPError) {
        switch answer.status {
        case 200..<300: return
        case 408, 429, 500..<600:
            throw .temporary("\(integration.system.displayName) answered HTTP \(answer.status)\(Self.message(in: answer).map { ": \($0)" } ?? ""); retrying later.")
        default:
            let reason = Self.message(in: answer).map { ": \($0)" } ?? ""
            throw .permanent("\(integration.system.displayName) answered HTTP \(answer.status)\(reason)" + (reason.hasSuffix(".") ? "" : "."))
        }
    }

    /// The reason in a vendor's error body: ServiceNow `{"error": {"message", "detail"}}`, Jira `{"errorMessages": [...], "errors": {...}}`.
    static func message(in answer: OutboundHTTP.Answer) -> String? {
        if let object = try? JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any] {
            if let error = object["error"] as? [String: Any] {
                let parts = [error["message"] as? String, error["detail"] as? String].compactMap { $0 }.filter { !$0.isEmpty }
                if !parts.isEmpty { return parts.joined(separator: " (") + (parts.count > 1 ? ")" : "") }
            }
            let messages = (object["errorMessages"] as? [String] ?? []) + ((object["errors"] as? [String: String]) ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
            if !messages.isEmpty { return messages.joined(separator: "; ") }
            if let message = object["message"] as? String { return message }
        }
        let text = answer.text.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : String(text.prefix(300))
    }
}

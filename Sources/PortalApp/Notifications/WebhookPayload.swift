import Foundation
import PortalCore
import PortalStore

/// The JSON a webhook receives: the event, its facts, and a chat-ready `text` line (Slack and Teams show `text`).
enum WebhookPayload {
    struct Body: Encodable {
        let id: String
        let event: String
        let created_at: String
        let text: String
        let subject: Subject
        struct Subject: Encodable {
            let kind: String
            let id: Int64
            let reference: String
            let title: String
            let kind_label: String
            let state: String
            let starts_at: String
            let ends_at: String?
            let time_zone: String
            let ticket: String
            let ticket_url: String
            let targets: [String]
            let message: String
            let url: String
        }
    }

    static func body(for delivery: WebhookDeliveryRecord) throws -> [UInt8] {
        let payload = try NoticePlanner.decode(delivery.payloadJSON)
        let base = payload.baseURL.hasSuffix("/") ? String(payload.baseURL.dropLast()) : payload.baseURL
        let url = base + payload.path
        let body = Body(
            id: "notice-\(delivery.noticeEventID)", event: delivery.event, created_at: StoreTime.format(delivery.createdAt),
            text: "\(NoticeText.subject(payload, zoneID: "UTC")) <\(url)>",
            subject: Body.Subject(kind: payload.subjectKind, id: payload.subjectID, reference: payload.reference, title: payload.title,
                                  kind_label: payload.kindLabel, state: payload.state, starts_at: StoreTime.format(payload.start),
                                  ends_at: payload.end.map(StoreTime.format), time_zone: payload.timeZone, ticket: payload.ticket,
                                  ticket_url: payload.ticketURL, targets: payload.targets, message: payload.message, url: url))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(body))
    }
}

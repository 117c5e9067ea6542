import ForewarnTestSupport
import Foundation
import PortalStore
import Testing

/// Outbox rows and webhook calls are claimed with a lease (`OutboxLeases`): two claimants never get the same row, a
/// claim that ran out is taken over, and a taken-over row cannot be renewed (so not sent) by its first claimant.
/// Runs on SQLite in `make test` and on PostgreSQL (`FOR UPDATE SKIP LOCKED`) in `make test-postgres`.
@Suite("Outbox leases", .serialized)
struct OutboxLeaseTests {
    /// A downtime announced to 3 people plus `extra` more recipients: `3 + extra` queued messages.
    static func queued(extra: Int, webhook: Bool = false) throws -> TestApp {
        let setup = try TestApp.start { $0.clockInterval = 0; $0.deliversMail = false }
        try setup.importFixture()
        let start = NotificationTests.local(Date().addingTimeInterval(3 * 86_400), zone: "Europe/Paris")
        let end = NotificationTests.local(Date().addingTimeInterval(3 * 86_400 + 7200), zone: "Europe/Paris")
        if webhook {
            try setup.app.context.store.write { _ = try NoticeStore.addWebhook($0, url: "http://127.0.0.1:9/hook", secret: String(repeating: "s", count: 32), description: "test") }
        }
        let created = try setup.postJSON("/api/v1/downtimes", """
            {"title":"Leases","kind":"planned","targets":[{"kind":"cluster","name":"db-east"}],"starts_at":"\(start)","ends_at":"\(end)","time_zone":"Europe/Paris"}
            """)
        let id = try #require((created.json as? [String: Any])?["id"] as? Int, "\(created.text)")
        #expect(try setup.postJSON("/api/v1/downtimes/\(id)/announce", "{}").status == 200)
        if extra > 0 { try setup.app.context.store.write { db in
            guard case .text(let payload)? = try db.scalar("SELECT payload_json FROM notice_events WHERE downtime_id = ?", [Int64(id)]) else {
                throw ClientError("the announcement queued no event")
            }
            let recipients = (0..<extra).map { NoticeRecipient(address: "person-\($0)@example.com", name: "Person \($0)", reasons: ["owner"]) }
            let draft = NoticeDraft(eventKey: "lease-test:\(id)", event: "announce", downtimeID: Int64(id), payloadJSON: payload, actor: "test",
                                    recipients: recipients)
            _ = try NoticeStore.enqueue(db, draft, messageDomain: "ops.example.com")
        } }
        return setup
    }

    @Test func twoClaimantsGetDisjointBatchesAndAnExpiredClaimIsTakenOver() throws {
        let setup = try Self.queued(extra: 27)
        defer { setup.stop() }
        let store = setup.app.context.store
        let now = Date().addingTimeInterval(1)
        let total = try store.read { try NoticeStore.list($0, limit: 1000) }.count
        #expect(total == 30)
        let first = try store.write { try OutboxLeases.claimMail($0, instance: "a", now: now, lease: 60, limit: 20) }
        let second = try store.write { try OutboxLeases.claimMail($0, instance: "b", now: now, lease: 60, limit: 20) }
        #expect(first.count == 20)
        #expect(second.count == 10, "b gets only what a did not claim")
        #expect(Set(first.map(\.id)).isDisjoint(with: second.map(\.id)))
        #expect(try store.write { try OutboxLeases.claimMail($0, instance: "c", now: now, lease: 60) }.isEmpty, "everything is leased")

        // a sends one and dies; its other 19 stay claimed until the lease runs out, then b takes them over.
        try store.write { try NoticeStore.markSent($0, id: first[0].id, attempts: 1, at: now) }
        #expect(try store.read { try OutboxLeases.held($0, instance: "a") } == 19)
        #expect(try store.write { try OutboxLeases.claimMail($0, instance: "b", now: now.addingTimeInterval(59), lease: 60) }.isEmpty)
        let later = now.addingTimeInterval(61)
        let takenOver = try store.write { try OutboxLeases.claimMail($0, instance: "b", now: later, lease: 60, limit: 50) }
        #expect(Set(takenOver.map(\.id)) == Set(first.dropFirst().map(\.id) + second.map(\.id)),
                "the 19 unsent rows of a (not the sent one) and b's own 10, whose lease ran out as well")
        #expect(try !store.write { try OutboxLeases.renewMail($0, id: first[1].id, instance: "a", now: later, lease: 60) },
                "a (back from a stall) must not send a row b took over")
        #expect(try store.write { try OutboxLeases.renewMail($0, id: first[1].id, instance: "b", now: later, lease: 60) })
        // Marking clears the claim; a released claim is free at once.
        try store.write { try NoticeStore.markRetry($0, id: first[2].id, attempts: 1, next: later, error: "421 try later") }
        #expect(try store.read { try OutboxLeases.held($0, instance: "b") } == 28)
        #expect(try store.write { try OutboxLeases.release($0, instance: "b") } == 28)
        #expect(try store.write { try OutboxLeases.claimMail($0, instance: "c", now: later, lease: 60, limit: 50) }.count == 29)
    }

    @Test func webhookCallsAreLeasedTheSameWay() throws {
        let setup = try Self.queued(extra: 0, webhook: true)
        defer { setup.stop() }
        let store = setup.app.context.store
        let now = Date().addingTimeInterval(1)
        let first = try store.write { try OutboxLeases.claimWebhooks($0, instance: "a", now: now, lease: 60) }
        #expect(first.count == 1, "the announcement's webhook call")
        #expect(try store.write { try OutboxLeases.claimWebhooks($0, instance: "b", now: now, lease: 60) }.isEmpty)
        let later = now.addingTimeInterval(61)
        #expect(try store.write { try OutboxLeases.claimWebhooks($0, instance: "b", now: later, lease: 60) }.map(\.id) == first.map(\.id))
        #expect(try !store.write { try OutboxLeases.renewWebhook($0, id: first[0].id, instance: "a", now: later, lease: 60) })
        try store.write { try NoticeStore.markDelivery($0, id: first[0].id, status: .sent, attempts: 1, next: nil, error: "", at: later) }
        #expect(try store.write { try OutboxLeases.claimWebhooks($0, instance: "c", now: later.addingTimeInterval(120), lease: 60) }.isEmpty)
    }

    /// Four claimants on connections of their own race for 400 rows: each row is claimed exactly once.
    @Test func concurrentClaimantsNeverShareARow() throws {
        let setup = try Self.queued(extra: 397)
        defer { setup.stop() }
        let path = setup.app.context.store.path
        let claimed = Locked([Int64]())
        let group = DispatchGroup()
        let failures = Locked([String]())
        for claimant in 0..<4 {
            group.enter()
            Thread {
                defer { group.leave() }
                do {
                    let store = try Store(path: path)
                    defer { store.close() }
                    while true {
                        let batch = try store.write { try OutboxLeases.claimMail($0, instance: "i\(claimant)", now: Date().addingTimeInterval(1), lease: 60, limit: 7) }
                        if batch.isEmpty { break }
                        claimed.mutate { $0 += batch.map(\.id) }
                    }
                } catch {
                    failures.mutate { $0.append("\(error)") }
                }
            }.start()
        }
        group.wait()
        #expect(failures.value.isEmpty, "\(failures.value)")
        #expect(claimed.value.count == 400, "no row claimed twice")
        #expect(Set(claimed.value).count == 400, "every row claimed")
    }
}

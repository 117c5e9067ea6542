import Foundation
import PortalCore
import PortalHTTP
import PortalMail
import PortalStore

/// The confirmation step before a lifecycle move that tells people: who will be told, the message exactly as the
/// outbox worker will compose it, the PDF choice, and for a cancellation the required reason. Nothing changes and
/// nothing is queued until the page's own form comes back with `confirm=1`.
enum DowntimeConfirmation {
    /// The moves that go through this step (re-announce only re-freezes the impact and tells nobody).
    static let events = ["announce", "start", "complete", "cancel", "extend", "reschedule"]

    /// What the person typed or chose, from the query (GET) or the form (POST).
    struct Input {
        var startsAt = "", endsAt = "", endAmbiguity = "", note = "", overrideReason = ""
        var attachPDF = false
        /// nil until the person chose on the page (only offered for an unplanned downtime, see `offersSilence`).
        var notify: Bool?

        init(_ value: (String) -> String?) {
            startsAt = String((value("starts_at") ?? "").prefix(40))
            endsAt = String((value("ends_at") ?? "").prefix(40))
            endAmbiguity = String((value("end_ambiguity") ?? "").prefix(10))
            // A cancellation's reason travels as `reason` on the page and as `note` in the API and the history.
            note = String((value("reason") ?? value("note") ?? "").prefix(2000)).trimmingCharacters(in: .whitespacesAndNewlines)
            overrideReason = String((value("override_reason") ?? "").prefix(2000))
            attachPDF = value("attach_pdf") == "1"
            if value("notify_choice") == "1" { notify = value("notify") == "1" }
        }
    }

    struct Recipient {
        let name: String
        let address: String
        let reasons: String
    }

    struct Model {
        let site: SiteChrome
        let title: String
        let id: Int64
        let event: String
        let verb: String
        let change: String
        let windowText: String
        let newWindowText: String
        let hasNewWindow: Bool
        let input: Input
        let isCancel: Bool
        let isExtend: Bool
        let isReschedule: Bool
        let errors: [String: String]
        let hasErrors: Bool
        let errorSummary: [String]
        let tellsAnyone: Bool
        let silence: String
        let countText: String
        let recipients: [Recipient]
        let subject: String
        let text: String
        let sampleNote: String
        let confirmLabel: String
        let timeZone: String
        let canConfirm: Bool
        /// An unplanned downtime (a recorded outage) asks whether to tell people at all.
        let offersSilence: Bool
        let notify: Bool
    }

    /// Whether this move of an unplanned downtime tells people: announcing a window that has already started tells
    /// nobody unless asked, and later moves follow what the announcement did.
    static func notifies(_ downtime: DowntimeRecord, event: String, input: Input, context: AppContext, now: Date = Date()) throws -> Bool {
        try notifies(downtime, event: event, chosen: input.notify, context: context, now: now)
    }

    /// The same rule with the choice given directly (the API's `notify`); nil follows the default.
    static func notifies(_ downtime: DowntimeRecord, event: String, chosen: Bool?, context: AppContext, now: Date = Date()) throws -> Bool {
        guard downtime.kind == .unplanned else { return true }
        if let chosen { return chosen }
        if event == "announce" { return downtime.window.start > now }
        return try context.store.read { try NoticeStore.announcedAt($0, downtimeID: downtime.id) } != nil
    }

    /// `GET /downtimes/:id/<event>/confirm`.
    @Sendable static func show(_ request: Request, _ context: AppContext) throws -> Response {
        let downtime = try DowntimeController.load(request, context)
        let parts = request.path.split(separator: "/")
        let event = parts.count >= 2 ? String(parts[parts.count - 2]) : ""
        let input = Input { request.queryValue($0) }
        return try page(request, context, downtime: downtime, event: event, input: input, errors: [:])
    }

    /// The confirmation page for `event` with `input`; field problems found while previewing are added to `errors`.
    static func page(_ request: Request, _ context: AppContext, downtime: DowntimeRecord, event name: String, input: Input,
                     errors given: [String: String], status: Int = 200) throws -> Response {
        guard events.contains(name), let notice = NoticeEvent(rawValue: name) else { throw HTTPError.notFound() }
        let isReschedule = notice == .reschedule, isExtend = notice == .extend
        var errors = given
        var after = downtime
        var newWindow: TimeWindow?
        var canConfirm = true
        do {
            if isReschedule {
                if downtime.state != .scheduled {
                    throw DowntimeError.invalid(["": "Only a scheduled downtime can be rescheduled; one in progress is extended or completed instead."])
                }
            } else if let event = DowntimeEvent(rawValue: name) {
                after.state = try DowntimeLifecycle.apply(event, to: downtime.state)
            }
        } catch let error as ScheduleError {
            errors[""] = error.message
            canConfirm = false
        } catch DowntimeError.invalid(let problems) {
            errors.merge(problems) { first, _ in first }
            canConfirm = false
        }
        if canConfirm && (isExtend || isReschedule) {
            do {
                newWindow = try window(for: notice, downtime: downtime, input: input)
            } catch let error as ScheduleError {
                errors[isReschedule && !isEndProblem(error) ? "starts_at" : "ends_at"] = error.message
            } catch DowntimeError.invalid(let problems) {
                errors.merge(problems) { first, _ in first }
            }
            if isReschedule, let window = newWindow, window.start <= Date(), errors["starts_at"] == nil {
                errors["starts_at"] = "The new start is in the past; choose a time from now on."
            }
        }
        if let newWindow { after.window = newWindow }

        // Who is told and what they read: the same planner and composer the action and the outbox worker use.
        var draft: NoticeDraft?
        var silence = ""
        let notify = try notifies(downtime, event: name, input: input, context: context)
        if canConfirm && !notify {
            silence = "Nobody is told: this records an outage without notices. Tick \u{201C}Tell the people affected\u{201D} and update the preview to send them."
        } else if canConfirm, !(isExtend || isReschedule) || newWindow != nil {
            let impact: Impact? = notice == .announce
                ? try DowntimeService.liveImpact(context, downtime: downtime)
                : try context.store.read { try DowntimeStore.latestSnapshot($0, downtimeID: downtime.id)?.impact }
            if let impact {
                let inventory = try context.inventory.current(context.store)
                draft = try context.store.read { db in
                    try Notices.preview(db, notice, downtime: after, impact: impact, inventory: inventory, context: context,
                                        actor: request.identity?.login ?? "", message: input.note,
                                        previous: isExtend || isReschedule ? downtime.window : nil, attachPDF: input.attachPDF)
                }
            } else {
                silence = "Nobody is told: DT-\(downtime.id) was never announced, so no one has heard of it."
            }
        }
        var subject = "", text = "", sampleNote = ""
        if let draft, let first = draft.recipients.first {
            let payload = try NoticePlanner.decode(draft.payloadJSON)
            let sender = try MailSettings.current(context)?.from ?? context.configuration.mailFrom ?? "forewarn@localhost"
            let composer = NoticeComposer(views: context.views, from: try MailAddress(sender, name: "Forewarn"), linkSecret: try LinkSecret.current(context))
            (subject, text) = try composer.preview(first, payload: payload)
            sampleNote = draft.recipients.count == 1
                ? "The message to \(first.name.isEmpty ? first.address : first.name), exactly as it will go out."
                : "The copy for \(first.name.isEmpty ? first.address : first.name), exactly as it will go out; each copy lists its reader's own reasons and shows the window in their time zone."
        } else if draft != nil {
            silence = "Nobody is told: no one with an address is affected, leads the work or subscribed."
        }
        let count = draft?.recipients.count ?? 0
        let verb = name.capitalizedFirst
        let labels = ["": "", "starts_at": "New start", "ends_at": "New end", "reason": "Reason"]
        return try context.views.page("downtimes/confirm", Model(
            site: SiteChrome(request), title: "\(verb) DT-\(downtime.id)?", id: downtime.id, event: name, verb: verb,
            change: isReschedule ? downtime.state.displayName : "\(downtime.state.displayName) → \(after.state.displayName)",
            windowText: downtime.window.formatted, newWindowText: newWindow?.formatted ?? "", hasNewWindow: newWindow != nil, input: input,
            isCancel: notice == .cancel, isExtend: isExtend, isReschedule: isReschedule,
            errors: errors, hasErrors: !errors.isEmpty,
            errorSummary: errors.sorted { $0.key < $1.key }.map { ($0.key.isEmpty ? "" : (labels[$0.key] ?? $0.key) + ": ") + $0.value },
            tellsAnyone: count > 0, silence: silence, countText: Plural.count(count, "recipient"),
            recipients: (draft?.recipients ?? []).map { Recipient(name: $0.name, address: $0.address, reasons: $0.reasons.filter { !$0.hasPrefix("why: ") }.joined(separator: "; ")) },
            subject: subject, text: text, sampleNote: sampleNote,
            confirmLabel: count > 0 ? "\(verb) and tell \(Plural.count(count, "recipient"))" : verb,
            timeZone: downtime.window.timeZone, canConfirm: canConfirm, offersSilence: downtime.kind == .unplanned, notify: notify), status: status)
    }

    /// The new window an extension or a rescheduling asks for, in the downtime's own zone.
    static func window(for event: NoticeEvent, downtime: DowntimeRecord, input: Input) throws -> TimeWindow {
        if event == .extend {
            guard !input.endsAt.isEmpty else { throw DowntimeError.invalid(["ends_at": "required"]) }
            let end = try TimeZoneResolver.resolve(try LocalDateTime(parsing: input.endsAt), in: downtime.window.timeZone,
                                                   ambiguity: AmbiguityChoice(rawValue: input.endAmbiguity) ?? .later)
            return try DowntimeLifecycle.extend(downtime.window, to: end, state: downtime.state, maximumDuration: TimeWindow.defaultMaximumDuration)
        }
        var missing: [String: String] = [:]
        if input.startsAt.isEmpty { missing["starts_at"] = "required" }
        if input.endsAt.isEmpty { missing["ends_at"] = "required" }
        guard missing.isEmpty else { throw DowntimeError.invalid(missing) }
        return try TimeWindow(localStart: try LocalDateTime(parsing: input.startsAt), localEnd: try LocalDateTime(parsing: input.endsAt),
                              timeZone: downtime.window.timeZone, startAmbiguity: .later, endAmbiguity: .later)
    }

    private static func isEndProblem(_ error: ScheduleError) -> Bool {
        switch error {
        case .endNotAfterStart, .windowTooLong, .extensionNotLater: true
        default: false
        }
    }
}

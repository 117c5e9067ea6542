import Foundation
import PortalHTTP

/// Rendered home pages and the dashboard's shared sections, kept while the database has not changed (`Store.changes`
/// has the value it had before they were read) and the clock has not reached the first instant at which a list on the
/// page could change by itself (`validUntil`, from the rows: `DowntimeStore.nextClockBoundary`). So what is served
/// from here is byte for byte what a fresh render would give at that moment.
///
/// Pages are kept per session (the key holds the user, role and the CSRF token the page embeds) and never for a
/// request with a flash message or a fresh CSRF cookie. Bounded: least recently used pages go past `byteCapacity`.
public final class HomePageCache: @unchecked Sendable {
    struct Shared {
        let version: UInt64
        let readAt: Date
        let validUntil: Date
        let sections: HomeController.SharedSections
    }
    private struct Page {
        let version: UInt64
        let readAt: Date
        let validUntil: Date
        let response: Response
        var lastUse: UInt64
        var bytes: Int { response.body.count + 256 }
    }

    let byteCapacity: Int
    private let lock = NSLock()
    private var pages: [String: Page] = [:]
    private var bytes = 0
    private var tick: UInt64 = 0
    private var shared: Shared?
    private var hits = 0

    init(byteCapacity: Int = 32 << 20) {
        self.byteCapacity = byteCapacity
    }

    /// Whether something read at `readAt` under `version`, valid until `validUntil`, still holds at `now`.
    private static func holds(version: UInt64, readAt: Date, validUntil: Date, current: UInt64, now: Date) -> Bool {
        version == current && now >= readAt && now < validUntil
    }

    func page(_ key: String, version: UInt64, now: Date) -> Response? {
        lock.lock()
        defer { lock.unlock() }
        guard var page = pages[key] else { return nil }
        guard Self.holds(version: page.version, readAt: page.readAt, validUntil: page.validUntil, current: version, now: now) else {
            pages[key] = nil
            bytes -= page.bytes
            return nil
        }
        tick &+= 1
        hits += 1
        page.lastUse = tick
        pages[key] = page
        return page.response
    }

    func keep(_ response: Response, key: String, version: UInt64, readAt: Date, validUntil: Date) {
        guard validUntil > readAt else { return }
        lock.lock()
        defer { lock.unlock() }
        tick &+= 1
        let page = Page(version: version, readAt: readAt, validUntil: validUntil, response: response, lastUse: tick)
        guard page.bytes <= byteCapacity / 4 else { return }
        if let old = pages.updateValue(page, forKey: key) { bytes -= old.bytes }
        bytes += page.bytes
        if bytes > byteCapacity { evict() }
    }

    /// Drops the least recently used pages (and those of older versions first) down to three quarters of the cap.
    private func evict() {
        let order = pages.sorted { ($0.value.version, $0.value.lastUse) < ($1.value.version, $1.value.lastUse) }
        for (key, page) in order where bytes > byteCapacity * 3 / 4 {
            pages[key] = nil
            bytes -= page.bytes
        }
    }

    func sharedSections(version: UInt64, now: Date) -> HomeController.SharedSections? {
        lock.lock()
        defer { lock.unlock() }
        guard let shared, Self.holds(version: shared.version, readAt: shared.readAt, validUntil: shared.validUntil, current: version, now: now)
        else { return nil }
        return shared.sections
    }

    func keepShared(_ sections: HomeController.SharedSections, version: UInt64, readAt: Date, validUntil: Date) {
        lock.lock()
        shared = Shared(version: version, readAt: readAt, validUntil: validUntil, sections: sections)
        lock.unlock()
    }

    /// Pages served from here so far (tests: a kept page may still run statements when its session is read again).
    public var served: Int {
        lock.lock()
        defer { lock.unlock() }
        return hits
    }

    /// Pages held now and their bytes (tests).
    public var usage: (pages: Int, bytes: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (pages.count, bytes)
    }
}

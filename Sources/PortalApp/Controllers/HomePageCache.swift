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
    /// Whose page it is: the user as the session found them (a role or name change gives another key), the CSRF token
    /// the page embeds, and the path. Compared field by field: no string is built per request.
    struct Key: Hashable {
        let userID: Int64
        let role: String
        let login: String
        let displayName: String
        let csrfToken: String
        let path: String
    }

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
        /// The page's CSRF token: isolated in the gzip variant (BREACH, see `Gzip.compress`).
        let secret: String
        /// The gzip variant, made on the first request that accepts it.
        var gzipped: Response?
        var lastUse: UInt64
        var bytes: Int { response.body.count + (gzipped?.body.count ?? 0) + 256 }
    }

    let byteCapacity: Int
    private let lock = NSLock()
    private var pages: [Key: Page] = [:]
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

    /// The kept page, gzip-compressed when `gzip` (and it compresses), or nil when none holds.
    func page(_ key: Key, version: UInt64, now: Date, gzip: Bool = false) -> Response? {
        guard let page = lookup(key, version: version, now: now) else { return nil }
        return gzip ? gzipVariant(of: page, key: key) : page.response
    }

    /// The page's gzip variant, made and kept on first use (the first request served from here that accepts gzip); the
    /// plain page when it does not get smaller.
    private func gzipVariant(of page: Page, key: Key) -> Response {
        if let gzipped = page.gzipped { return gzipped }
        // Compressed outside the lock, once per kept page (two requests at once may both do it; either result is kept).
        guard let body = Gzip.compress(page.response.body, isolating: Array(page.secret.utf8)), body.count < page.response.body.count else {
            return page.response
        }
        var gzipped = page.response
        gzipped.body = body
        gzipped.headers.append(("Content-Encoding", "gzip"))
        gzipped.reusable = ReusableAnswer()
        lock.lock()
        // Only beside the very page it was made from (not one kept again under the key meanwhile).
        if let current = pages[key], current.response.reusable === page.response.reusable, current.gzipped == nil {
            pages[key]?.gzipped = gzipped
            bytes += body.count
        }
        lock.unlock()
        return gzipped
    }

    private func lookup(_ key: Key, version: UInt64, now: Date) -> Page? {
        lock.lock()
        defer { lock.unlock() }
        // One hash of the key: the entry is found once and touched in place.
        guard let index = pages.index(forKey: key) else { return nil }
        let page = pages.values[index]
        guard Self.holds(version: page.version, readAt: page.readAt, validUntil: page.validUntil, current: version, now: now) else {
            pages.remove(at: index)
            bytes -= page.bytes
            return nil
        }
        tick &+= 1
        hits += 1
        pages.values[index].lastUse = tick
        return page
    }

    func keep(_ response: Response, key: Key, secret: String, version: UInt64, readAt: Date, validUntil: Date) {
        guard validUntil > readAt else { return }
        lock.lock()
        defer { lock.unlock() }
        tick &+= 1
        let page = Page(version: version, readAt: readAt, validUntil: validUntil, response: response, secret: secret, lastUse: tick)
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

    /// Requests answered with a kept page's libmicrohttpd object built for an earlier request (tests).
    public var reusedAnswers: Int {
        lock.lock()
        defer { lock.unlock() }
        return pages.values.reduce(0) { $0 + ($1.response.reusable?.reused ?? 0) + ($1.gzipped?.reusable?.reused ?? 0) }
    }

    /// Pages held now and their bytes (tests).
    public var usage: (pages: Int, bytes: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (pages.count, bytes)
    }
}

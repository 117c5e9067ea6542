import CMicroHTTPD
import CZlib
import Foundation

/// One file below the static root, read once at start-up, with its libmicrohttpd responses built once and queued
/// for every request: the bytes live in memory the asset owns (`MHD_RESPMEM_PERSISTENT`), so nothing is copied per
/// request. Up to eight responses: {revalidating, immutable} × {identity, gzip} × {200, 304}.
final class StaticAsset: @unchecked Sendable {
    /// One encoding of the file: its bytes and its entity tag.
    struct Variant {
        let bytes: UnsafeMutableRawBufferPointer
        let etag: String
        /// `gzip`, or nil for the file as it is.
        let encoding: String?
    }

    /// The two ways an asset is cached: the plain URL revalidates, the fingerprinted one never changes.
    enum CacheMode: Int { case revalidate = 0, immutable = 1 }

    let relative: String
    let fingerprinted: String
    let contentType: String
    let identity: Variant
    let gzip: Variant?
    /// Indexed by `slot(mode:gzip:notModified:)`.
    private var responses: [OpaquePointer?] = Array(repeating: nil, count: 8)

    init(relative: String, bytes: [UInt8], maxAge: Int, extraHeaders: [(name: String, value: String)]) {
        self.relative = relative
        self.contentType = StaticFiles.contentType(for: relative)
        let hash = StaticFiles.fnv1a(bytes)
        self.fingerprinted = StaticAsset.fingerprint(relative, hash: String(hash.prefix(12)))
        self.identity = Variant(bytes: StaticAsset.persistentCopy(bytes), etag: "\"\(hash)\"", encoding: nil)
        if StaticAsset.compressible(contentType), let packed = StaticAsset.gzipped(bytes), packed.count < bytes.count {
            self.gzip = Variant(bytes: StaticAsset.persistentCopy(packed), etag: "\"\(hash)-gz\"", encoding: "gzip")
        } else {
            self.gzip = nil
        }
        for mode in [CacheMode.revalidate, .immutable] {
            for variant in [identity, gzip].compactMap({ $0 }) {
                for notModified in [false, true] {
                    responses[StaticAsset.slot(mode, gzip: variant.encoding != nil, notModified: notModified)] = StaticAsset.makeResponse(
                        notModified ? UnsafeMutableRawBufferPointer(start: nil, count: 0) : variant.bytes,
                        headers: headers(mode, variant, notModified: notModified, maxAge: maxAge) + extraHeaders)
                }
            }
        }
    }

    /// The headers of one answer (the server's own security headers come on top).
    func headers(_ mode: CacheMode, _ variant: Variant, notModified: Bool, maxAge: Int) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = [
            ("ETag", variant.etag),
            ("Cache-Control", mode == .immutable ? "public, max-age=31536000, immutable" : "public, max-age=\(maxAge)"),
        ]
        if gzip != nil { headers.append(("Vary", "Accept-Encoding")) }
        guard !notModified else { return headers }
        headers.append(("Content-Type", contentType))
        if let encoding = variant.encoding { headers.append(("Content-Encoding", encoding)) }
        return headers
    }

    deinit {
        for response in responses { if let response { MHD_destroy_response(response) } }
        identity.bytes.deallocate()
        gzip?.bytes.deallocate()
    }

    /// The variant a client gets: gzip when it accepts it and the file has one.
    func variant(acceptsGzip: Bool) -> Variant { acceptsGzip ? (gzip ?? identity) : identity }

    /// Whether an `If-None-Match` value names this asset (either encoding) or is `*`.
    func matches(ifNoneMatch: String) -> Bool {
        ifNoneMatch.split(separator: ",").contains { tag in
            let tag = tag.trimmingSpaces()
            let plain = tag.hasPrefix("W/") ? tag.dropFirst(2) : tag
            return plain == "*" || plain == identity.etag || (gzip.map { plain == $0.etag } ?? false)
        }
    }

    /// The prebuilt libmicrohttpd response for a request, with its status.
    func prebuilt(_ mode: CacheMode, acceptsGzip: Bool, ifNoneMatch: String?) -> (response: OpaquePointer, status: UInt32)? {
        response(slot: slot(mode, acceptsGzip: acceptsGzip, notModified: ifNoneMatch.map(matches) ?? false))
    }

    /// Which prebuilt response a request gets.
    func slot(_ mode: CacheMode, acceptsGzip: Bool, notModified: Bool) -> Int {
        StaticAsset.slot(mode, gzip: acceptsGzip && gzip != nil, notModified: notModified)
    }

    /// A prebuilt response by its slot, with its status.
    func response(slot: Int) -> (response: OpaquePointer, status: UInt32)? {
        guard let response = responses[slot] else { return nil }
        return (response, slot & 1 == 1 ? 304 : 200)
    }

    private static func slot(_ mode: CacheMode, gzip: Bool, notModified: Bool) -> Int {
        mode.rawValue * 4 + (gzip ? 2 : 0) + (notModified ? 1 : 0)
    }

    private static func makeResponse(_ bytes: UnsafeMutableRawBufferPointer, headers: [(name: String, value: String)]) -> OpaquePointer? {
        guard let response = MHD_create_response_from_buffer(bytes.count, bytes.baseAddress, MHD_ResponseMemoryMode.RESPMEM_PERSISTENT) else { return nil }
        for (name, value) in headers { _ = MHD_add_response_header(response, name, value) }
        return response
    }

    private static func persistentCopy(_ bytes: [UInt8]) -> UnsafeMutableRawBufferPointer {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0) }
        return UnsafeMutableRawBufferPointer(start: buffer.baseAddress, count: bytes.count)
    }

    /// `css/forewarn.css` → `css/forewarn.<hash>.css`.
    static func fingerprint(_ relative: String, hash: String) -> String {
        let slash = relative.lastIndex(of: "/").map { relative.index(after: $0) } ?? relative.startIndex
        guard let dot = relative[slash...].lastIndex(of: "."), dot > slash else { return relative + "." + hash }
        return String(relative[..<dot]) + "." + hash + String(relative[dot...])
    }

    static func compressible(_ contentType: String) -> Bool {
        contentType.hasPrefix("text/") || contentType.hasPrefix("image/svg") || contentType.hasPrefix("application/json")
    }

    static func gzipped(_ bytes: [UInt8]) -> [UInt8]? {
        let capacity = CZlib_gzip_bound(bytes.count)
        var out = [UInt8](repeating: 0, count: capacity)
        let written = bytes.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { CZlib_gzip(input.baseAddress, input.count, $0.baseAddress, capacity) }
        }
        guard written > 0 else { return nil }
        return Array(out.prefix(written))
    }
}

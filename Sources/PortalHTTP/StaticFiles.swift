import CMicroHTTPD
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Serves the files below one folder, all read once at start-up: ETag/304 validation, gzip variants for text, and
/// fingerprinted names (`/static/css/forewarn.<hash>.css`, cached for a year as immutable) next to the plain names
/// (which keep working and revalidate). `url(for:)` gives templates the fingerprinted address.
public final class StaticFiles: @unchecked Sendable {
    public let root: String
    /// URL prefix under which files are served, e.g. `/static`.
    public let prefix: String
    /// Plain and fingerprinted relative names to their asset; built once, read without a lock.
    private let table: [String: (asset: StaticAsset, mode: StaticAsset.CacheMode)]
    private let urls: [String: String]
    private let maxAge: Int
    /// Every file's raw addresses (plain and fingerprinted, prefix included) as bytes, for the server's fast path
    /// (`StaticFastPath`), which matches a request target without building a string. Only addresses that need no
    /// percent-encoding are listed; a file with another name is still served by the ordinary path.
    private let exactPaths: [[UInt8]]
    private let exactFiles: [(asset: StaticAsset, mode: StaticAsset.CacheMode)]

    /// Reads every file below `root`; `extraHeaders` go on every answer (the security headers the app sends everywhere).
    public init(root: String, prefix: String = "/static", maxAge: Int = 3600, extraHeaders: [(name: String, value: String)] = []) {
        self.root = (root as NSString).standardizingPath
        self.prefix = prefix
        self.maxAge = maxAge
        var table: [String: (asset: StaticAsset, mode: StaticAsset.CacheMode)] = [:]
        var urls: [String: String] = [:]
        for relative in StaticFiles.files(below: self.root) {
            guard let data = FileManager.default.contents(atPath: self.root + "/" + relative) else { continue }
            let asset = StaticAsset(relative: relative, bytes: [UInt8](data), maxAge: maxAge, extraHeaders: extraHeaders)
            table[relative] = (asset, .revalidate)
            table[asset.fingerprinted] = (asset, .immutable)
            urls[relative] = prefix + "/" + asset.fingerprinted
        }
        self.table = table
        self.urls = urls
        let exact = table.filter { StaticFiles.needsNoEncoding($0.key) }.sorted { $0.key < $1.key }
        self.exactPaths = exact.map { Array((prefix + "/" + $0.key).utf8) }
        self.exactFiles = exact.map(\.value)
    }

    /// The address to link for a file (`css/forewarn.css` → `/static/css/forewarn.<hash>.css`); the plain address for
    /// a file that is not there.
    public func url(for logical: String) -> String { urls[logical] ?? prefix + "/" + logical }

    /// Answers a GET or HEAD for `path` (below the prefix), or nil when no such file exists.
    public func respond(to request: Request) -> Response? {
        guard let (asset, mode) = lookup(request.path) else { return nil }
        let variant = asset.variant(acceptsGzip: StaticFiles.acceptsGzip(request.header("accept-encoding")))
        if let match = request.header("if-none-match"), asset.matches(ifNoneMatch: match) {
            return Response(status: 304, headers: asset.headers(mode, variant, notModified: true, maxAge: maxAge))
        }
        return Response(status: 200, headers: asset.headers(mode, variant, notModified: false, maxAge: maxAge),
                        body: request.method == "HEAD" ? [] : Array(variant.bytes))
    }

    /// The prebuilt libmicrohttpd response for a raw request target, or nil when it names no file (the server then
    /// takes the ordinary path, which answers 404). Only plain targets: an encoded or dotted one goes the long way.
    func prebuilt(rawTarget: String, acceptEncoding: String?, ifNoneMatch: String?) -> (response: OpaquePointer, status: UInt32)? {
        let path = rawTarget.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? rawTarget
        guard !path.utf8.contains(UInt8(ascii: "%")), let (asset, mode) = lookup(path) else { return nil }
        return asset.prebuilt(mode, acceptsGzip: StaticFiles.acceptsGzip(acceptEncoding), ifNoneMatch: ifNoneMatch)
    }

    /// The index of the file whose raw address is exactly this target (a query or any encoding: nil).
    func exactIndex(rawTarget: UnsafePointer<CChar>) -> Int? {
        let length = strlen(rawTarget)
        for (index, path) in exactPaths.enumerated() where path.count == length {
            if path.withUnsafeBytes({ memcmp($0.baseAddress!, rawTarget, length) == 0 }) { return index }
        }
        return nil
    }

    func exact(at index: Int) -> (asset: StaticAsset, mode: StaticAsset.CacheMode) { exactFiles[index] }
    func exactPathLength(at index: Int) -> Int { exactPaths[index].count }
    func exactPath(at index: Int) -> String { String(decoding: exactPaths[index], as: UTF8.self) }

    /// Letters, digits and `-._~/`: a name sent as it is written.
    private static func needsNoEncoding(_ relative: String) -> Bool {
        relative.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return true
            case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"): return true
            default: return false
            }
        }
    }

    private func lookup(_ path: String) -> (StaticAsset, StaticAsset.CacheMode)? {
        guard path.hasPrefix(prefix + "/") else { return nil }
        let relative = String(path.dropFirst(prefix.count + 1))
        return table[relative].map { ($0.asset, $0.mode) }
    }

    /// Whether an `Accept-Encoding` value accepts gzip (a `q=0` refuses it). Read in place, byte by byte: every kept
    /// home page asks (splitting the value into substrings cost 10,000 instructions, 8 % of such a request).
    public static func acceptsGzip(_ header: String?) -> Bool {
        guard var header else { return false }
        return header.withUTF8 { acceptsGzip($0) }
    }

    /// The same for the value's bytes.
    static func acceptsGzip(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: ",") { end += 1 }
            if itemAcceptsGzip(UnsafeBufferPointer(rebasing: bytes[start..<end])) { return true }
            start = end + 1
        }
        return false
    }

    /// One `Accept-Encoding` item (`gzip`, `gzip;q=0.5`, `*`): whether it names gzip with a quality above 0.
    private static func itemAcceptsGzip(_ item: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = 0
        var isFirst = true
        while start <= item.count {
            var end = start
            while end < item.count, item[end] != UInt8(ascii: ";") { end += 1 }
            var from = start, to = end
            while from < to, item[from] == UInt8(ascii: " ") || item[from] == UInt8(ascii: "\t") { from += 1 }
            while to > from, item[to - 1] == UInt8(ascii: " ") || item[to - 1] == UInt8(ascii: "\t") { to -= 1 }
            if isFirst {
                let name = item[from..<to]
                let isGzip = name.count == 4 && zip(name, "gzip".utf8).allSatisfy { $0 | 0x20 == $1 }
                guard isGzip || name.elementsEqual("*".utf8) else { return false }
                isFirst = false
            } else if to - from >= 2, item[from] == UInt8(ascii: "q"), item[from + 1] == UInt8(ascii: "=") {
                // The first parameter that starts with `q=` (as written) sets the quality; unreadable: 1.
                let quality = Double(String(decoding: UnsafeBufferPointer(rebasing: item[(from + 2)..<to]), as: UTF8.self)) ?? 1
                return quality > 0
            }
            start = end + 1
        }
        return true
    }

    /// Regular files below `root`, relative, skipping hidden names (so nothing outside `root` or hidden is served).
    static func files(below root: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var names: [String] = []
        for case let relative as String in enumerator {
            guard !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { continue }
            var info = stat()
            guard stat(root + "/" + relative, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            names.append(relative)
        }
        return names.sorted()
    }

    static func fnv1a(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    static func contentType(for name: String) -> String {
        switch (name as NSString).pathExtension.lowercased() {
        case "css": return "text/css; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "ico": return "image/x-icon"
        case "txt": return "text/plain; charset=utf-8"
        case "json": return "application/json"
        case "woff2": return "font/woff2"
        default: return "application/octet-stream"
        }
    }
}

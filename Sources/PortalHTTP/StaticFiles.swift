import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Serves files below one folder with ETag/Last-Modified validation, cached in memory after the first read.
public final class StaticFiles: @unchecked Sendable {
    struct Entry {
        let bytes: [UInt8]
        let etag: String
        let contentType: String
        let modified: Int64
        let size: Int64
    }

    public let root: String
    /// URL prefix under which files are served, e.g. `/static`.
    public let prefix: String
    private var cache: [String: Entry] = [:]
    private let lock = NSLock()
    private let maxAge: Int

    public init(root: String, prefix: String = "/static", maxAge: Int = 3600) {
        self.root = (root as NSString).standardizingPath
        self.prefix = prefix
        self.maxAge = maxAge
    }

    /// Answers a GET for `path` (below the prefix), or nil when no such file exists.
    public func respond(to request: Request) -> Response? {
        guard request.path.hasPrefix(prefix + "/") else { return nil }
        let relative = String(request.path.dropFirst(prefix.count + 1))
        // Only plain names: no dot-segments, no hidden files, so nothing outside `root` can be reached.
        let components = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard !components.isEmpty, components.allSatisfy({ !$0.isEmpty && !$0.hasPrefix(".") }) else { return nil }
        guard let entry = entry(for: relative) else { return nil }
        var headers: [(name: String, value: String)] = [
            ("ETag", entry.etag),
            ("Cache-Control", "public, max-age=\(maxAge)"),
        ]
        if let match = request.header("if-none-match"),
           match.split(separator: ",").contains(where: { $0.trimmingSpaces() == entry.etag || $0.trimmingSpaces() == "*" }) {
            return Response(status: 304, headers: headers)
        }
        headers.append(("Content-Type", entry.contentType))
        return Response(status: 200, headers: headers, body: request.method == "HEAD" ? [] : entry.bytes)
    }

    private func entry(for relative: String) -> Entry? {
        let path = root + "/" + relative
        // A plain stat() per request: FileManager.attributesOfItem also resolves owner names and costs ~10x more.
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        lock.lock()
        if let cached = cache[relative], cached.modified == modified, cached.size == Int64(info.st_size) {
            lock.unlock()
            return cached
        }
        lock.unlock()
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let bytes = [UInt8](data)
        let entry = Entry(bytes: bytes, etag: "\"\(StaticFiles.fnv1a(bytes))\"", contentType: StaticFiles.contentType(for: relative),
                          modified: modified, size: Int64(bytes.count))
        lock.lock()
        cache[relative] = entry
        lock.unlock()
        return entry
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

import CMicroHTTPD
#if canImport(Glibc)
import Glibc
#endif

/// The static-file fast path: a GET or HEAD whose raw target is exactly a file's address (`/static/favicon.svg`, or
/// its fingerprinted name; no query, nothing encoded) is answered from the file's prebuilt response without building a
/// single Swift string, request state or request id. The request is recognised in the URI-log callback and marked in
/// libmicrohttpd's per-request pointer with a tagged integer instead of a `RequestState` object; the two headers it
/// needs are read in place. Anything unusual (another method, a declared body, a head over the size limit) is handed
/// to the ordinary path, which answers it as before.
///
/// Only when the access log is off (log level above info): a logged request needs its timing and id, and writing the
/// log line costs more than everything this path saves (docs/benchmarks.md, "Session 9").
struct StaticFastPath {
    /// The per-request pointer's value for a fast request: odd, so never a `RequestState`'s (objects are aligned).
    /// Bits: 0 always set; 1 set once the headers were read; 4–6 the chosen response; 8 and up the file's index.
    struct Tag {
        let bits: UInt

        init?(_ pointer: UnsafeMutableRawPointer?) {
            guard let pointer else { return nil }
            let bits = UInt(bitPattern: pointer)
            guard bits & 1 == 1 else { return nil }
            self.bits = bits
        }

        init(file: Int, slot: Int = 0, headersRead: Bool = false) {
            bits = UInt(file) << 8 | UInt(slot) << 4 | (headersRead ? 2 : 0) | 1
        }

        var file: Int { Int(bits >> 8) }
        var slot: Int { Int(bits >> 4 & 7) }
        var headersRead: Bool { bits & 2 != 0 }
        var pointer: UnsafeMutableRawPointer { UnsafeMutableRawPointer(bitPattern: bits)! }
    }

    let files: StaticFiles
    let maxHeaderBytes: Int

    /// The tag for a raw target that names a file exactly, or nil (the ordinary path then takes the request).
    func tag(uri: UnsafePointer<CChar>) -> UnsafeMutableRawPointer? {
        files.exactIndex(rawTarget: uri).map { Tag(file: $0).pointer }
    }

    /// What the handler does with a fast request: answer, wait for the next call, or hand it to the ordinary path.
    enum Step {
        case result(MHD_Result)
        /// Not for this path: the caller builds the request state and carries on as for any request.
        case ordinary
    }

    /// `requestPointer`: libmicrohttpd's per-request pointer, which holds `tag` and gets the first call's choice.
    func step(_ tag: Tag, connection: OpaquePointer, method: UnsafePointer<CChar>?, uploadSize: UnsafeMutablePointer<Int>,
              requestPointer: UnsafeMutablePointer<UnsafeMutableRawPointer?>) -> Step {
        let (asset, mode) = files.exact(at: tag.file)
        guard tag.headersRead else {
            // First call, headers only: choose the answer now, queue it on the next call (keeps the connection alive).
            guard let method, StaticFastPath.isGetOrHead(method) else { return .ordinary }
            var scan = HeaderScan()
            scan.bytes = HeadSize.requestLine(method: strlen(method), target: files.exactPathLength(at: tag.file))
            _ = withUnsafeMutablePointer(to: &scan) { MHD_get_connection_values(connection, MHD_ValueKind.HEADER_KIND, headerScanner, $0) }
            guard !scan.declaresBody, scan.bytes <= maxHeaderBytes else { return .ordinary }
            let acceptsGzip = scan.acceptEncoding.map { value in
                StaticFiles.acceptsGzip(UnsafeBufferPointer(start: UnsafeRawPointer(value).assumingMemoryBound(to: UInt8.self), count: strlen(value)))
            } ?? false
            let notModified = scan.ifNoneMatch.map { asset.matches(ifNoneMatch: String(cString: $0)) } ?? false
            let slot = asset.slot(mode, acceptsGzip: acceptsGzip, notModified: notModified)
            requestPointer.pointee = Tag(file: tag.file, slot: slot, headersRead: true).pointer
            return .result(MHD_Result.YES)
        }
        // A request without a declared body has no upload; should a byte come anyway, it is read and dropped.
        if uploadSize.pointee > 0 {
            uploadSize.pointee = 0
            return .result(MHD_Result.YES)
        }
        guard let (response, status) = asset.response(slot: tag.slot) else { return .result(MHD_Result.NO) }
        return .result(MHD_queue_response(connection, status, response))
    }

    static func isGetOrHead(_ method: UnsafePointer<CChar>) -> Bool {
        let m = UnsafeRawPointer(method).assumingMemoryBound(to: UInt8.self)
        if m[0] == UInt8(ascii: "G") { return m[1] == UInt8(ascii: "E") && m[2] == UInt8(ascii: "T") && m[3] == 0 }
        return m[0] == UInt8(ascii: "H") && m[1] == UInt8(ascii: "E") && m[2] == UInt8(ascii: "A") && m[3] == UInt8(ascii: "D") && m[4] == 0
    }

    /// The request's headers as the fast path needs them, read without copying.
    struct HeaderScan {
        /// Bytes of the head, as `HeadSize` counts them (the same 431 limit as the ordinary path).
        var bytes = 0
        var acceptEncoding: UnsafePointer<CChar>?
        var ifNoneMatch: UnsafePointer<CChar>?
        /// A Content-Length or Transfer-Encoding header: the ordinary path reads (or refuses) the body.
        var declaresBody = false
    }
}

private let headerScanner: MHD_KeyValueIterator = { cls, _, key, value in
    guard let cls, let key else { return MHD_Result.YES }
    let scan = cls.assumingMemoryBound(to: StaticFastPath.HeaderScan.self)
    let length = strlen(key)
    scan.pointee.bytes += HeadSize.header(name: length, value: value.map { strlen($0) } ?? 0)
    switch length {
    case 15 where strcasecmp(key, "accept-encoding") == 0:
        if scan.pointee.acceptEncoding == nil { scan.pointee.acceptEncoding = value }
    case 13 where strcasecmp(key, "if-none-match") == 0:
        if scan.pointee.ifNoneMatch == nil { scan.pointee.ifNoneMatch = value }
    case 14 where strcasecmp(key, "content-length") == 0, 17 where strcasecmp(key, "transfer-encoding") == 0:
        scan.pointee.declaresBody = true
    default:
        break
    }
    return MHD_Result.YES
}

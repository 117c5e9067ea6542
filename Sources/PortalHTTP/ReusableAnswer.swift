import CMicroHTTPD
import Foundation
import Synchronization

/// A libmicrohttpd response object kept with a `Response` that is answered many times unchanged (a kept home page):
/// built once from the response's status, headers and body, then queued again for every request that answers exactly
/// that response (libmicrohttpd counts a response's references, so connections still sending it keep it alive).
///
/// It is only used while the response it was built from is still the one being sent: the same status, the same
/// headers (names and values) and the same body storage. Any change (a header set for this request, another body)
/// builds it afresh, so it can never send bytes other than the `Response` it is attached to. Such a response carries
/// no `X-Request-Id` (one object for many requests), like the static files' prebuilt responses.
public final class ReusableAnswer: @unchecked Sendable {
    private struct Built {
        let status: Int
        let headers: [(name: String, value: String)]
        /// Held so its storage is not reused while `pointer` was built from it: equal addresses mean the same bytes.
        let body: [UInt8]
        let pointer: OpaquePointer

        func answers(_ response: Response) -> Bool {
            guard status == response.status, headers.count == response.headers.count, body.count == response.body.count,
                  Self.address(body) == Self.address(response.body) else { return false }
            for (a, b) in zip(headers, response.headers) where a.name != b.name || a.value != b.value { return false }
            return true
        }

        static func address(_ bytes: [UInt8]) -> UnsafeRawPointer? { bytes.withUnsafeBytes { $0.baseAddress } }
    }

    private let lock = NSLock()
    private var built: Built?
    private let reuses = Atomic<Int>(0)

    public init() {}

    deinit {
        if let pointer = built?.pointer { MHD_destroy_response(pointer) }
    }

    /// Requests answered with an object built earlier (tests).
    public var reused: Int { reuses.load(ordering: .relaxed) }

    /// Queues `response` on `connection` through the kept object (built now when there is none for it yet); nil when
    /// libmicrohttpd could not create one (the caller sends it the ordinary way).
    func queue(_ response: Response, status: UInt32, on connection: OpaquePointer) -> MHD_Result? {
        lock.lock()
        defer { lock.unlock() }
        // Queued under the lock: another thread replacing the object cannot destroy it between lookup and queue.
        if let kept = built, kept.answers(response) {
            reuses.add(1, ordering: .relaxed)
            return MHD_queue_response(connection, status, kept.pointer)
        }
        guard let fresh = HTTPServer.makeResponse(response, requestID: nil) else { return nil }
        if let old = built { MHD_destroy_response(old.pointer) }
        built = Built(status: response.status, headers: response.headers, body: response.body, pointer: fresh)
        return MHD_queue_response(connection, status, fresh)
    }
}

import CMicroHTTPD
import Foundation
import Synchronization

/// A response body written while the connection stays open (Server-Sent Events). The connection is suspended in
/// libmicrohttpd while nothing is pending, so a waiting stream holds no pool thread; `write` resumes it.
public final class ResponseStream: @unchecked Sendable {
    private struct State {
        var pending: [UInt8] = []
        var closed = false
        var suspended = false
        /// The libmicrohttpd connection's address (0 once gone): a plain integer keeps the state Sendable.
        var connection: UInt = 0
        var ended = false
        var onEnd: [@Sendable () -> Void] = []
    }
    private let state = Mutex(State())

    public init() {}

    /// Queues bytes for the client; false once the stream is closed or the client has gone.
    @discardableResult
    public func write(_ bytes: [UInt8]) -> Bool {
        let resume: UInt = state.withLock { s in
            guard !s.closed else { return 0 }
            s.pending += bytes
            return takeSuspended(&s)
        }
        if let connection = OpaquePointer(bitPattern: resume) { MHD_resume_connection(connection) }
        return isOpen
    }

    /// Ends the stream once what is pending has been sent.
    public func close() {
        let resume: UInt = state.withLock { s in
            s.closed = true
            return takeSuspended(&s)
        }
        if let connection = OpaquePointer(bitPattern: resume) { MHD_resume_connection(connection) }
    }

    /// Whether the stream still accepts writes.
    public var isOpen: Bool { state.withLock { !$0.closed } }

    /// Runs `action` once the connection is gone (client left, stream closed, server stopped); at once if it already is.
    public func onEnd(_ action: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { s -> Bool in
            if s.ended { return true }
            s.onEnd.append(action)
            return false
        }
        if runNow { action() }
    }

    private func takeSuspended(_ s: inout State) -> UInt {
        guard s.suspended, s.connection != 0 else { return 0 }
        s.suspended = false
        return s.connection
    }

    func attach(_ connection: OpaquePointer) {
        let address = UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(connection)))
        state.withLock { $0.connection = address }
    }

    /// libmicrohttpd asks for the next bytes: what is pending, the end, or nothing yet (and the connection waits).
    func read(into buffer: UnsafeMutablePointer<CChar>, max: Int) -> Int {
        state.withLock { s -> Int in
            if !s.pending.isEmpty {
                let count = min(max, s.pending.count)
                s.pending.withUnsafeBufferPointer { source in
                    source.baseAddress!.withMemoryRebound(to: CChar.self, capacity: count) { buffer.update(from: $0, count: count) }
                }
                s.pending.removeFirst(count)
                return count
            }
            if s.closed { return -1 }  // MHD_CONTENT_READER_END_OF_STREAM
            guard let connection = OpaquePointer(bitPattern: s.connection) else { return -1 }
            // Suspended inside the lock, so a writer that sees `suspended` always finds the connection suspended.
            s.suspended = true
            MHD_suspend_connection(connection)
            return 0
        }
    }

    /// The response was freed: the connection is gone.
    func ended() {
        let actions = state.withLock { s -> [@Sendable () -> Void] in
            s.closed = true
            s.ended = true
            s.connection = 0
            s.suspended = false
            let actions = s.onEnd
            s.onEnd = []
            return actions
        }
        for action in actions { action() }
    }
}

let streamReader: MHD_ContentReaderCallback = { cls, _, buffer, max in
    guard let cls, let buffer else { return -1 }
    return Unmanaged<ResponseStream>.fromOpaque(cls).takeUnretainedValue().read(into: buffer, max: max)
}

let streamFreed: MHD_ContentReaderFreeCallback = { cls in
    guard let cls else { return }
    let stream = Unmanaged<ResponseStream>.fromOpaque(cls).takeRetainedValue()
    stream.ended()
}

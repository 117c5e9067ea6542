import CMicroHTTPD
import Foundation
import Logging
import Synchronization

/// What the server knows of a request it must refuse before a handler can see it (too large, malformed).
public struct RequestSummary: Sendable {
    public let method: String
    public let rawTarget: String
    public let requestID: String

    public init(method: String, rawTarget: String, requestID: String) {
        self.method = method
        self.rawTarget = rawTarget
        self.requestID = requestID
    }

    public var wantsJSON: Bool { rawTarget.hasPrefix("/api/") || rawTarget.hasPrefix("/healthz") }
}

/// The libmicrohttpd daemon: epoll with an internal thread pool, keep-alive, size limits, graceful shutdown.
public final class HTTPServer: @unchecked Sendable {
    public typealias Responder = @Sendable (Request) -> Response
    public typealias ErrorResponder = @Sendable (RequestSummary, HTTPError) -> Response

    public let configuration: ServerConfiguration
    let logger: Logger
    let responder: Responder
    let errorResponder: ErrorResponder
    /// Files answered from prebuilt responses before a `Request` is even built.
    let staticFiles: StaticFiles?
    /// Exact static addresses answered without a request state, when the access log is off (`StaticFastPath`).
    let staticFastPath: StaticFastPath?
    /// Runs `Response.offloaded` work away from the request threads.
    public let workPool: WorkPool
    private var daemon: OpaquePointer?
    private var acceptor: Acceptor?
    private let activeRequests = Atomic<Int>(0)
    private let requestCounter = Atomic<Int>(0)
    private let idPrefix: String
    /// Open long-lived streams, so the limit holds and shutdown can end them.
    private let streams = Mutex<[ObjectIdentifier: ResponseStream]>([:])

    public init(configuration: ServerConfiguration, logger: Logger,
                responder: @escaping Responder, errorResponder: @escaping ErrorResponder = HTTPServer.plainErrorResponse,
                staticFiles: StaticFiles? = nil) {
        self.configuration = configuration
        self.staticFiles = staticFiles
        self.staticFastPath = logger.logLevel > .info
            ? staticFiles.map { StaticFastPath(files: $0, maxHeaderBytes: configuration.maxHeaderBytes) } : nil
        self.workPool = WorkPool(threads: configuration.workThreads, queueLimit: configuration.workQueueLimit)
        self.logger = logger
        self.responder = responder
        self.errorResponder = errorResponder
        self.idPrefix = String(UInt32.random(in: 0x1000_0000...UInt32.max), radix: 16)
    }

    deinit { stopNow() }

    /// The port the daemon listens on (the chosen one when configured with 0).
    public private(set) var port: UInt16 = 0

    /// Requests received and not yet completely answered.
    public var inFlight: Int { activeRequests.load(ordering: .relaxed) }

    /// Binds and starts the worker threads.
    public func start() throws {
        var address = sockaddr_in()
        guard CMHD_make_ipv4(configuration.host, configuration.port, &address) == 1 else {
            throw ServerError(message: "--host must be an IPv4 address such as 127.0.0.1 or 0.0.0.0, not \"\(configuration.host)\"")
        }
        let threads = configuration.threads > 0 ? configuration.threads : ProcessInfo.processInfo.activeProcessorCount
        DescriptorLimit.raise(toAtLeast: configuration.connectionLimit + DescriptorLimit.reserve, logger: logger)
        guard let acceptor = Acceptor(address: address) else {
            throw ServerError(message: "cannot listen on \(configuration.host):\(configuration.port) (is the port in use, or the address not on this machine?)")
        }
        // The connections come from our own accept thread (see Acceptor), so every pool thread gets its share.
        let flags = UInt32(MHD_USE_INTERNAL_POLLING_THREAD.rawValue | MHD_USE_EPOLL.rawValue | MHD_USE_ITC.rawValue | MHD_USE_ERROR_LOG.rawValue
                           | MHD_ALLOW_SUSPEND_RESUME.rawValue | MHD_USE_NO_LISTEN_SOCKET.rawValue)
        let context = Unmanaged.passUnretained(self).toOpaque()
        daemon = {
            var options: [MHD_OptionItem] = [
                CMHD_option_int(MHD_OPTION.THREAD_POOL_SIZE, threads),
                CMHD_option_int(MHD_OPTION.CONNECTION_LIMIT, configuration.connectionLimit),
                CMHD_option_int(MHD_OPTION.PER_IP_CONNECTION_LIMIT, configuration.perIPConnectionLimit),
                CMHD_option_int(MHD_OPTION.CONNECTION_TIMEOUT, configuration.connectionTimeout),
                // Room for the largest head we accept plus the parsing overhead; larger heads get the library's 431.
                // No more: libmicrohttpd clears the whole area after every request on a keep-alive connection (40 KiB
                // cost a third of a kept home page's instructions; 32 KiB, the library's default, holds a 16 KiB head:
                // ServerTests.headsUpToTheDefaultLimitAreAnsweredAndLargerOnesGetOur431).
                CMHD_option_int(MHD_OPTION.CONNECTION_MEMORY_LIMIT, max(32 * 1024, configuration.maxHeaderBytes + 16 * 1024)),
                CMHD_option_int(MHD_OPTION.STRICT_FOR_CLIENT, 1),
                CMHD_option_end(),
            ]
            return options.withUnsafeMutableBufferPointer { buffer in
                CMHD_start_with_callbacks(flags, 0, accessHandler, context, uriLogCallback, completedCallback, buffer.baseAddress)
            }
        }()
        guard let daemon else {
            acceptor.stop()
            throw ServerError(message: "cannot start the HTTP daemon on \(configuration.host):\(configuration.port)")
        }
        port = acceptor.port
        acceptor.start(into: daemon, threads: threads)
        self.acceptor = acceptor
        logger.info("listening on http://\(configuration.host):\(port) with \(threads) worker threads")
    }

    /// Stops accepting connections, lets in-flight requests finish (up to the grace period), then stops.
    public func shutdown() {
        guard let daemon else { return }
        closeStreams()
        stopAccepting()
        let deadline = Date().addingTimeInterval(configuration.shutdownGrace)
        while activeRequests.load(ordering: .acquiring) > 0 && Date() < deadline {
            usleep(5_000)
        }
        stopNow()
        logger.info("stopped")
    }

    /// Long-lived streams open now.
    public var openStreams: Int { streams.withLock { $0.count } }

    /// Ends every long-lived stream (they finish sending what is pending, then their connections close).
    public func closeStreams() {
        for stream in streams.withLock({ Array($0.values) }) { stream.close() }
        let deadline = Date().addingTimeInterval(2)
        while openStreams > 0 && Date() < deadline { usleep(5_000) }
    }

    /// New connections are refused from now on; the open ones carry on.
    private func stopAccepting() {
        acceptor?.stop()
        acceptor = nil
    }

    private func stopNow() {
        if daemon != nil { closeStreams() }
        stopAccepting()
        // Jobs resume their connections: let them finish while the daemon still exists.
        workPool.stop()
        if let daemon {
            MHD_stop_daemon(daemon)
            self.daemon = nil
        }
    }

    func nextRequestID() -> String {
        let n = requestCounter.add(1, ordering: .relaxed).newValue
        return "\(idPrefix)-\(n)"
    }

    func beganRequest() { activeRequests.add(1, ordering: .relaxed) }
    func endedRequest() { activeRequests.subtract(1, ordering: .releasing) }

    /// The fallback error body when the application supplies none.
    public static let plainErrorResponse: ErrorResponder = { summary, error in
        var response: Response
        if summary.wantsJSON {
            response = .jsonObject(["error": ["status": error.status, "message": error.message, "request_id": summary.requestID]], status: error.status)
        } else {
            let message = error.message.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            response = .html("<!doctype html><title>\(error.status) \(HTTPStatus.reason(error.status))</title><h1>\(HTTPStatus.reason(error.status))</h1><p>\(message)</p>", status: error.status)
        }
        for (name, value) in error.headers { response.setHeader(name, value) }
        return response
    }
}

/// A server that could not start, with the reason for an operator.
public struct ServerError: Error, CustomStringConvertible {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

/// How the 431 limit (`maxHeaderBytes`) counts a request's head: the request line and every header line with their
/// separators. One rule for the ordinary path and the static fast path, so both refuse the same heads.
enum HeadSize {
    static func requestLine(method: Int, target: Int) -> Int { method + target + 12 }
    static func header(name: Int, value: Int) -> Int { name + value + 4 }
}

/// Per-request state, created by the URI-log callback and released by the completed callback.
final class RequestState {
    let rawTarget: String
    let requestID: String
    let started: UInt64
    /// The CPU time of the thread that read the request line, for the access log's `cpu=` (the request's own work,
    /// what a loaded machine's waiting does not change; slow routes finish on the work pool and are not counted).
    let startedCPU: UInt64
    var body: [UInt8] = []
    var tooLarge = false
    /// The head's size as the 431 limit counts it (`HeadSize`).
    var headerBytes = 0
    var headers: [(name: String, value: String)] = []
    var headersRead = false
    /// The connection waits (suspended) for work on the pool; its answer arrives in `pending`.
    var waitingForWork = false
    /// Set when the request went to the work pool: the request thread's CPU until then (the pool's is in `pending`).
    var cpuBeforeWork: UInt64?
    /// The client's address (the peer's, or the one a trusted proxy forwarded), for the access log; "" before it is read.
    var clientAddress = ""
    let pending = PendingAnswer()

    /// The first value of a header, matched without case.
    func header(_ name: String) -> String? { headers.first { ASCII.equalsIgnoringCase($0.name, name) }?.value }

    /// `measuresCPU`: whether the access log will print the CPU used (reading a thread's CPU clock is a system call).
    init(rawTarget: String, requestID: String, measuresCPU: Bool = true) {
        self.rawTarget = rawTarget
        self.requestID = requestID
        self.started = DispatchTime.now().uptimeNanoseconds
        self.startedCPU = measuresCPU ? RequestState.threadCPU() : 0
    }

    /// Nanoseconds of CPU the calling thread has used.
    static func threadCPU() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }
}

private let uriLogCallback: CMHD_UriLogCallback = { cls, uri, _ in
    guard let cls else { return nil }
    let server = Unmanaged<HTTPServer>.fromOpaque(cls).takeUnretainedValue()
    server.beganRequest()
    if let uri, let fast = server.staticFastPath, let tag = fast.tag(uri: uri) { return tag }
    let target = uri.map { String(cString: $0) } ?? "/"
    let state = RequestState(rawTarget: target, requestID: server.nextRequestID(), measuresCPU: server.logger.logLevel <= .info)
    return Unmanaged.passRetained(state).toOpaque()
}

private let completedCallback: MHD_RequestCompletedCallback = { cls, _, conCls, _ in
    guard let cls, let conCls, let pointer = conCls.pointee else { return }
    if StaticFastPath.Tag(pointer) == nil { Unmanaged<RequestState>.fromOpaque(pointer).release() }
    conCls.pointee = nil
    Unmanaged<HTTPServer>.fromOpaque(cls).takeUnretainedValue().endedRequest()
}

private let headerIterator: MHD_KeyValueIterator = { cls, _, key, value in
    guard let cls, let key else { return MHD_Result.YES }
    let state = Unmanaged<RequestState>.fromOpaque(cls).takeUnretainedValue()
    let name = String(cString: key)
    let text = value.map { String(cString: $0) } ?? ""
    state.headerBytes += HeadSize.header(name: name.utf8.count, value: text.utf8.count)
    state.headers.append((name, text))
    return MHD_Result.YES
}

private let accessHandler: MHD_AccessHandlerCallback = { cls, connection, _, method, _, uploadData, uploadSize, conCls in
    guard let cls, let connection, let conCls, let uploadSize else { return MHD_Result.NO }
    let server = Unmanaged<HTTPServer>.fromOpaque(cls).takeUnretainedValue()
    if let tag = StaticFastPath.Tag(conCls.pointee), let fast = server.staticFastPath {
        switch fast.step(tag, connection: connection, method: method, uploadSize: uploadSize, requestPointer: conCls) {
        case .result(let result): return result
        case .ordinary:
            // Not a plain GET or HEAD after all: the ordinary path takes it from its first call.
            let state = RequestState(rawTarget: fast.files.exactPath(at: tag.file), requestID: server.nextRequestID(), measuresCPU: false)
            conCls.pointee = Unmanaged.passRetained(state).toOpaque()
        }
    }
    guard let statePointer = conCls.pointee else { return MHD_Result.NO }
    let state = Unmanaged<RequestState>.fromOpaque(statePointer).takeUnretainedValue()
    let methodName = method.map { String(cString: $0) } ?? "GET"
    let limits = server.configuration

    if !state.headersRead {
        // First call: headers only. Answering now would cost keep-alive, so only refuse what is already certain.
        state.headersRead = true
        state.headerBytes = HeadSize.requestLine(method: methodName.utf8.count, target: state.rawTarget.utf8.count)
        _ = MHD_get_connection_values(connection, MHD_ValueKind.HEADER_KIND, headerIterator, statePointer)
        let summary = RequestSummary(method: methodName, rawTarget: state.rawTarget, requestID: state.requestID)
        if state.headerBytes > limits.maxHeaderBytes {
            let error = HTTPError(431, "The request headers are larger than \(limits.maxHeaderBytes / 1024) KiB. Clear this site's cookies and try again.")
            return server.send(server.errorResponder(summary, error), on: connection, state: state, method: methodName)
        }
        if let length = state.headers.first(where: { ASCII.equalsIgnoringCase($0.name, "content-length") }).flatMap({ Int($0.value) }),
           length > limits.maxBodyBytes {
            return server.send(server.errorResponder(summary, server.tooLargeError), on: connection, state: state, method: methodName)
        }
        return MHD_Result.YES
    }

    if state.waitingForWork {
        // Resumed by the work pool (or at once when it was full): send what the work produced.
        guard let answer = state.pending.take() else { return MHD_Result.YES }
        state.waitingForWork = false
        return server.send(answer, on: connection, state: state, method: methodName)
    }

    if uploadSize.pointee > 0 {
        let count = uploadSize.pointee
        if !state.tooLarge {
            if state.body.count + count > limits.maxBodyBytes {
                state.tooLarge = true
                state.body = []
            } else if let uploadData {
                uploadData.withMemoryRebound(to: UInt8.self, capacity: count) { base in
                    state.body.append(contentsOf: UnsafeBufferPointer(start: base, count: count))
                }
            }
        }
        uploadSize.pointee = 0
        return MHD_Result.YES
    }

    let summary = RequestSummary(method: methodName, rawTarget: state.rawTarget, requestID: state.requestID)
    if state.tooLarge {
        return server.send(server.errorResponder(summary, server.tooLargeError), on: connection, state: state, method: methodName)
    }
    if let files = server.staticFiles, methodName == "GET" || methodName == "HEAD",
       let prebuilt = files.prebuilt(rawTarget: state.rawTarget, acceptEncoding: state.header("accept-encoding"), ifNoneMatch: state.header("if-none-match")) {
        return server.sendPrebuilt(prebuilt.response, status: prebuilt.status, on: connection, state: state, method: methodName)
    }
    var address = [CChar](repeating: 0, count: 64)
    CMHD_client_address(connection, &address, address.count)
    // The one place a forwarded address is read: only from a trusted proxy (`--trusted-proxy`), rightmost untrusted first.
    let proxies = server.configuration.trustedProxies
    let peer = address.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    state.clientAddress = proxies.isEmpty ? peer : proxies.clientAddress(peer: peer, forwardedFor: state.headers
        .filter { ASCII.equalsIgnoringCase($0.name, "x-forwarded-for") }.map(\.value).joined(separator: ","))
    let response: Response
    do {
        let request = try Request(method: methodName, rawTarget: state.rawTarget, headers: state.headers, body: state.body,
                                  clientAddress: state.clientAddress, requestID: state.requestID)
        response = server.responder(request)
    } catch let error as HTTPError {
        response = server.errorResponder(summary, error)
    } catch {
        response = server.errorResponder(summary, HTTPError(400, "The request could not be read."))
    }
    return server.send(response, on: connection, state: state, method: methodName)
}

extension HTTPServer {
    var tooLargeError: HTTPError {
        HTTPError(413, "The request body is larger than the limit of \(configuration.maxBodyBytes / 1024) KiB; nothing was processed.")
    }

    func send(_ response: Response, on connection: OpaquePointer, state: RequestState, method: String) -> MHD_Result {
        if let stream = response.stream { return sendStream(response, stream, on: connection, state: state, method: method) }
        if let work = response.offloaded { return sendOffloaded(work, on: connection, state: state, method: method) }
        if let reusable = response.reusable, let result = reusable.queue(response, status: UInt32(response.status), on: connection) {
            logAnswer(method, state: state, status: response.status, bytes: response.body.count)
            return result
        }
        guard let mhdResponse = Self.makeResponse(response, requestID: state.requestID) else { return MHD_Result.NO }
        let result = MHD_queue_response(connection, UInt32(response.status), mhdResponse)
        MHD_destroy_response(mhdResponse)
        logAnswer(method, state: state, status: response.status, bytes: response.body.count)
        return result
    }

    /// A libmicrohttpd response with a copy of the body and the headers (and `X-Request-Id` when given); the caller
    /// destroys it after queueing.
    static func makeResponse(_ response: Response, requestID: String?) -> OpaquePointer? {
        let mhdResponse = response.body.withUnsafeBytes { raw in
            MHD_create_response_from_buffer(raw.count, UnsafeMutableRawPointer(mutating: raw.baseAddress), MHD_ResponseMemoryMode.RESPMEM_MUST_COPY)
        }
        guard let mhdResponse else { return nil }
        for (name, value) in response.headers {
            // CR/LF in a header value would split the response; drop such values rather than send them.
            if value.utf8.contains(where: { $0 == 13 || $0 == 10 }) { continue }
            _ = MHD_add_response_header(mhdResponse, name, value)
        }
        if let requestID { _ = MHD_add_response_header(mhdResponse, "X-Request-Id", requestID) }
        return mhdResponse
    }

    /// Queues a response shared by many requests (a static file); libmicrohttpd counts its references.
    func sendPrebuilt(_ response: OpaquePointer, status: UInt32, on connection: OpaquePointer, state: RequestState, method: String) -> MHD_Result {
        let result = MHD_queue_response(connection, status, response)
        logAnswer(method, state: state, status: Int(status), bytes: -1)
        return result
    }

    /// The access-log line (server time from the first byte of the request, and the CPU the request used: its
    /// request thread's until the answer, or until it went to the work pool plus the pool job's; with many connections
    /// on one libmicrohttpd thread it may include some of their work), at info level.
    private func logAnswer(_ method: String, state: RequestState, status: Int, bytes: Int) {
        guard logger.logLevel <= .info else { return }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - state.started) / 1_000_000
        let path = state.rawTarget.split(separator: "?", maxSplits: 1).first.map(String.init) ?? state.rawTarget
        let used = state.cpuBeforeWork.map { $0 &+ state.pending.workCPU.withLock { $0 } } ?? (RequestState.threadCPU() &- state.startedCPU)
        let cpu = Double(used) / 1_000_000
        logger.info("\(method) \(path) \(status) \(bytes >= 0 ? "\(bytes)B" : "static") cpu=\(String(format: "%.2f", cpu))ms \(String(format: "%.2f", elapsed))ms id=\(state.requestID)",
                    metadata: state.clientAddress.isEmpty ? nil : ["client": "\(state.clientAddress)"])
    }
}

extension HTTPServer {
    /// Queues a long-lived response whose body the stream feeds; 503 beyond `maxStreams`.
    func sendStream(_ response: Response, _ stream: ResponseStream, on connection: OpaquePointer, state: RequestState, method: String) -> MHD_Result {
        let key = ObjectIdentifier(stream)
        let admitted = streams.withLock { open -> Bool in
            guard open.count < configuration.maxStreams else { return false }
            open[key] = stream
            return true
        }
        guard admitted else {
            stream.close()
            stream.ended()
            let summary = RequestSummary(method: method, rawTarget: state.rawTarget, requestID: state.requestID)
            let error = HTTPError(503, "Too many live streams are open (at most \(configuration.maxStreams)); try again shortly.", headers: ["Retry-After": "5"])
            return send(errorResponder(summary, error), on: connection, state: state, method: method)
        }
        stream.onEnd { [weak self] in _ = self?.streams.withLock { $0.removeValue(forKey: key) } }
        stream.attach(connection)
        if !response.body.isEmpty { stream.write(response.body) }
        let context = Unmanaged.passRetained(stream).toOpaque()
        guard let mhdResponse = CMHD_create_stream_response(4096, streamReader, context, streamFreed) else {
            Unmanaged<ResponseStream>.fromOpaque(context).release()
            stream.ended()
            return MHD_Result.NO
        }
        for (name, value) in response.headers where !value.utf8.contains(where: { $0 == 13 || $0 == 10 }) {
            _ = MHD_add_response_header(mhdResponse, name, value)
        }
        _ = MHD_add_response_header(mhdResponse, "X-Request-Id", state.requestID)
        let result = MHD_queue_response(connection, UInt32(response.status), mhdResponse)
        MHD_destroy_response(mhdResponse)
        logger.info("\(method) \(state.rawTarget.split(separator: "?").first.map(String.init) ?? "") \(response.status) stream id=\(state.requestID)",
                    metadata: state.clientAddress.isEmpty ? nil : ["client": "\(state.clientAddress)"])
        return result
    }
}

/// The answer a work-pool job hands back to the request's connection.
final class PendingAnswer: @unchecked Sendable {
    private let value = Mutex<Response?>(nil)
    /// Nanoseconds of CPU the job used on its pool thread (for the access log).
    let workCPU = Mutex<UInt64>(0)
    func set(_ response: Response) { value.withLock { $0 = response } }
    func take() -> Response? { value.withLock { answer in defer { answer = nil }; return answer } }
}

extension HTTPServer {
    /// Suspends the connection and runs `work` on the pool; the connection is resumed with its answer, or at once
    /// with 503 and Retry-After when the pool is full. The request thread is free meanwhile.
    func sendOffloaded(_ work: @escaping @Sendable () -> Response, on connection: OpaquePointer, state: RequestState, method: String) -> MHD_Result {
        state.waitingForWork = true
        state.cpuBeforeWork = RequestState.threadCPU() &- state.startedCPU
        MHD_suspend_connection(connection)
        let address = UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(connection)))
        let pending = state.pending
        let accepted = workPool.submit {
            let cpu = RequestState.threadCPU()
            var answer = work()
            // Work that asks for more work would wait forever: run it here.
            while let more = answer.offloaded { answer = more() }
            pending.workCPU.withLock { $0 = RequestState.threadCPU() &- cpu }
            pending.set(answer)
            if let connection = OpaquePointer(bitPattern: address) { MHD_resume_connection(connection) }
        }
        if !accepted {
            let summary = RequestSummary(method: method, rawTarget: state.rawTarget, requestID: state.requestID)
            let error = HTTPError(503, "The server is busy with other long tasks (sign-ins, reports, PDFs, imports); nothing was done. Try again in a few seconds.",
                                  headers: ["Retry-After": "5"])
            pending.set(errorResponder(summary, error))
            MHD_resume_connection(connection)
        }
        return MHD_Result.YES
    }
}

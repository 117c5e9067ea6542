import Foundation

/// Listening address and the limits that keep a public port safe; every value has a safe default.
public struct ServerConfiguration: Sendable {
    public var host: String = "127.0.0.1"
    /// 0 picks a free port (tests); read the bound one from `HTTPServer.port`.
    public var port: UInt16 = 8080
    /// Worker threads in libmicrohttpd's pool; 0 means one per core.
    public var threads: Int = 0
    /// Simultaneous connections from one IP address.
    public var perIPConnectionLimit: Int = 64
    /// Simultaneous connections in all, live streams included (the open-files limit is raised to fit at start).
    public var connectionLimit: Int = 4096
    /// Seconds of inactivity before a connection is closed (slow clients).
    public var connectionTimeout: Int = 10
    /// Largest accepted request head (request line + headers); larger gets 431.
    public var maxHeaderBytes: Int = 16 * 1024
    /// Largest accepted body; larger gets 413 and is never processed.
    public var maxBodyBytes: Int = 8 * 1024 * 1024
    /// Long-lived streams (Server-Sent Events) open at once; more are answered 503 with Retry-After. A waiting stream
    /// holds a suspended connection and a descriptor, no thread: 1,000 cost about 2 % of the home page's throughput.
    public var maxStreams: Int = 2048
    /// Threads for slow work (sign-in hashing, PDFs, imports, big reports), apart from the request threads.
    /// Half the cores (at least one), so slow work never takes every core from the request threads.
    public var workThreads: Int = max(1, ProcessInfo.processInfo.activeProcessorCount / 2)
    /// Slow jobs that may wait for a work thread; beyond that the caller gets 503 with Retry-After.
    public var workQueueLimit: Int = 32
    /// Seconds that shutdown waits for in-flight requests.
    public var shutdownGrace: Double = 10
    /// Reverse proxies whose `X-Forwarded-For` names the client (`--trusted-proxy`); none by default.
    public var trustedProxies: TrustedProxies = .none

    public init() {}
}

import Foundation
import Logging

/// The process's open-files limit: every connection (a held live stream too) is a descriptor, and the usual soft
/// limit of 1,024 would make libmicrohttpd refuse connections long before `connectionLimit`.
enum DescriptorLimit {
    /// Descriptors kept for the database, the log, syslog and outbound connections besides the HTTP connections.
    static let reserve = 256

    /// Raises the soft limit to `wanted` (at most the hard limit); logs when the hard limit is lower.
    static func raise(toAtLeast wanted: Int, logger: Logger) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < rlim_t(wanted) else { return }
        let target = min(rlim_t(wanted), limit.rlim_max)  // RLIM_INFINITY is the largest value
        limit.rlim_cur = target
        if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) != 0 || target < rlim_t(wanted) {
            logger.warning("open-files limit is \(target), below the \(wanted) that the connection limit needs: raise it (ulimit -n, LimitNOFILE=)")
        }
    }
}

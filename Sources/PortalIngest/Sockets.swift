import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A failed socket call, with the call and errno.
public struct SocketError: Error, CustomStringConvertible, Sendable {
    public let call: String
    public let errno: Int32
    public var description: String { "\(call) failed: \(String(cString: strerror(errno))) (errno \(errno))" }
}

/// Plain POSIX socket helpers for the receivers.
enum Sockets {
    /// A bound socket (listening when TCP) and the port it got.
    static func bind(_ address: ListenAddress, type: Int32) throws -> (fd: Int32, port: UInt16) {
        let fd = socket(AF_INET, type | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketError(call: "socket", errno: errno) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = address.port.bigEndian
        guard inet_pton(AF_INET, address.host, &addr.sin_addr) == 1 else {
            close(fd)
            throw SocketError(call: "inet_pton(\(address.host))", errno: EINVAL)
        }
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0 else {
            let code = errno
            close(fd)
            throw SocketError(call: "bind(\(address))", errno: code)
        }
        if type == Int32(SOCK_STREAM.rawValue) {
            guard listen(fd, 128) == 0 else {
                let code = errno
                close(fd)
                throw SocketError(call: "listen(\(address))", errno: code)
            }
        }
        if type == Int32(SOCK_DGRAM.rawValue) {
            // A large receive buffer absorbs bursts while the writer commits.
            var size: Int32 = 4 * 1024 * 1024
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return (fd, UInt16(bigEndian: actual.sin_port))
    }
}

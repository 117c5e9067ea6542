import CMicroHTTPD
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The server's own accept thread. libmicrohttpd's pool threads each watch the listening socket and the first one
/// awake takes a whole series of new connections, so under a burst of clients every connection sat on one thread
/// (measured: 16 wrk connections, one pool thread used, the other idle) and a slow request there stalled the rest.
/// Accepting here and handing each connection to the daemon with `MHD_add_connection` spreads them round robin over
/// the pool threads (libmicrohttpd picks the thread by the descriptor's number; `CMHD_accept_into` picks the number).
final class Acceptor: @unchecked Sendable {
    let socket: Int32
    let port: UInt16
    private let condition = NSCondition()
    private var running = false

    /// Binds and listens; nil (with the reason logged by the caller) when the address cannot be used.
    init?(address: sockaddr_in) {
        var address = address
        let fd = CMHD_listen_ipv4(&address)
        guard fd >= 0 else { return nil }
        socket = fd
        port = CMHD_socket_port(fd)
    }

    /// Starts handing connections to `daemon`'s `threads` pool threads until `stop()`.
    func start(into daemon: OpaquePointer, threads: Int) {
        condition.lock()
        running = true
        condition.unlock()
        let fd = socket
        // The daemon outlives this thread (stop() runs before MHD_stop_daemon); passed as an address, as the pool does.
        let address = UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(daemon)))
        let thread = Thread { [self] in
            let daemon = OpaquePointer(bitPattern: address)
            var turn: UInt32 = 0
            while true {
                let failure = CMHD_accept_into(daemon, fd, UInt32(threads), &turn)
                if failure == 0 || failure == EINTR || failure == ECONNABORTED { continue }
                if failure == EMFILE || failure == ENFILE || failure == ENOBUFS || failure == ENOMEM {
                    usleep(10_000) // out of descriptors: the kernel keeps the connection queued meanwhile
                    continue
                }
                break // EINVAL: the socket was shut down by stop()
            }
            condition.lock()
            running = false
            condition.broadcast()
            condition.unlock()
        }
        thread.name = "forewarn-accept"
        thread.start()
    }

    /// Stops accepting (new connections are refused by the kernel), waits for the thread, closes the socket.
    func stop() {
        _ = Glibc.shutdown(socket, Int32(SHUT_RDWR))
        condition.lock()
        while running { condition.wait() }
        condition.unlock()
        close(socket)
    }
}

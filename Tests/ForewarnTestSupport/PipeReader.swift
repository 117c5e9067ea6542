import Foundation

/// Reads a pipe to its end on a thread of its own, with blocking reads, and hands each chunk to `onData`.
///
/// Used instead of `FileHandle.readabilityHandler`: on Linux, tearing such a handler down races libdispatch's epoll
/// bookkeeping and can crash the whole test process in `_dispatch_event_loop_drain` (swift-corelibs-libdispatch
/// issue 949; it crashed this suite once on CI in session 8). A blocking read never registers the descriptor with
/// libdispatch. The thread ends at end of file (the child exited and the parent's write end is closed, which
/// `Process.run` does for a `Pipe`), and keeps the handle open until then.
public enum PipeReader {
    public static func start(_ handle: FileHandle, onData: @escaping @Sendable (Data) -> Void) {
        let thread = Thread {
            let descriptor = handle.fileDescriptor
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count > 0 {
                    onData(Data(buffer[0..<count]))
                } else if count < 0 && errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            withExtendedLifetime(handle) {}
        }
        thread.name = "forewarn.test.pipe"
        thread.start()
    }
}

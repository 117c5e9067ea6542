import CPangoCairo
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where cairo's PDF stream goes: memory or a file. cairo calls `write` through an Unmanaged context pointer.
final class PDFOutput {
    /// The file path, or "memory"; named in errors.
    let name: String
    private var file: UnsafeMutablePointer<FILE>?
    private(set) var data = Data()
    /// errno of the first failed write; cairo is told to stop at that point.
    private var failure: Int32?

    init() {
        name = "memory"
    }

    init(path: String) throws {
        name = path
        guard let file = fopen(path, "wb") else { throw Self.ioError(errno, "fopen", path) }
        self.file = file
    }

    deinit {
        if let file { fclose(file) }
    }

    /// Throws if a write failed since the output was opened or reset.
    func checkWrites() throws {
        if let failure { throw Self.ioError(failure, "fwrite", name) }
    }

    /// Drops everything written so far, to render again from the start.
    func reset() throws {
        data.removeAll(keepingCapacity: true)
        failure = nil
        if let file {
            guard fflush(file) == 0, ftruncate(fileno(file), 0) == 0 else { throw Self.ioError(errno, "ftruncate", name) }
            rewind(file)
        }
    }

    /// Closes a file output; throws if the last buffered bytes could not be written.
    func close() throws {
        guard let file else { return }
        self.file = nil
        if fclose(file) != 0 { throw Self.ioError(errno, "fclose", name) }
    }

    /// Closes and deletes a file output after a failure, so no truncated PDF is left behind.
    func discard() {
        guard let file else { return }
        self.file = nil
        fclose(file)
        unlink(name)
    }

    private func append(_ bytes: UnsafePointer<UInt8>, count: Int) -> Bool {
        guard let file else {
            data.append(bytes, count: count)
            return true
        }
        if fwrite(bytes, 1, count, file) == count { return true }
        failure = errno
        return false
    }

    private static func ioError(_ code: Int32, _ call: String, _ path: String) -> PDFRenderError {
        PDFRenderError(kind: .io(errno: code), call: "\(call)(\(path))", message: String(cString: strerror(code)))
    }

    /// The cairo write callback; `closure` is an unretained `PDFOutput`.
    static let write: cairo_write_func_t = { closure, bytes, length in
        guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
        let output = Unmanaged<PDFOutput>.fromOpaque(closure).takeUnretainedValue()
        return output.append(bytes, count: Int(length)) ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR
    }
}

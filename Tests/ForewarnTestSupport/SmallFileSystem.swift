import Foundation

/// A real, small file system (tmpfs of a few MiB, mounted by the test as root) that a test can fill to the last byte
/// and free again, to see what the portal does when its disk is full.
public final class SmallFileSystem {
    public let path: String
    private var filler: String { path + "/filler" }

    public init(megabytes: Int) throws {
        path = temporaryDirectory() + "/small-fs"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let status = try Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m,mode=0700", "tmpfs", path])
        guard status == 0 else {
            throw ClientError("cannot mount a \(megabytes) MiB tmpfs at \(path) (the storage tests run as root, as CI does)")
        }
    }

    /// Writes a filler file until the file system refuses more (ENOSPC).
    public func fill() throws {
        FileManager.default.createFile(atPath: filler, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: filler))
        defer { try? handle.close() }
        let chunk = Data(repeating: 0x5A, count: 64 * 1024)
        var written = 0
        while true {
            do { try handle.write(contentsOf: chunk) } catch { break }
            written += chunk.count
            if written > 1 << 30 { throw ClientError("the small file system never filled up") }
        }
        // The last partial chunk: byte by byte until nothing more fits.
        while (try? handle.write(contentsOf: Data([0x5A]))) != nil {}
    }

    /// Deletes the filler: the space is back.
    public func free() {
        try? FileManager.default.removeItem(atPath: filler)
    }

    public func unmount() {
        _ = try? Self.run("/bin/umount", ["-l", path])
    }

    private static func run(_ tool: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}

import CZlib

/// Gzip for pages that are compressed once and sent many times (a kept home page).
public enum Gzip {
    /// `bytes` gzip-compressed, with every occurrence of `secret` (a CSRF token) written as a stored block between full
    /// flushes: the compressed size then depends only on the text around it and the secret's length, never on its
    /// bytes, so an attacker who places text next to it and watches sizes (BREACH) learns nothing. nil when zlib fails.
    public static func compress(_ bytes: [UInt8], isolating secret: [UInt8]) -> [UInt8]? {
        let spans = occurrences(of: secret, in: bytes)
        let lengths = [Int](repeating: secret.count, count: spans.count)
        // Each isolated span adds at most three block headers and two flush markers.
        let capacity = CZlib_gzip_bound(bytes.count) + 64 + 32 * spans.count
        var out = [UInt8](repeating: 0, count: capacity)
        let written = bytes.withUnsafeBufferPointer { input in
            spans.withUnsafeBufferPointer { s in
                lengths.withUnsafeBufferPointer { l in
                    out.withUnsafeMutableBufferPointer {
                        CZlib_gzip_isolating(input.baseAddress, input.count, s.baseAddress, l.baseAddress, spans.count, $0.baseAddress, capacity)
                    }
                }
            }
        }
        guard written > 0 else { return nil }
        return Array(out.prefix(written))
    }

    /// Where `needle` starts in `haystack`, not overlapping, in order (none for an empty needle).
    static func occurrences(of needle: [UInt8], in haystack: [UInt8]) -> [Int] {
        guard !needle.isEmpty, haystack.count >= needle.count else { return [] }
        var found: [Int] = []
        var i = 0
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == needle[0], haystack[i..<(i + needle.count)].elementsEqual(needle) {
                found.append(i)
                i += needle.count
            } else {
                i += 1
            }
        }
        return found
    }
}

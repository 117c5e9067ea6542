/// Where a line may break inside a word. Names, host names and e-mail addresses break only at spaces; a single
/// token wider than its box breaks before an `@`, `.` or `-` (the style of the Chicago Manual for addresses), never
/// after a hyphen: a line ending in "-" reads as a hyphenated word and text extraction (`pdftotext`) drops the
/// hyphen when it joins the lines, so copying `srv-ams-00002` would give `srvams-00002`. A token without any of
/// these characters may still break between any two characters rather than run out of its box.
enum BreakOpportunities {
    static let separators: Set<UInt8> = [UInt8(ascii: "@"), UInt8(ascii: "."), UInt8(ascii: "-")]

    /// UTF-8 byte ranges inside which no break is allowed: the pieces of each token that contains a separator after
    /// its first character, cut just before each separator. Pieces of one byte have no inside and are left out.
    static func unbreakableRanges(_ text: String) -> [Range<Int>] {
        let bytes = Array(text.utf8)
        var ranges: [Range<Int>] = []
        var index = 0
        while index < bytes.count {
            if isSpace(bytes, index) {
                index += 1
                continue
            }
            let token = self.token(at: index, in: bytes)
            ranges += pieces(of: token, in: bytes)
            index = token.upperBound
        }
        return ranges
    }

    /// The token (run of non-space bytes) around byte `offset`.
    static func token(at offset: Int, in bytes: [UInt8]) -> Range<Int> {
        var start = min(offset, bytes.count)
        while start > 0, !isSpace(bytes, start - 1) { start -= 1 }
        var end = start
        while end < bytes.count, !isSpace(bytes, end) { end += 1 }
        return start..<end
    }

    /// The unbreakable pieces of one token: none when it has no separator after its first byte.
    static func pieces(of token: Range<Int>, in bytes: [UInt8]) -> [Range<Int>] {
        guard token.count > 1 else { return [] }
        let cuts = (token.lowerBound + 1..<token.upperBound).filter { separators.contains(bytes[$0]) }
        guard !cuts.isEmpty else { return [] }
        var ranges: [Range<Int>] = []
        var start = token.lowerBound
        for cut in cuts + [token.upperBound] {
            if cut - start > 1 { ranges.append(start..<cut) }
            start = cut
        }
        return ranges
    }

    /// ASCII white space, or any byte of a LINE SEPARATOR (U+2028, E2 80 A8), at `index`; a no-break space is not a break.
    static func isSpace(_ bytes: [UInt8], _ index: Int) -> Bool {
        switch bytes[index] {
        case 0x20, 0x09, 0x0A, 0x0D: return true
        case 0xE2, 0x80, 0xA8:
            let lineSeparator: [UInt8] = [0xE2, 0x80, 0xA8]
            return (max(0, index - 2)...index).contains { start in
                start + 3 <= bytes.count && Array(bytes[start..<start + 3]) == lineSeparator
            }
        default: return false
        }
    }
}

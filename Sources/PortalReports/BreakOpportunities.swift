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
        var ranges: [Range<Int>] = []
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            if isSpace(bytes[index]) {
                index += 1
                continue
            }
            var end = index
            while end < bytes.count, !isSpace(bytes[end]) { end += 1 }
            let cuts = (index + 1..<end).filter { separators.contains(bytes[$0]) }
            if !cuts.isEmpty {
                var start = index
                for cut in cuts + [end] {
                    if cut - start > 1 { ranges.append(start..<cut) }
                    start = cut
                }
            }
            index = end
        }
        return ranges
    }

    /// ASCII white space; a no-break space is not a break.
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}

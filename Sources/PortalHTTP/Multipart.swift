import Foundation

/// A `multipart/form-data` body parser (RFC 7578) over the buffered, size-limited body.
public enum Multipart {
    /// Parses the body with the boundary from the Content-Type header.
    public static func parse(body: [UInt8], contentType: String) throws -> FormData {
        guard let boundary = HeaderValue.parameter("boundary", in: contentType), !boundary.isEmpty, boundary.utf8.count <= 200 else {
            throw HTTPError.badRequest("The multipart form has no boundary.")
        }
        let delimiter = Array("--\(boundary)".utf8)
        var form = FormData()
        guard var position = find(delimiter, in: body, from: 0) else {
            throw HTTPError.badRequest("The multipart form is malformed: its boundary never appears.")
        }
        position += delimiter.count
        while true {
            // After a delimiter: "--" ends the body, CRLF starts a part.
            if body.count >= position + 2, body[position] == UInt8(ascii: "-"), body[position + 1] == UInt8(ascii: "-") { break }
            guard body.count >= position + 2, body[position] == 13, body[position + 1] == 10 else {
                throw HTTPError.badRequest("The multipart form is malformed after a boundary.")
            }
            position += 2
            guard let headerEnd = find([13, 10, 13, 10], in: body, from: position) else {
                throw HTTPError.badRequest("A part of the multipart form has no end of headers.")
            }
            guard let headerText = String(validating: body[position..<headerEnd], as: UTF8.self) else {
                throw HTTPError.badRequest("A multipart part header is not valid UTF-8.")
            }
            var disposition = ""
            var partType = "text/plain"
            for line in headerText.split(separator: "\r\n") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let name = line[..<colon].trimmingSpaces().lowercased()
                let value = String(line[line.index(after: colon)...].trimmingSpaces())
                if name == "content-disposition" { disposition = value }
                if name == "content-type" { partType = value }
            }
            let contentStart = headerEnd + 4
            guard let next = find([13, 10] + delimiter, in: body, from: contentStart) else {
                throw HTTPError.badRequest("A part of the multipart form is not terminated by its boundary.")
            }
            let content = Array(body[contentStart..<next])
            guard let fieldName = HeaderValue.parameter("name", in: disposition) else {
                throw HTTPError.badRequest("A part of the multipart form has no field name.")
            }
            if let filename = HeaderValue.parameter("filename", in: disposition) {
                form.files.append(UploadedFile(fieldName: fieldName, filename: filename, contentType: partType, data: content))
            } else {
                guard let value = String(validating: content, as: UTF8.self) else {
                    throw HTTPError.badRequest("The form field \"\(fieldName)\" is not valid UTF-8.")
                }
                form.fields.append((fieldName, value))
            }
            position = next + 2 + delimiter.count
        }
        return form
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        let first = needle[0]
        var i = start
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}

/// Parameters of structured header values such as `multipart/form-data; boundary=x`.
public enum HeaderValue {
    /// The value of `name=` in a `;`-separated header, unquoted.
    public static func parameter(_ name: String, in header: String) -> String? {
        for part in header.split(separator: ";").dropFirst() {
            let trimmed = part.trimmingSpaces()
            guard let eq = trimmed.firstIndex(of: "=") else { continue }
            guard trimmed[..<eq].trimmingSpaces().lowercased() == name.lowercased() else { continue }
            var value = trimmed[trimmed.index(after: eq)...].trimmingSpaces()
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = value.dropFirst().dropLast()
                return String(value).replacingOccurrences(of: "\\\"", with: "\"")
            }
            return String(value)
        }
        return nil
    }

    /// The media type without parameters, lowercased.
    public static func mediaType(_ header: String) -> String {
        (header.split(separator: ";", maxSplits: 1).first ?? "").trimmingSpaces().lowercased()
    }
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}

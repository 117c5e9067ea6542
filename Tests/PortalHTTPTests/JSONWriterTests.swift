import Foundation
import PortalHTTP
import Testing

@Suite("JSON writer")
struct JSONWriterTests {
    @Test(arguments: ["plain", "quote \" and \\ backslash", "new\nline\ttab\r", "\u{01}\u{1f} control", "ünïcödé ✓ 日本", "</script>", ""])
    func stringsReadBackAsWritten(text: String) throws {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("text", text)
        writer.field("n", -42)
        writer.key("list")
        writer.strings([text, "b"])
        writer.key("flag")
        writer.bool(true)
        writer.key("none")
        writer.null()
        writer.key("empty")
        writer.beginArray()
        writer.endArray()
        writer.endObject()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(writer.bytes)) as? [String: Any])
        #expect(object["text"] as? String == text)
        #expect(object["n"] as? Int == -42)
        #expect(object["list"] as? [String] == [text, "b"])
        #expect(object["flag"] as? Bool == true)
        #expect(object["none"] is NSNull)
        #expect((object["empty"] as? [Any])?.isEmpty == true)
    }

    @Test(arguments: [100.0, 99.9, 0.001, -3.0, 12.5, 1e20])
    func numbersAreWrittenAsJSONSerializationWritesThem(value: Double) throws {
        var writer = JSONWriter()
        writer.number(value)
        let expected = try JSONSerialization.data(withJSONObject: [value])
        #expect("[" + String(decoding: writer.bytes, as: UTF8.self) + "]" == String(decoding: expected, as: UTF8.self))
    }
}

/// Lower-case hex of bytes. Token hashes are computed on every signed-in request: `String(format: "%02x")` per
/// byte went through Foundation's formatter (about 10 % of the home page's CPU in a profile), this is a table lookup.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// Two hex digits per byte, lower case.
    public static func encode(_ bytes: [UInt8]) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            for (i, byte) in bytes.enumerated() {
                out[2 * i] = digits[Int(byte >> 4)]
                out[2 * i + 1] = digits[Int(byte & 0x0f)]
            }
            return bytes.count * 2
        }
    }
}

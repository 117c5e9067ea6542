/// Counted nouns in words: "1 server", "3 servers".
public enum Plural {
    /// The count and the noun, with an s unless the count is one (or the given plural).
    public static func count(_ n: Int, _ noun: String, plural: String? = nil) -> String {
        "\(n) " + (n == 1 ? noun : plural ?? noun + "s")
    }
}

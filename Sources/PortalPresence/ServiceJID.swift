/// How a service's name becomes the local part of its JID: `Billing API` is `billing-api@services.example.org`.
public enum ServiceJID {
    /// Lower case; every run of characters other than letters, digits, `.`, `_` and `-` becomes one `-`; no `-` at
    /// either end. Empty when nothing usable is left.
    public static func node(for name: String) -> String {
        var result = ""
        var pendingDash = false
        for character in name.lowercased() {
            if character.isLetter || character.isNumber || character == "." || character == "_" || character == "-" {
                if pendingDash && !result.isEmpty { result.append("-") }
                pendingDash = false
                result.append(character)
            } else {
                pendingDash = true
            }
        }
        return String(result.prefix(1023))
    }
}

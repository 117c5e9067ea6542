/// The deployment stage a server or service belongs to.
public enum Environment: String, Sendable, Codable, Hashable, CaseIterable {
    case prod = "PROD"
    case int = "INT"
    case test = "TEST"
    case dev = "DEV"
}

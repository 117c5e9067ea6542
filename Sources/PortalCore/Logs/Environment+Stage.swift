extension Environment {
    /// Reads a stage as log senders write it: the short names and the long ones (`PRODUCTION`, `INTEGRATION`,
    /// `TESTING`, `DEVELOPMENT`), in any case.
    public init?(stageName: String) {
        switch stageName.uppercased() {
        case "PROD", "PRODUCTION": self = .prod
        case "INT", "INTEGRATION": self = .int
        case "TEST", "TESTING": self = .test
        case "DEV", "DEVELOPMENT": self = .dev
        default: return nil
        }
    }
}

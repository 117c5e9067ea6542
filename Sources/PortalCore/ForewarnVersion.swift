/// The version printed by `forewarn --version` and in every page footer.
public enum ForewarnVersion {
    public static let current = "0.1.0"
}

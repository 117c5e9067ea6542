/// Advisory lock keys Forewarn takes on PostgreSQL (one number space per database, shared by every instance).
public enum PostgresLocks {
    /// Held while migrations run.
    public static let migration: Int64 = 0x466F_7265_0001
    /// Held by the instance that runs the background workers (downtime clock, outbox delivery).
    public static let workers: Int64 = 0x466F_7265_0002
    /// Taken for each tick of the downtime clock (start, complete, reminders) by the instance that runs it.
    public static let clock: Int64 = 0x466F_7265_0003

    /// `base` for the installation at `url`: advisory locks are per database, so the schema an installation lives in
    /// (`search_path` in the URL's options, as the tests' per-test schemas use) is mixed in; without one, `base` itself.
    public static func key(_ base: Int64, url: String) -> Int64 {
        let decoded = url.removingPercentEncoding ?? url
        guard let range = decoded.range(of: #"search_path=[A-Za-z0-9_]+"#, options: .regularExpression) else { return base }
        // FNV-1a over the schema name, folded into the low 32 bits.
        var hash: UInt32 = 2_166_136_261
        for byte in decoded[range].utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return (base << 32) | Int64(hash)
    }
}

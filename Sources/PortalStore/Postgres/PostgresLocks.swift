/// Advisory lock keys Forewarn takes on PostgreSQL (one number space per database, shared by every instance).
public enum PostgresLocks {
    /// Held while migrations run.
    public static let migration: Int64 = 0x466F_7265_0001
    /// Held by the instance that runs the background workers (downtime clock, outbox delivery).
    public static let workers: Int64 = 0x466F_7265_0002
    /// Taken for each tick of the downtime clock (start, complete, reminders) by the instance that runs it.
    public static let clock: Int64 = 0x466F_7265_0003
}

import Foundation

/// The key/value settings changed from the admin pages (`status.public`, `mail.smtp_url`, ...).
public enum SettingsStore {
    /// The stored value, or nil when the key was never set.
    public static func value(_ db: Database, _ key: String) throws -> String? {
        if case .text(let value)? = try db.scalar("SELECT value FROM settings WHERE key = ?", [key]) { return value }
        return nil
    }

    /// Sets a value, replacing any earlier one.
    public static func set(_ db: Database, _ key: String, _ value: String) throws {
        try db.run("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value])
    }

    /// The health probe's small write: proves the writer can still commit.
    public static func recordHealthProbe(_ db: Database, at: Date) throws {
        try set(db, "health.probe_at", StoreTime.format(at))
    }
}

/// Every schema step Forewarn has ever shipped, oldest first. Append only: never edit a step that has landed.
public enum Migrations {
    public static let all: [Migration] = [
        Migration(name: "settings and audit log", sql: """
            CREATE TABLE settings (
                key TEXT PRIMARY KEY NOT NULL CHECK (length(key) BETWEEN 1 AND 100),
                value TEXT NOT NULL CHECK (length(value) <= 10000)
            ) STRICT;

            CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY,
                at TEXT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                object_kind TEXT NOT NULL,
                object_id INTEGER,
                object_name TEXT NOT NULL DEFAULT '',
                before_json TEXT,
                after_json TEXT,
                request_id TEXT
            ) STRICT;
            CREATE INDEX audit_log_object ON audit_log (object_kind, object_id);
            CREATE INDEX audit_log_at ON audit_log (at);
            CREATE INDEX audit_log_actor ON audit_log (actor, at);
            """),
    ]
}

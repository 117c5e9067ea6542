-- Forewarn: the current database schema, for people to read.
-- The database itself is built by the migrations in Sources/PortalStore/Migrations.swift;
-- a test migrates an empty database and checks that its structure equals this file.
-- Conventions: STRICT tables, times are UTC ISO-8601 text ('2027-01-12T21:00:00Z'),
-- every reference is a real FOREIGN KEY, every FK column is indexed.

-- Key/value settings changed from the settings page.
CREATE TABLE settings (
    key TEXT PRIMARY KEY NOT NULL CHECK (length(key) BETWEEN 1 AND 100),
    value TEXT NOT NULL CHECK (length(value) <= 10000)
) STRICT;

-- Who did what and when. Audit rows outlive the objects they describe, so object_kind/object_id
-- are a record of history, deliberately not a foreign key (a delete must not erase its own audit).
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

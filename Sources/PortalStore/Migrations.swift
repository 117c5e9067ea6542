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
        Migration(name: "inventory: regions, clusters, servers, services, dependencies, processes, data sets, contacts", sql: """
            -- Regions nest to any depth; cycles are refused by the application (a CHECK cannot see other rows).
            CREATE TABLE regions (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
                parent_id INTEGER REFERENCES regions(id),
                description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
                CHECK (parent_id IS NULL OR parent_id <> id)
            ) STRICT;
            CREATE INDEX regions_parent ON regions (parent_id);

            CREATE TABLE clusters (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
                region_id INTEGER NOT NULL REFERENCES regions(id),
                description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 2000)
            ) STRICT;
            CREATE INDEX clusters_region ON clusters (region_id);

            -- A server sits in a cluster (and so in the cluster's region) or directly in a region: exactly one is set.
            CREATE TABLE servers (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
                region_id INTEGER REFERENCES regions(id),
                cluster_id INTEGER REFERENCES clusters(id),
                environment TEXT NOT NULL CHECK (environment IN ('PROD', 'INT', 'TEST', 'DEV')),
                description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
                CHECK ((region_id IS NULL) <> (cluster_id IS NULL))
            ) STRICT;
            CREATE INDEX servers_region ON servers (region_id);
            CREATE INDEX servers_cluster ON servers (cluster_id);
            CREATE INDEX servers_environment ON servers (environment, name);

            CREATE TABLE services (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
                environment TEXT NOT NULL CHECK (environment IN ('PROD', 'INT', 'TEST', 'DEV')),
                tier INTEGER NOT NULL CHECK (tier BETWEEN 1 AND 4),
                description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 2000)
            ) STRICT;

            -- Where a service runs: on one server or on every server of a cluster, with the healthy hosts it needs.
            CREATE TABLE placements (
                id INTEGER PRIMARY KEY,
                service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
                server_id INTEGER REFERENCES servers(id),
                cluster_id INTEGER REFERENCES clusters(id),
                min_healthy INTEGER NOT NULL DEFAULT 1 CHECK (min_healthy BETWEEN 1 AND 10000),
                CHECK ((server_id IS NULL) <> (cluster_id IS NULL))
            ) STRICT;
            CREATE UNIQUE INDEX placements_service_server ON placements (service_id, server_id) WHERE server_id IS NOT NULL;
            CREATE UNIQUE INDEX placements_service_cluster ON placements (service_id, cluster_id) WHERE cluster_id IS NOT NULL;
            CREATE INDEX placements_server ON placements (server_id);
            CREATE INDEX placements_cluster ON placements (cluster_id);

            -- service_id depends on depends_on_id. The reverse index answers "who depends on X" for the impact walk.
            CREATE TABLE dependencies (
                service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
                depends_on_id INTEGER NOT NULL REFERENCES services(id),
                kind TEXT NOT NULL CHECK (kind IN ('hard', 'soft')),
                PRIMARY KEY (service_id, depends_on_id),
                CHECK (service_id <> depends_on_id)
            ) STRICT;
            CREATE INDEX dependencies_reverse ON dependencies (depends_on_id, service_id);

            CREATE TABLE processes (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
                description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 2000)
            ) STRICT;

            CREATE TABLE process_services (
                process_id INTEGER NOT NULL REFERENCES processes(id) ON DELETE CASCADE,
                service_id INTEGER NOT NULL REFERENCES services(id),
                PRIMARY KEY (process_id, service_id)
            ) STRICT;
            CREATE INDEX process_services_service ON process_services (service_id);

            -- A data set lives on a service or on a server: exactly one is set.
            CREATE TABLE datasets (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
                classification TEXT NOT NULL CHECK (classification IN ('public', 'internal', 'confidential', 'restricted')),
                service_id INTEGER REFERENCES services(id),
                server_id INTEGER REFERENCES servers(id),
                description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
                CHECK ((service_id IS NULL) <> (server_id IS NULL))
            ) STRICT;
            CREATE INDEX datasets_service ON datasets (service_id);
            CREATE INDEX datasets_server ON datasets (server_id);

            CREATE TABLE people (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
                email TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(email) BETWEEN 3 AND 254),
                phone TEXT NOT NULL DEFAULT '' CHECK (length(phone) <= 40),
                time_zone TEXT NOT NULL DEFAULT 'UTC' CHECK (length(time_zone) BETWEEN 1 AND 64)
            ) STRICT;
            CREATE INDEX people_name ON people (name);

            CREATE TABLE teams (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
                email TEXT NOT NULL DEFAULT '' CHECK (length(email) <= 254)
            ) STRICT;

            CREATE TABLE team_members (
                team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
                person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
                PRIMARY KEY (team_id, person_id)
            ) STRICT;
            CREATE INDEX team_members_person ON team_members (person_id);

            CREATE TABLE roles (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100)
            ) STRICT;
            INSERT INTO roles (id, name) VALUES
                (1, 'data owner'), (2, 'downtime coordinator'), (3, 'comms manager'), (4, 'technical contact'), (5, 'business owner');

            -- Who holds which role on which object: exactly one contact (person or team), exactly one object.
            -- One nullable foreign key per kind keeps every reference real (no "object_type + object_id").
            CREATE TABLE assignments (
                id INTEGER PRIMARY KEY,
                person_id INTEGER REFERENCES people(id) ON DELETE CASCADE,
                team_id INTEGER REFERENCES teams(id) ON DELETE CASCADE,
                role_id INTEGER NOT NULL REFERENCES roles(id),
                priority TEXT NOT NULL CHECK (priority IN ('primary', 'secondary', 'tertiary', 'inactive')),
                region_id INTEGER REFERENCES regions(id) ON DELETE CASCADE,
                cluster_id INTEGER REFERENCES clusters(id) ON DELETE CASCADE,
                server_id INTEGER REFERENCES servers(id) ON DELETE CASCADE,
                service_id INTEGER REFERENCES services(id) ON DELETE CASCADE,
                process_id INTEGER REFERENCES processes(id) ON DELETE CASCADE,
                dataset_id INTEGER REFERENCES datasets(id) ON DELETE CASCADE,
                CHECK ((person_id IS NULL) <> (team_id IS NULL)),
                CHECK ((region_id IS NOT NULL) + (cluster_id IS NOT NULL) + (server_id IS NOT NULL) + (service_id IS NOT NULL)
                       + (process_id IS NOT NULL) + (dataset_id IS NOT NULL) = 1)
            ) STRICT;
            CREATE UNIQUE INDEX assignments_unique ON assignments (role_id, ifnull(person_id, 0), ifnull(team_id, 0), ifnull(region_id, 0),
                ifnull(cluster_id, 0), ifnull(server_id, 0), ifnull(service_id, 0), ifnull(process_id, 0), ifnull(dataset_id, 0));
            CREATE INDEX assignments_person ON assignments (person_id);
            CREATE INDEX assignments_team ON assignments (team_id);
            CREATE INDEX assignments_role ON assignments (role_id);
            CREATE INDEX assignments_region ON assignments (region_id);
            CREATE INDEX assignments_cluster ON assignments (cluster_id);
            CREATE INDEX assignments_server ON assignments (server_id);
            CREATE INDEX assignments_service ON assignments (service_id);
            CREATE INDEX assignments_process ON assignments (process_id);
            CREATE INDEX assignments_dataset ON assignments (dataset_id);
            """),
        Migration(name: "downtimes, targets, impact snapshots, history, blackouts", sql: """
            -- A declared downtime. The window is stored in UTC with the zone it was declared in.
            CREATE TABLE downtimes (
                id INTEGER PRIMARY KEY,
                title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
                kind TEXT NOT NULL CHECK (kind IN ('planned', 'emergency', 'unplanned')),
                state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'scheduled', 'in_progress', 'completed', 'cancelled')),
                starts_at TEXT NOT NULL,
                ends_at TEXT NOT NULL,
                time_zone TEXT NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),
                change_ticket TEXT NOT NULL DEFAULT '' CHECK (length(change_ticket) <= 100),
                change_url TEXT NOT NULL DEFAULT '' CHECK (length(change_url) <= 2000),
                reason TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 4000),
                note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 4000),
                coordinator_id INTEGER REFERENCES people(id),
                comms_manager_id INTEGER REFERENCES people(id),
                override_reason TEXT NOT NULL DEFAULT '' CHECK (length(override_reason) <= 2000),
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                CHECK (ends_at > starts_at)
            ) STRICT;
            CREATE INDEX downtimes_window ON downtimes (starts_at, ends_at);
            CREATE INDEX downtimes_state ON downtimes (state, starts_at);
            CREATE INDEX downtimes_coordinator ON downtimes (coordinator_id);
            CREATE INDEX downtimes_comms_manager ON downtimes (comms_manager_id);

            -- What a downtime takes down: exactly one region, cluster, server or service per row.
            CREATE TABLE downtime_targets (
                id INTEGER PRIMARY KEY,
                downtime_id INTEGER NOT NULL REFERENCES downtimes(id) ON DELETE CASCADE,
                region_id INTEGER REFERENCES regions(id),
                cluster_id INTEGER REFERENCES clusters(id),
                server_id INTEGER REFERENCES servers(id),
                service_id INTEGER REFERENCES services(id),
                CHECK ((region_id IS NOT NULL) + (cluster_id IS NOT NULL) + (server_id IS NOT NULL) + (service_id IS NOT NULL) = 1)
            ) STRICT;
            CREATE INDEX downtime_targets_downtime ON downtime_targets (downtime_id);
            CREATE INDEX downtime_targets_region ON downtime_targets (region_id);
            CREATE INDEX downtime_targets_cluster ON downtime_targets (cluster_id);
            CREATE INDEX downtime_targets_server ON downtime_targets (server_id);
            CREATE INDEX downtime_targets_service ON downtime_targets (service_id);

            -- The impact frozen when a downtime is announced (a historical document: the report attached to the
            -- change ticket must never change silently, so it is kept as computed, not recomputed).
            CREATE TABLE impact_snapshots (
                id INTEGER PRIMARY KEY,
                downtime_id INTEGER NOT NULL REFERENCES downtimes(id) ON DELETE CASCADE,
                taken_at TEXT NOT NULL,
                impact_json TEXT NOT NULL,
                affected_count INTEGER NOT NULL,
                contact_count INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX impact_snapshots_downtime ON impact_snapshots (downtime_id, id);

            -- Each lifecycle move, for the downtime's history.
            CREATE TABLE downtime_events (
                id INTEGER PRIMARY KEY,
                downtime_id INTEGER NOT NULL REFERENCES downtimes(id) ON DELETE CASCADE,
                at TEXT NOT NULL,
                actor TEXT NOT NULL,
                event TEXT NOT NULL CHECK (event IN ('create', 'announce', 'start', 'complete', 'cancel', 'extend', 'reannounce', 'edit')),
                from_state TEXT,
                to_state TEXT NOT NULL,
                note TEXT NOT NULL DEFAULT ''
            ) STRICT;
            CREATE INDEX downtime_events_downtime ON downtime_events (downtime_id, id);

            -- Change freezes: global (no region) or on a region and everything below it.
            CREATE TABLE blackouts (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
                region_id INTEGER REFERENCES regions(id) ON DELETE CASCADE,
                starts_at TEXT NOT NULL,
                ends_at TEXT NOT NULL,
                reason TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 2000),
                CHECK (ends_at > starts_at)
            ) STRICT;
            CREATE INDEX blackouts_window ON blackouts (starts_at, ends_at);
            CREATE INDEX blackouts_region ON blackouts (region_id);
            """),
        Migration(name: "accounts: users, sessions, API tokens, sign-in failures", sql: """
            -- People who sign in. Roles are cumulative: viewer < engineer < comms_manager < admin.
            CREATE TABLE users (
                id INTEGER PRIMARY KEY,
                login TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(login) BETWEEN 1 AND 64),
                display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
                email TEXT NOT NULL DEFAULT '' CHECK (length(email) <= 254),
                person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
                role TEXT NOT NULL CHECK (role IN ('viewer', 'engineer', 'comms_manager', 'admin')),
                password_hash TEXT NOT NULL,
                disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
                created_at TEXT NOT NULL,
                password_changed_at TEXT NOT NULL
            ) STRICT;
            CREATE INDEX users_person ON users (person_id);

            -- Server-side sessions; the cookie holds a random id whose hash is stored here.
            CREATE TABLE sessions (
                id_hash TEXT PRIMARY KEY NOT NULL,
                user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                created_at TEXT NOT NULL,
                last_seen_at TEXT NOT NULL,
                expires_at TEXT NOT NULL
            ) STRICT;
            CREATE INDEX sessions_user ON sessions (user_id);

            -- API tokens for /api/v1, stored hashed, scoped, revocable.
            CREATE TABLE api_tokens (
                id INTEGER PRIMARY KEY,
                user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
                token_hash TEXT NOT NULL UNIQUE,
                scope TEXT NOT NULL CHECK (scope IN ('read', 'write')),
                created_at TEXT NOT NULL,
                last_used_at TEXT,
                revoked_at TEXT
            ) STRICT;
            CREATE INDEX api_tokens_user ON api_tokens (user_id);

            -- Failed sign-ins, for throttling per account and per address.
            CREATE TABLE login_failures (
                id INTEGER PRIMARY KEY,
                login TEXT NOT NULL,
                address TEXT NOT NULL,
                at TEXT NOT NULL
            ) STRICT;
            CREATE INDEX login_failures_login ON login_failures (login, at);
            CREATE INDEX login_failures_address ON login_failures (address, at);
            """),
        Migration(name: "incidents: targets, updates, snapshots, affected services, follow-ups", sql: """
            -- Incidents: trouble as it happens, its updates, the impact it had, its postmortem and follow-ups.

            -- An incident. Open while status is not 'resolved'; ended_at is set exactly when it is resolved.
            CREATE TABLE incidents (
                id INTEGER PRIMARY KEY,
                title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
                ticket TEXT NOT NULL DEFAULT '' CHECK (length(ticket) <= 100),
                ticket_url TEXT NOT NULL DEFAULT '' CHECK (length(ticket_url) <= 2000),
                severity TEXT NOT NULL CHECK (severity IN ('minor', 'major', 'critical')),
                status TEXT NOT NULL DEFAULT 'investigating' CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved')),
                engineer_id INTEGER REFERENCES people(id),
                started_at TEXT NOT NULL,
                ended_at TEXT,
                description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
                resolution TEXT NOT NULL DEFAULT '' CHECK (length(resolution) <= 4000),
                root_cause TEXT NOT NULL DEFAULT '' CHECK (length(root_cause) <= 4000),
                -- The unplanned-outage downtime about the same objects, when there is one.
                downtime_id INTEGER REFERENCES downtimes(id) ON DELETE SET NULL,
                created_by TEXT NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                CHECK ((status = 'resolved') = (ended_at IS NOT NULL)),
                CHECK (ended_at IS NULL OR ended_at >= started_at)
            ) STRICT;
            CREATE INDEX incidents_started ON incidents (started_at);
            CREATE INDEX incidents_status ON incidents (status);
            CREATE INDEX incidents_engineer ON incidents (engineer_id);
            CREATE INDEX incidents_downtime ON incidents (downtime_id);

            -- What an incident hits directly: exactly one inventory object per row.
            CREATE TABLE incident_targets (
                id INTEGER PRIMARY KEY,
                incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
                region_id INTEGER REFERENCES regions(id),
                cluster_id INTEGER REFERENCES clusters(id),
                server_id INTEGER REFERENCES servers(id),
                service_id INTEGER REFERENCES services(id),
                process_id INTEGER REFERENCES processes(id),
                dataset_id INTEGER REFERENCES datasets(id),
                CHECK ((region_id IS NOT NULL) + (cluster_id IS NOT NULL) + (server_id IS NOT NULL) + (service_id IS NOT NULL)
                       + (process_id IS NOT NULL) + (dataset_id IS NOT NULL) = 1)
            ) STRICT;
            CREATE INDEX incident_targets_incident ON incident_targets (incident_id);
            CREATE INDEX incident_targets_region ON incident_targets (region_id);
            CREATE INDEX incident_targets_cluster ON incident_targets (cluster_id);
            CREATE INDEX incident_targets_server ON incident_targets (server_id);
            CREATE INDEX incident_targets_service ON incident_targets (service_id);
            CREATE INDEX incident_targets_process ON incident_targets (process_id);
            CREATE INDEX incident_targets_dataset ON incident_targets (dataset_id);

            -- The incident's timeline: opening, each status update, resolution and reopening.
            CREATE TABLE incident_updates (
                id INTEGER PRIMARY KEY,
                incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
                at TEXT NOT NULL,
                actor TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('open', 'update', 'resolve', 'reopen')),
                status TEXT NOT NULL CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved')),
                message TEXT NOT NULL DEFAULT '' CHECK (length(message) <= 4000),
                notify INTEGER NOT NULL DEFAULT 0 CHECK (notify IN (0, 1))
            ) STRICT;
            CREATE INDEX incident_updates_incident ON incident_updates (incident_id, id);

            -- The impact computed when the incident was opened (and again when its targets change), kept as computed.
            CREATE TABLE incident_snapshots (
                id INTEGER PRIMARY KEY,
                incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
                taken_at TEXT NOT NULL,
                impact_json TEXT NOT NULL,
                affected_count INTEGER NOT NULL,
                contact_count INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX incident_snapshots_incident ON incident_snapshots (incident_id, id);

            -- The services an incident took down or degraded (from its latest snapshot), for outage minutes and the status page.
            CREATE TABLE incident_services (
                incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
                service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
                state TEXT NOT NULL CHECK (state IN ('down', 'degraded', 'at_risk')),
                PRIMARY KEY (incident_id, service_id)
            ) STRICT;
            CREATE INDEX incident_services_service ON incident_services (service_id);

            -- Postmortem follow-up actions, each with an owner and a due date.
            CREATE TABLE incident_followups (
                id INTEGER PRIMARY KEY,
                incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
                action TEXT NOT NULL CHECK (length(action) BETWEEN 1 AND 1000),
                owner_id INTEGER REFERENCES people(id),
                due_on TEXT NOT NULL CHECK (due_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
                done_at TEXT,
                created_at TEXT NOT NULL
            ) STRICT;
            CREATE INDEX incident_followups_incident ON incident_followups (incident_id);
            CREATE INDEX incident_followups_owner ON incident_followups (owner_id);
            """),
        Migration(name: "notifications: notice events, outbox, subscriptions, calendar tokens, webhooks", sql: """
            -- Notifications: what people must hear about, the e-mail outbox, subscriptions, calendar feeds and webhooks.

            -- One thing people must hear about (an announcement, a reschedule, a reminder, an incident update...), with the
            -- facts as they were at that moment, so a later edit never rewrites a notice already queued.
            CREATE TABLE notice_events (
                id INTEGER PRIMARY KEY,
                -- Idempotency key: the same event is never queued twice ('downtime:7:reminder:60:2027-01-12T21:00:00Z').
                event_key TEXT NOT NULL UNIQUE,
                event TEXT NOT NULL CHECK (event IN ('announce', 'reschedule', 'extend', 'cancel', 'start', 'complete', 'reminder',
                                                     'incident_open', 'incident_update', 'incident_resolve', 'incident_reopen')),
                downtime_id INTEGER REFERENCES downtimes(id) ON DELETE CASCADE,
                incident_id INTEGER REFERENCES incidents(id) ON DELETE CASCADE,
                -- iCalendar SEQUENCE of the downtime's invite as of this event.
                sequence INTEGER NOT NULL DEFAULT 0,
                attach_pdf INTEGER NOT NULL DEFAULT 0 CHECK (attach_pdf IN (0, 1)),
                payload_json TEXT NOT NULL,
                actor TEXT NOT NULL,
                created_at TEXT NOT NULL,
                CHECK ((downtime_id IS NOT NULL) + (incident_id IS NOT NULL) = 1)
            ) STRICT;
            CREATE INDEX notice_events_downtime ON notice_events (downtime_id);
            CREATE INDEX notice_events_incident ON notice_events (incident_id);

            -- The outbox: one e-mail per recipient address per event, delivered by the background worker.
            CREATE TABLE outbox (
                id INTEGER PRIMARY KEY,
                notice_event_id INTEGER NOT NULL REFERENCES notice_events(id) ON DELETE CASCADE,
                recipient TEXT NOT NULL COLLATE NOCASE CHECK (length(recipient) BETWEEN 3 AND 254),
                recipient_name TEXT NOT NULL DEFAULT '' CHECK (length(recipient_name) <= 200),
                person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
                team_id INTEGER REFERENCES teams(id) ON DELETE SET NULL,
                time_zone TEXT NOT NULL DEFAULT 'UTC' CHECK (length(time_zone) BETWEEN 1 AND 64),
                -- Why this recipient is told: roles on objects with their explanation, and subscriptions.
                reasons_json TEXT NOT NULL,
                message_id TEXT NOT NULL UNIQUE,
                status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at TEXT NOT NULL,
                last_error TEXT NOT NULL DEFAULT '' CHECK (length(last_error) <= 2000),
                sent_at TEXT,
                UNIQUE (notice_event_id, recipient)
            ) STRICT;
            CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
            CREATE INDEX outbox_person ON outbox (person_id);
            CREATE INDEX outbox_team ON outbox (team_id);

            -- A user who wants an object's notices without holding a role on it.
            CREATE TABLE subscriptions (
                id INTEGER PRIMARY KEY,
                user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                region_id INTEGER REFERENCES regions(id) ON DELETE CASCADE,
                cluster_id INTEGER REFERENCES clusters(id) ON DELETE CASCADE,
                server_id INTEGER REFERENCES servers(id) ON DELETE CASCADE,
                service_id INTEGER REFERENCES services(id) ON DELETE CASCADE,
                process_id INTEGER REFERENCES processes(id) ON DELETE CASCADE,
                created_at TEXT NOT NULL,
                CHECK ((region_id IS NOT NULL) + (cluster_id IS NOT NULL) + (server_id IS NOT NULL) + (service_id IS NOT NULL)
                       + (process_id IS NOT NULL) = 1)
            ) STRICT;
            CREATE UNIQUE INDEX subscriptions_unique ON subscriptions (user_id, ifnull(region_id, 0), ifnull(cluster_id, 0), ifnull(server_id, 0),
                ifnull(service_id, 0), ifnull(process_id, 0));
            CREATE INDEX subscriptions_region ON subscriptions (region_id);
            CREATE INDEX subscriptions_cluster ON subscriptions (cluster_id);
            CREATE INDEX subscriptions_server ON subscriptions (server_id);
            CREATE INDEX subscriptions_service ON subscriptions (service_id);
            CREATE INDEX subscriptions_process ON subscriptions (process_id);

            -- Private calendar feed of one person's downtimes; the URL carries a random token whose hash is stored here.
            CREATE TABLE calendar_tokens (
                id INTEGER PRIMARY KEY,
                person_id INTEGER NOT NULL UNIQUE REFERENCES people(id) ON DELETE CASCADE,
                token_hash TEXT NOT NULL UNIQUE,
                created_at TEXT NOT NULL
            ) STRICT;

            -- Admin-registered URLs that receive a signed JSON event for every notice.
            CREATE TABLE webhooks (
                id INTEGER PRIMARY KEY,
                url TEXT NOT NULL CHECK (length(url) BETWEEN 8 AND 2000),
                -- The HMAC-SHA256 key; kept as is because every delivery must be signed with it.
                secret TEXT NOT NULL CHECK (length(secret) BETWEEN 16 AND 200),
                description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 200),
                active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
                created_at TEXT NOT NULL
            ) STRICT;

            CREATE TABLE webhook_deliveries (
                id INTEGER PRIMARY KEY,
                notice_event_id INTEGER NOT NULL REFERENCES notice_events(id) ON DELETE CASCADE,
                webhook_id INTEGER NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
                status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at TEXT NOT NULL,
                last_error TEXT NOT NULL DEFAULT '' CHECK (length(last_error) <= 2000),
                sent_at TEXT,
                UNIQUE (notice_event_id, webhook_id)
            ) STRICT;
            CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
            CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id);
            """),
        Migration(name: "logs: products, messages with a full-text index, versions seen per stage", sql: """
            -- Logs: messages sent by syslog or the HTTP API, searchable by time, stage, product and text.

            -- A program that logs, linked to the inventory service it belongs to (same name by default, or mapped by hand).
            CREATE TABLE log_products (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
                service_id INTEGER REFERENCES services(id) ON DELETE SET NULL,
                created_at TEXT NOT NULL
            ) STRICT;
            CREATE INDEX log_products_service ON log_products (service_id);

            -- One message. at: ISO 8601 UTC to the millisecond. level: syslog severity (0 emergency … 7 debug), so "error or
            -- worse" is level <= 3. stage NULL: neither the sender nor the product's service said.
            CREATE TABLE log_messages (
                id INTEGER PRIMARY KEY,
                at TEXT NOT NULL,
                level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 7),
                stage TEXT CHECK (stage IN ('PROD', 'INT', 'TEST', 'DEV')),
                product_id INTEGER REFERENCES log_products(id) ON DELETE CASCADE,
                version TEXT NOT NULL DEFAULT '' CHECK (length(version) <= 200),
                host TEXT NOT NULL DEFAULT '' CHECK (length(host) <= 255),
                module TEXT NOT NULL DEFAULT '' CHECK (length(module) <= 200),
                line INTEGER,
                message TEXT NOT NULL CHECK (length(message) <= 65536),
                fields_json TEXT
            ) STRICT;
            CREATE INDEX log_messages_at ON log_messages (at);
            CREATE INDEX log_messages_stage_at ON log_messages (stage, at);
            CREATE INDEX log_messages_product_at ON log_messages (product_id, at);

            -- Full-text index of the message text (external content: the text is stored once, in log_messages).
            CREATE VIRTUAL TABLE log_messages_fts USING fts5 (message, content = 'log_messages', content_rowid = 'id');
            CREATE TRIGGER log_messages_fts_insert AFTER INSERT ON log_messages BEGIN
                INSERT INTO log_messages_fts (rowid, message) VALUES (new.id, new.message);
            END;
            CREATE TRIGGER log_messages_fts_delete AFTER DELETE ON log_messages BEGIN
                INSERT INTO log_messages_fts (log_messages_fts, rowid, message) VALUES ('delete', old.id, old.message);
            END;

            -- Which version of a product ran in which stage, from its first to its last message (kept by the batch writer in
            -- the same transaction as the messages; the first message of a version is a deployment marker).
            CREATE TABLE log_versions (
                product_id INTEGER NOT NULL REFERENCES log_products(id) ON DELETE CASCADE,
                stage TEXT NOT NULL CHECK (stage IN ('PROD', 'INT', 'TEST', 'DEV', '')),
                version TEXT NOT NULL CHECK (length(version) BETWEEN 1 AND 200),
                first_seen TEXT NOT NULL,
                last_seen TEXT NOT NULL,
                PRIMARY KEY (product_id, stage, version)
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX log_versions_first_seen ON log_versions (first_seen);
            """),
        Migration(name: "monitoring: checks, samples, rollups, alerts, states, leases; alert notices", sql: """
            -- Monitoring: checks of inventory objects, their samples and rollups, alert state and history, and leases that keep
            -- two checkers (serve and `forewarn monitor`) from running the same check.

            -- One availability check of exactly one inventory object (a service, a server or a cluster).
            CREATE TABLE checks (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 300),
                kind TEXT NOT NULL CHECK (kind IN ('http', 'tcp', 'tls')),
                service_id INTEGER REFERENCES services(id) ON DELETE CASCADE,
                server_id INTEGER REFERENCES servers(id) ON DELETE CASCADE,
                cluster_id INTEGER REFERENCES clusters(id) ON DELETE CASCADE,
                url TEXT NOT NULL DEFAULT '' CHECK (length(url) <= 2000),
                method TEXT NOT NULL DEFAULT 'GET' CHECK (method IN ('GET', 'HEAD')),
                host TEXT NOT NULL DEFAULT '' CHECK (length(host) <= 253),
                port INTEGER CHECK (port BETWEEN 1 AND 65535),
                expect_status TEXT NOT NULL DEFAULT '200-399' CHECK (length(expect_status) BETWEEN 1 AND 100),
                expect_body TEXT NOT NULL DEFAULT '' CHECK (length(expect_body) <= 1000),
                timeout_ms INTEGER NOT NULL DEFAULT 10000 CHECK (timeout_ms BETWEEN 100 AND 120000),
                -- Above this response time an available sample counts as degraded; NULL: never.
                max_response_ms INTEGER CHECK (max_response_ms > 0),
                cert_min_days INTEGER NOT NULL DEFAULT 14 CHECK (cert_min_days BETWEEN 0 AND 3650),
                interval_seconds REAL NOT NULL CHECK (interval_seconds >= 1),
                alert_below_percent REAL NOT NULL DEFAULT 80 CHECK (alert_below_percent BETWEEN 0 AND 100),
                alert_window_seconds INTEGER NOT NULL DEFAULT 120 CHECK (alert_window_seconds BETWEEN 1 AND 86400),
                -- Open an incident on alert and post the recovery as its update.
                opens_incident INTEGER NOT NULL DEFAULT 0 CHECK (opens_incident IN (0, 1)),
                paused INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                CHECK ((service_id IS NOT NULL) + (server_id IS NOT NULL) + (cluster_id IS NOT NULL) = 1)
            ) STRICT;
            CREATE INDEX checks_service ON checks (service_id);
            CREATE INDEX checks_server ON checks (server_id);
            CREATE INDEX checks_cluster ON checks (cluster_id);

            -- Every result of a check. downtime_id is set when a declared downtime in progress explained the target's state at
            -- that moment: the sample was taken "in maintenance" (kept out of alerts and out of the SLA without planned work).
            CREATE TABLE check_samples (
                id INTEGER PRIMARY KEY,
                check_id INTEGER NOT NULL REFERENCES checks(id) ON DELETE CASCADE,
                at TEXT NOT NULL,
                available INTEGER NOT NULL CHECK (available IN (0, 1)),
                degraded INTEGER NOT NULL DEFAULT 0 CHECK (degraded IN (0, 1)),
                http_status INTEGER,
                response_ms INTEGER CHECK (response_ms >= 0),
                error TEXT NOT NULL DEFAULT '' CHECK (length(error) <= 500),
                downtime_id INTEGER REFERENCES downtimes(id) ON DELETE SET NULL
            ) STRICT;
            CREATE INDEX check_samples_check_at ON check_samples (check_id, at);
            CREATE INDEX check_samples_at ON check_samples (at);
            CREATE INDEX check_samples_downtime ON check_samples (downtime_id);

            -- Per-minute and per-hour aggregates of the samples, written in the same transaction as the samples they cover.
            -- histogram: response-time counts per fixed logarithmic bucket ('index:count' pairs, space separated).
            CREATE TABLE check_rollups (
                check_id INTEGER NOT NULL REFERENCES checks(id) ON DELETE CASCADE,
                resolution TEXT NOT NULL CHECK (resolution IN ('minute', 'hour')),
                bucket TEXT NOT NULL,
                samples INTEGER NOT NULL CHECK (samples >= 0),
                up INTEGER NOT NULL CHECK (up >= 0),
                maintenance_samples INTEGER NOT NULL DEFAULT 0,
                maintenance_up INTEGER NOT NULL DEFAULT 0,
                timed INTEGER NOT NULL DEFAULT 0,
                sum_ms INTEGER NOT NULL DEFAULT 0,
                min_ms INTEGER,
                max_ms INTEGER,
                histogram TEXT NOT NULL DEFAULT '',
                PRIMARY KEY (check_id, resolution, bucket)
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX check_rollups_bucket ON check_rollups (resolution, bucket);

            -- One outage of a check, from alert to recovery (ended_at NULL while open), or a certificate about to expire (kind
            -- 'certificate', open until it is renewed). At most one outage is open per check, so a
            -- restart can never raise a second alert for the same outage. downtime_id: the downtime a "still down" alert names.
            CREATE TABLE check_alerts (
                id INTEGER PRIMARY KEY,
                check_id INTEGER NOT NULL REFERENCES checks(id) ON DELETE CASCADE,
                kind TEXT NOT NULL CHECK (kind IN ('down', 'still_down', 'certificate')),
                downtime_id INTEGER REFERENCES downtimes(id) ON DELETE SET NULL,
                incident_id INTEGER REFERENCES incidents(id) ON DELETE SET NULL,
                started_at TEXT NOT NULL,
                ended_at TEXT,
                availability REAL NOT NULL,
                message TEXT NOT NULL CHECK (length(message) <= 2000),
                recovery_message TEXT NOT NULL DEFAULT '' CHECK (length(recovery_message) <= 2000)
            ) STRICT;
            CREATE INDEX check_alerts_check ON check_alerts (check_id, started_at);
            CREATE UNIQUE INDEX check_alerts_open ON check_alerts (check_id) WHERE ended_at IS NULL AND kind != 'certificate';
            CREATE UNIQUE INDEX check_alerts_open_certificate ON check_alerts (check_id) WHERE ended_at IS NULL AND kind = 'certificate';
            CREATE INDEX check_alerts_started ON check_alerts (started_at);
            CREATE INDEX check_alerts_downtime ON check_alerts (downtime_id);
            CREATE INDEX check_alerts_incident ON check_alerts (incident_id);

            -- The alert state machine's memory between samples and across restarts: in maintenance (the downtime that silences
            -- failures), or just out of it (the downtime and when it ended, for the "still down" alert).
            CREATE TABLE check_states (
                check_id INTEGER PRIMARY KEY REFERENCES checks(id) ON DELETE CASCADE,
                phase TEXT NOT NULL CHECK (phase IN ('normal', 'maintenance', 'after_maintenance')),
                downtime_id INTEGER REFERENCES downtimes(id) ON DELETE SET NULL,
                maintenance_ended_at TEXT,
                updated_at TEXT NOT NULL
            ) STRICT;
            CREATE INDEX check_states_downtime ON check_states (downtime_id);

            -- Which checker runs a check until when; a checker renews its leases and takes over expired ones.
            CREATE TABLE check_leases (
                check_id INTEGER PRIMARY KEY REFERENCES checks(id) ON DELETE CASCADE,
                owner TEXT NOT NULL CHECK (length(owner) BETWEEN 1 AND 200),
                expires_at TEXT NOT NULL
            ) STRICT;
            CREATE INDEX check_leases_owner ON check_leases (owner);

            -- Notices about alerts and recoveries: notice_events gains a third subject, so it is rebuilt (SQLite cannot change a CHECK).
            CREATE TABLE notice_events_new (
                id INTEGER PRIMARY KEY,
                -- Idempotency key: the same event is never queued twice ('downtime:7:reminder:60:2027-01-12T21:00:00Z').
                event_key TEXT NOT NULL UNIQUE,
                event TEXT NOT NULL CHECK (event IN ('announce', 'reschedule', 'extend', 'cancel', 'start', 'complete', 'reminder',
                                                     'incident_open', 'incident_update', 'incident_resolve', 'incident_reopen',
                                                     'check_alert', 'check_recover')),
                downtime_id INTEGER REFERENCES downtimes(id) ON DELETE CASCADE,
                incident_id INTEGER REFERENCES incidents(id) ON DELETE CASCADE,
                -- iCalendar SEQUENCE of the downtime's invite as of this event.
                sequence INTEGER NOT NULL DEFAULT 0,
                attach_pdf INTEGER NOT NULL DEFAULT 0 CHECK (attach_pdf IN (0, 1)),
                payload_json TEXT NOT NULL,
                actor TEXT NOT NULL,
                created_at TEXT NOT NULL,
                check_alert_id INTEGER REFERENCES check_alerts(id) ON DELETE CASCADE,
                CHECK ((downtime_id IS NOT NULL) + (incident_id IS NOT NULL) + (check_alert_id IS NOT NULL) = 1)
            ) STRICT;
            INSERT INTO notice_events_new (id, event_key, event, downtime_id, incident_id, sequence, attach_pdf, payload_json, actor, created_at)
                SELECT id, event_key, event, downtime_id, incident_id, sequence, attach_pdf, payload_json, actor, created_at FROM notice_events;
            DROP TABLE notice_events;
            ALTER TABLE notice_events_new RENAME TO notice_events;
            CREATE INDEX notice_events_downtime ON notice_events (downtime_id);
            CREATE INDEX notice_events_incident ON notice_events (incident_id);
            CREATE INDEX notice_events_check_alert ON notice_events (check_alert_id);
            """),
        Migration(name: "recurring downtimes (series, targets, occurrences) and ticket integrations with their deliveries", sql: """
            -- Recurring maintenance windows: an RFC 5545 rule expanded in its zone from a first wall-clock start. Each
            -- occurrence is its own downtime, created ahead within the horizon; the series keeps the fields new ones copy.
            CREATE TABLE downtime_series (
                id INTEGER PRIMARY KEY,
                -- RRULE value as the invite carries it (UNTIL in UTC), e.g. 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU'.
                rule TEXT NOT NULL CHECK (length(rule) BETWEEN 9 AND 300),
                time_zone TEXT NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),
                -- DTSTART: the wall-clock reading in time_zone the rule is expanded from ('2027-01-12T22:00:00').
                first_start_local TEXT NOT NULL CHECK (length(first_start_local) = 19),
                duration_seconds INTEGER NOT NULL CHECK (duration_seconds BETWEEN 60 AND 2592000),
                horizon_days INTEGER NOT NULL DEFAULT 90 CHECK (horizon_days BETWEEN 1 AND 366),
                -- UTC: every occurrence starting up to here exists as a downtime.
                planned_through TEXT NOT NULL,
                -- Announced series announce the occurrences the clock adds, without a notice each.
                announced INTEGER NOT NULL DEFAULT 0 CHECK (announced IN (0, 1)),
                title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
                kind TEXT NOT NULL CHECK (kind IN ('planned', 'emergency', 'unplanned')),
                change_ticket TEXT NOT NULL DEFAULT '' CHECK (length(change_ticket) <= 100),
                change_url TEXT NOT NULL DEFAULT '' CHECK (length(change_url) <= 2000),
                reason TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 4000),
                note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 4000),
                coordinator_id INTEGER REFERENCES people(id),
                comms_manager_id INTEGER REFERENCES people(id),
                override_reason TEXT NOT NULL DEFAULT '' CHECK (length(override_reason) <= 2000),
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            ) STRICT;
            CREATE INDEX downtime_series_coordinator ON downtime_series (coordinator_id);
            CREATE INDEX downtime_series_comms_manager ON downtime_series (comms_manager_id);

            -- What every occurrence of a series takes down: exactly one region, cluster, server or service per row.
            CREATE TABLE downtime_series_targets (
                id INTEGER PRIMARY KEY,
                series_id INTEGER NOT NULL REFERENCES downtime_series(id) ON DELETE CASCADE,
                region_id INTEGER REFERENCES regions(id),
                cluster_id INTEGER REFERENCES clusters(id),
                server_id INTEGER REFERENCES servers(id),
                service_id INTEGER REFERENCES services(id),
                CHECK ((region_id IS NOT NULL) + (cluster_id IS NOT NULL) + (server_id IS NOT NULL) + (service_id IS NOT NULL) = 1)
            ) STRICT;
            CREATE INDEX downtime_series_targets_series ON downtime_series_targets (series_id);
            CREATE INDEX downtime_series_targets_region ON downtime_series_targets (region_id);
            CREATE INDEX downtime_series_targets_cluster ON downtime_series_targets (cluster_id);
            CREATE INDEX downtime_series_targets_server ON downtime_series_targets (server_id);
            CREATE INDEX downtime_series_targets_service ON downtime_series_targets (service_id);

            -- Which downtime is which occurrence of its series. A skipped occurrence is a cancelled one (EXDATE in the invite);
            -- one moved on its own keeps its recurrence_at (RECURRENCE-ID) while its window changes.
            CREATE TABLE downtime_occurrences (
                downtime_id INTEGER PRIMARY KEY REFERENCES downtimes(id) ON DELETE CASCADE,
                series_id INTEGER NOT NULL REFERENCES downtime_series(id) ON DELETE CASCADE,
                -- UTC instant the rule gives for this occurrence.
                recurrence_at TEXT NOT NULL,
                UNIQUE (series_id, recurrence_at)
            ) STRICT;

            -- Change-ticket systems (ServiceNow, Jira, a generic HTTPS endpoint) the report PDF is pushed to when a downtime is
            -- announced or re-announced. The password, token or signing secret is sealed with the server's key, never shown back.
            CREATE TABLE ticket_integrations (
                id INTEGER PRIMARY KEY,
                kind TEXT NOT NULL CHECK (kind IN ('servicenow', 'jira', 'generic')),
                base_url TEXT NOT NULL CHECK (length(base_url) BETWEEN 8 AND 2000),
                auth TEXT NOT NULL CHECK (auth IN ('basic', 'bearer', 'signature')),
                username TEXT NOT NULL DEFAULT '' CHECK (length(username) <= 200),
                secret_sealed TEXT NOT NULL CHECK (length(secret_sealed) BETWEEN 1 AND 4000),
                active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
                created_at TEXT NOT NULL
            ) STRICT;

            -- One push of one frozen impact (snapshot) to one ticket system, delivered by the outbox worker with retries.
            CREATE TABLE ticket_deliveries (
                id INTEGER PRIMARY KEY,
                snapshot_id INTEGER NOT NULL REFERENCES impact_snapshots(id) ON DELETE CASCADE,
                integration_id INTEGER NOT NULL REFERENCES ticket_integrations(id) ON DELETE CASCADE,
                ticket TEXT NOT NULL CHECK (length(ticket) BETWEEN 1 AND 100),
                -- What is left to do: the attachment, then the work note (a retry does not attach the PDF twice).
                step TEXT NOT NULL DEFAULT 'attach' CHECK (step IN ('attach', 'note', 'done')),
                status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at TEXT NOT NULL,
                last_error TEXT NOT NULL DEFAULT '' CHECK (length(last_error) <= 2000),
                created_at TEXT NOT NULL,
                sent_at TEXT,
                UNIQUE (snapshot_id, integration_id)
            ) STRICT;
            CREATE INDEX ticket_deliveries_due ON ticket_deliveries (status, next_attempt_at);
            CREATE INDEX ticket_deliveries_integration ON ticket_deliveries (integration_id);
            """),
        Migration(name: "heartbeats (pings, transitions, alerts) and log rules (windows); their notices", sql: """
            -- Heartbeats: jobs of a service that report in (GET|POST /ping/<uuid>, or a log rule). A heartbeat without a ping for
            -- period + grace is down; down and recovery are alerts like a check's. phase, phase_downtime_id and
            -- maintenance_ended_at are the alert rules' memory (as check_states keeps it for checks).
            CREATE TABLE heartbeats (
                id INTEGER PRIMARY KEY,
                uuid TEXT NOT NULL UNIQUE CHECK (length(uuid) = 36),
                name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
                service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
                period_seconds INTEGER NOT NULL CHECK (period_seconds BETWEEN 1 AND 31622400),
                grace_seconds INTEGER NOT NULL CHECK (grace_seconds BETWEEN 0 AND 31622400),
                state TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'up', 'late', 'down')),
                last_ping_at TEXT,
                state_changed_at TEXT NOT NULL,
                phase TEXT NOT NULL DEFAULT 'normal' CHECK (phase IN ('normal', 'maintenance', 'after_maintenance')),
                phase_downtime_id INTEGER REFERENCES downtimes(id) ON DELETE SET NULL,
                maintenance_ended_at TEXT,
                created_at TEXT NOT NULL
            ) STRICT;
            CREATE INDEX heartbeats_service ON heartbeats (service_id);
            CREATE INDEX heartbeats_phase_downtime ON heartbeats (phase_downtime_id);

            -- Every ping as it came (the body of a /fail ping kept, capped at 10,000 characters).
            CREATE TABLE heartbeat_pings (
                id INTEGER PRIMARY KEY,
                heartbeat_id INTEGER NOT NULL REFERENCES heartbeats(id) ON DELETE CASCADE,
                at TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('success', 'start', 'fail', 'log')),
                source TEXT NOT NULL DEFAULT '' CHECK (length(source) <= 100),
                body TEXT NOT NULL DEFAULT '' CHECK (length(body) <= 10000)
            ) STRICT;
            CREATE INDEX heartbeat_pings_heartbeat ON heartbeat_pings (heartbeat_id, at);

            -- Every move of a heartbeat's state machine.
            CREATE TABLE heartbeat_transitions (
                id INTEGER PRIMARY KEY,
                heartbeat_id INTEGER NOT NULL REFERENCES heartbeats(id) ON DELETE CASCADE,
                at TEXT NOT NULL,
                from_state TEXT NOT NULL CHECK (from_state IN ('new', 'up', 'late', 'down')),
                to_state TEXT NOT NULL CHECK (to_state IN ('new', 'up', 'late', 'down')),
                signal TEXT NOT NULL CHECK (length(signal) BETWEEN 1 AND 40)
            ) STRICT;
            CREATE INDEX heartbeat_transitions_heartbeat ON heartbeat_transitions (heartbeat_id, at);

            -- One outage of a heartbeat, from alert to recovery; at most one open per heartbeat. downtime_id: the downtime a
            -- "still down" alert names.
            CREATE TABLE heartbeat_alerts (
                id INTEGER PRIMARY KEY,
                heartbeat_id INTEGER NOT NULL REFERENCES heartbeats(id) ON DELETE CASCADE,
                kind TEXT NOT NULL CHECK (kind IN ('down', 'still_down')),
                downtime_id INTEGER REFERENCES downtimes(id) ON DELETE SET NULL,
                started_at TEXT NOT NULL,
                ended_at TEXT,
                message TEXT NOT NULL CHECK (length(message) <= 2000),
                recovery_message TEXT NOT NULL DEFAULT '' CHECK (length(recovery_message) <= 2000)
            ) STRICT;
            CREATE INDEX heartbeat_alerts_heartbeat ON heartbeat_alerts (heartbeat_id, started_at);
            CREATE UNIQUE INDEX heartbeat_alerts_open ON heartbeat_alerts (heartbeat_id) WHERE ended_at IS NULL;
            CREATE INDEX heartbeat_alerts_downtime ON heartbeat_alerts (downtime_id);


            -- Log rules: messages of one stage (and service, level, text) that, `count` of them within `window_seconds`, make
            -- Forewarn tell people. One notice per rule per window; the rest are counted in log_rule_windows.
            CREATE TABLE log_rules (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
                stage TEXT NOT NULL CHECK (stage IN ('PROD', 'INT', 'TEST', 'DEV')),
                service_id INTEGER REFERENCES services(id) ON DELETE CASCADE,
                min_level INTEGER NOT NULL CHECK (min_level BETWEEN 0 AND 7),
                text_kind TEXT NOT NULL DEFAULT 'any' CHECK (text_kind IN ('any', 'fts', 'regex')),
                text TEXT NOT NULL DEFAULT '' CHECK (length(text) <= 1000),
                count INTEGER NOT NULL DEFAULT 1 CHECK (count BETWEEN 1 AND 1000000),
                window_seconds INTEGER NOT NULL DEFAULT 60 CHECK (window_seconds BETWEEN 1 AND 86400),
                notify_contacts INTEGER NOT NULL DEFAULT 1 CHECK (notify_contacts IN (0, 1)),
                -- "A message matching X counts as a beat": each batch with a match pings this heartbeat.
                heartbeat_id INTEGER REFERENCES heartbeats(id) ON DELETE SET NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            ) STRICT;
            CREATE INDEX log_rules_stage ON log_rules (stage);
            CREATE INDEX log_rules_service ON log_rules (service_id);
            CREATE INDEX log_rules_heartbeat ON log_rules (heartbeat_id);

            -- A rule's current window: when it began, how many messages matched, when it fired and whether a downtime silenced it.
            CREATE TABLE log_rule_windows (
                rule_id INTEGER PRIMARY KEY REFERENCES log_rules(id) ON DELETE CASCADE,
                started_at TEXT NOT NULL,
                count INTEGER NOT NULL,
                fired_at TEXT,
                silenced_by INTEGER REFERENCES downtimes(id) ON DELETE SET NULL
            ) STRICT;
            CREATE INDEX log_rule_windows_silenced ON log_rule_windows (silenced_by);

            -- Notices about heartbeat alerts and log rules: notice_events gains a fourth and a fifth subject, so it is rebuilt (SQLite cannot change a CHECK).
            CREATE TABLE notice_events_new (
                id INTEGER PRIMARY KEY,
                -- Idempotency key: the same event is never queued twice ('downtime:7:reminder:60:2027-01-12T21:00:00Z').
                event_key TEXT NOT NULL UNIQUE,
                event TEXT NOT NULL CHECK (event IN ('announce', 'reschedule', 'extend', 'cancel', 'start', 'complete', 'reminder',
                                                     'incident_open', 'incident_update', 'incident_resolve', 'incident_reopen',
                                                     'check_alert', 'check_recover')),
                downtime_id INTEGER REFERENCES downtimes(id) ON DELETE CASCADE,
                incident_id INTEGER REFERENCES incidents(id) ON DELETE CASCADE,
                -- iCalendar SEQUENCE of the downtime's invite as of this event.
                sequence INTEGER NOT NULL DEFAULT 0,
                attach_pdf INTEGER NOT NULL DEFAULT 0 CHECK (attach_pdf IN (0, 1)),
                payload_json TEXT NOT NULL,
                actor TEXT NOT NULL,
                created_at TEXT NOT NULL,
                check_alert_id INTEGER REFERENCES check_alerts(id) ON DELETE CASCADE,
                -- A heartbeat's alert or recovery (event 'check_alert' / 'check_recover': the same notice as a check's).
                heartbeat_alert_id INTEGER REFERENCES heartbeat_alerts(id) ON DELETE CASCADE,
                -- A log rule that fired (event 'check_alert'), once per rule per window.
                log_rule_id INTEGER REFERENCES log_rules(id) ON DELETE CASCADE,
                CHECK ((downtime_id IS NOT NULL) + (incident_id IS NOT NULL) + (check_alert_id IS NOT NULL) + (heartbeat_alert_id IS NOT NULL)
                       + (log_rule_id IS NOT NULL) = 1)
            ) STRICT;
            INSERT INTO notice_events_new (id, event_key, event, downtime_id, incident_id, sequence, attach_pdf, payload_json, actor, created_at,
                                           check_alert_id)
                SELECT id, event_key, event, downtime_id, incident_id, sequence, attach_pdf, payload_json, actor, created_at, check_alert_id
                  FROM notice_events;
            DROP TABLE notice_events;
            ALTER TABLE notice_events_new RENAME TO notice_events;
            CREATE INDEX notice_events_downtime ON notice_events (downtime_id);
            CREATE INDEX notice_events_incident ON notice_events (incident_id);
            CREATE INDEX notice_events_check_alert ON notice_events (check_alert_id);
            CREATE INDEX notice_events_heartbeat_alert ON notice_events (heartbeat_alert_id);
            CREATE INDEX notice_events_log_rule ON notice_events (log_rule_id);
            """),
        Migration(name: "api tokens: the ingest scope (log shippers may only POST /api/v1/logs)", sql: """
            -- SQLite cannot change a CHECK: api_tokens is rebuilt with the third scope.
            CREATE TABLE api_tokens_new (
                id INTEGER PRIMARY KEY,
                user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
                token_hash TEXT NOT NULL UNIQUE,
                -- read: GET only; write: everything the user's role allows; ingest: only POST /api/v1/logs (log shippers).
                scope TEXT NOT NULL CHECK (scope IN ('read', 'write', 'ingest')),
                created_at TEXT NOT NULL,
                last_used_at TEXT,
                revoked_at TEXT
            ) STRICT;
            INSERT INTO api_tokens_new (id, user_id, name, token_hash, scope, created_at, last_used_at, revoked_at)
                SELECT id, user_id, name, token_hash, scope, created_at, last_used_at, revoked_at FROM api_tokens;
            DROP TABLE api_tokens;
            ALTER TABLE api_tokens_new RENAME TO api_tokens;
            CREATE INDEX api_tokens_user ON api_tokens (user_id);
            """),
        Migration(name: "service levels: SLA on services, levels per service per minute, the change log of levels", sql: """
            ALTER TABLE services ADD COLUMN sla_percent REAL CHECK (sla_percent IS NULL OR (sla_percent > 0 AND sla_percent <= 100));
            ALTER TABLE services ADD COLUMN sla_period TEXT NOT NULL DEFAULT '' CHECK (sla_period IN ('', 'month', '30d'));

            -- One minute of one service as its signals saw it (today: its checks' minute rollups): good, bad, or
            -- explained by a declared downtime in progress. Minutes without a signal have no row.
            CREATE TABLE service_level_minutes (
                service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
                -- Unix time in minutes (UTC).
                minute INTEGER NOT NULL,
                signal TEXT NOT NULL CHECK (signal IN ('good', 'bad', 'maintenance')),
                PRIMARY KEY (service_id, minute)
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX service_level_minutes_minute ON service_level_minutes (minute);

            -- Every published change of a level or mood, of a service, a process, a region or the whole estate (overall = 1):
            -- the ids Server-Sent Events resume from (Last-Event-ID).
            CREATE TABLE service_level_events (
                id INTEGER PRIMARY KEY,
                at TEXT NOT NULL,
                service_id INTEGER REFERENCES services(id) ON DELETE CASCADE,
                process_id INTEGER REFERENCES processes(id) ON DELETE CASCADE,
                region_id INTEGER REFERENCES regions(id) ON DELETE CASCADE,
                overall INTEGER NOT NULL DEFAULT 0 CHECK (overall IN (0, 1)),
                name TEXT NOT NULL,
                percent REAL,
                mood TEXT NOT NULL CHECK (mood IN ('ok', 'degraded', 'breaching', 'down', 'maintenance', 'unknown')),
                reason TEXT NOT NULL,
                CHECK ((service_id IS NOT NULL) + (process_id IS NOT NULL) + (region_id IS NOT NULL) + overall = 1)
            ) STRICT;
            CREATE INDEX service_level_events_service ON service_level_events (service_id);
            CREATE INDEX service_level_events_process ON service_level_events (process_id);
            CREATE INDEX service_level_events_region ON service_level_events (region_id);
            """),
        Migration(name: "log rules: named people or teams, an incident, one chosen webhook, several stages", sql: """
            -- People or teams by name, separated by commas, told when the rule fires (besides the service's contacts).
            ALTER TABLE log_rules ADD COLUMN notify_names TEXT NOT NULL DEFAULT '' CHECK (length(notify_names) <= 2000);
            -- Open an incident on the rule's service with this severity when it fires; '' none.
            ALTER TABLE log_rules ADD COLUMN incident_severity TEXT NOT NULL DEFAULT '' CHECK (incident_severity IN ('', 'minor', 'major', 'critical'));
            -- Called when the rule fires, even when the rule tells nobody by mail.
            ALTER TABLE log_rules ADD COLUMN webhook_id INTEGER REFERENCES webhooks(id) ON DELETE SET NULL;
            CREATE INDEX log_rules_webhook ON log_rules (webhook_id);

            -- The further stages a rule watches ("stage(s)"); its own stage stays log_rules.stage.
            CREATE TABLE log_rule_stages (
                rule_id INTEGER NOT NULL REFERENCES log_rules(id) ON DELETE CASCADE,
                stage TEXT NOT NULL CHECK (stage IN ('PROD', 'INT', 'TEST', 'DEV')),
                PRIMARY KEY (rule_id, stage)
            ) STRICT, WITHOUT ROWID;
            """),
        Migration(name: "staged imports: a dry run's file kept for its import", sql: """
            -- A CSV file checked by a dry run on /import, kept until it is imported or expires (an hour), so that "Import" writes
            -- exactly what was previewed without a second upload. Only the token's hash is stored; plan is the digest of every
            -- row's action in the dry run, compared when the file is imported.
            CREATE TABLE staged_imports (
                id INTEGER PRIMARY KEY,
                token_hash TEXT NOT NULL UNIQUE,
                user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                kind TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 40),
                mode TEXT NOT NULL CHECK (mode IN ('create', 'upsert')),
                filename TEXT NOT NULL CHECK (length(filename) <= 255),
                content BLOB NOT NULL CHECK (length(content) BETWEEN 1 AND 8388608),
                content_hash TEXT NOT NULL,
                plan TEXT NOT NULL,
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL,
                used_at TEXT
            ) STRICT;
            CREATE INDEX staged_imports_user ON staged_imports (user_id);
            CREATE INDEX staged_imports_expires ON staged_imports (expires_at);
            """),
        Migration(name: "log rules name their people and teams by id", sql: """
            -- The people and teams a log rule tells when it fires (besides the service's contacts), by id: a renamed person
            -- is still told. Exactly one of person_id and team_id is set; `position` keeps the order they were named in.
            CREATE TABLE log_rule_recipients (
                rule_id INTEGER NOT NULL REFERENCES log_rules(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                person_id INTEGER REFERENCES people(id) ON DELETE CASCADE,
                team_id INTEGER REFERENCES teams(id) ON DELETE CASCADE,
                CHECK ((person_id IS NOT NULL) + (team_id IS NOT NULL) = 1),
                PRIMARY KEY (rule_id, position)
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX log_rule_recipients_person ON log_rule_recipients (person_id);
            CREATE INDEX log_rule_recipients_team ON log_rule_recipients (team_id);
            -- The names stored so far, resolved as the rule did when it fired (a person by e-mail or name, else a team);
            -- names that match nobody were skipped then and are dropped now.
            WITH RECURSIVE split(rule_id, position, item, rest) AS (
                SELECT id, -1, '', notify_names || ',' FROM log_rules WHERE notify_names <> ''
                UNION ALL
                SELECT rule_id, position + 1, trim(substr(rest, 1, instr(rest, ',') - 1)), substr(rest, instr(rest, ',') + 1) FROM split WHERE rest <> ''
            ), named(rule_id, position, person_id, team_id) AS (
                SELECT rule_id, position,
                       coalesce((SELECT p.id FROM people p WHERE p.email = item COLLATE NOCASE),
                                (SELECT p.id FROM people p WHERE p.name = item COLLATE NOCASE ORDER BY p.id LIMIT 1)),
                       (SELECT t.id FROM teams t WHERE t.name = item COLLATE NOCASE)
                  FROM split WHERE item <> ''
            )
            INSERT INTO log_rule_recipients (rule_id, position, person_id, team_id)
                SELECT rule_id, position, person_id, CASE WHEN person_id IS NULL THEN team_id END FROM named
                 WHERE person_id IS NOT NULL OR team_id IS NOT NULL;
            ALTER TABLE log_rules DROP COLUMN notify_names;
            """),
        Migration(name: "change pack: risk and plans of a downtime, named approvers and their decisions", sql: """
            -- The change pack of a downtime (at most one): the risk and the plans a change advisory board reads.
            CREATE TABLE downtime_change_packs (
                downtime_id INTEGER PRIMARY KEY REFERENCES downtimes(id) ON DELETE CASCADE,
                risk TEXT NOT NULL DEFAULT '' CHECK (risk IN ('', 'low', 'medium', 'high')),
                implementation_plan TEXT NOT NULL DEFAULT '' CHECK (length(implementation_plan) <= 20000),
                test_plan TEXT NOT NULL DEFAULT '' CHECK (length(test_plan) <= 20000),
                backout_plan TEXT NOT NULL DEFAULT '' CHECK (length(backout_plan) <= 20000)
            ) STRICT;

            -- Named approvers of a downtime and their decisions (pending until they approve or reject in the portal).
            CREATE TABLE downtime_approvers (
                downtime_id INTEGER NOT NULL REFERENCES downtimes(id) ON DELETE CASCADE,
                person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
                decision TEXT NOT NULL DEFAULT 'pending' CHECK (decision IN ('pending', 'approved', 'rejected')),
                comment TEXT NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
                decided_at TEXT,
                PRIMARY KEY (downtime_id, person_id)
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX downtime_approvers_person ON downtime_approvers (person_id);
            """),
        Migration(name: "level subscriptions, XMPP: people's jid, the service JIDs' roster, acknowledgements", sql: """
            -- A person's XMPP address (bare JID, lower case), '' when none; unique when set.
            ALTER TABLE people ADD COLUMN jid TEXT NOT NULL DEFAULT '' CHECK (length(jid) <= 254);
            CREATE UNIQUE INDEX people_jid ON people (jid) WHERE jid <> '';

            -- A person or a team told when a service, a process, a region or the whole estate (overall = 1) falls below
            -- a level over a window, and once when it is back above. side is the watch's memory (ThresholdWatch), kept
            -- so a restart does not tell again.
            CREATE TABLE level_subscriptions (
                id INTEGER PRIMARY KEY,
                person_id INTEGER REFERENCES people(id) ON DELETE CASCADE,
                team_id INTEGER REFERENCES teams(id) ON DELETE CASCADE,
                service_id INTEGER REFERENCES services(id) ON DELETE CASCADE,
                process_id INTEGER REFERENCES processes(id) ON DELETE CASCADE,
                region_id INTEGER REFERENCES regions(id) ON DELETE CASCADE,
                overall INTEGER NOT NULL DEFAULT 0 CHECK (overall IN (0, 1)),
                threshold REAL NOT NULL CHECK (threshold > 0 AND threshold <= 100),
                level_window TEXT NOT NULL CHECK (level_window IN ('10m', '1h', '24h', '30d')),
                by_mail INTEGER NOT NULL DEFAULT 1 CHECK (by_mail IN (0, 1)),
                by_xmpp INTEGER NOT NULL DEFAULT 0 CHECK (by_xmpp IN (0, 1)),
                webhook_id INTEGER REFERENCES webhooks(id) ON DELETE SET NULL,
                -- Tell even while a declared downtime in progress explains the level (mood maintenance).
                during_downtime INTEGER NOT NULL DEFAULT 0 CHECK (during_downtime IN (0, 1)),
                side TEXT NOT NULL DEFAULT 'above' CHECK (side IN ('above', 'below')),
                created_by TEXT NOT NULL CHECK (length(created_by) <= 200),
                created_at TEXT NOT NULL,
                CHECK ((person_id IS NOT NULL) + (team_id IS NOT NULL) = 1),
                CHECK ((service_id IS NOT NULL) + (process_id IS NOT NULL) + (region_id IS NOT NULL) + overall = 1)
            ) STRICT;
            CREATE INDEX level_subscriptions_person ON level_subscriptions (person_id);
            CREATE INDEX level_subscriptions_team ON level_subscriptions (team_id);
            CREATE INDEX level_subscriptions_service ON level_subscriptions (service_id);
            CREATE INDEX level_subscriptions_process ON level_subscriptions (process_id);
            CREATE INDEX level_subscriptions_region ON level_subscriptions (region_id);
            CREATE INDEX level_subscriptions_webhook ON level_subscriptions (webhook_id);

            -- Every crossing told: the subject of its notice event.
            CREATE TABLE level_crossings (
                id INTEGER PRIMARY KEY,
                subscription_id INTEGER NOT NULL REFERENCES level_subscriptions(id) ON DELETE CASCADE,
                direction TEXT NOT NULL CHECK (direction IN ('below', 'above')),
                percent REAL NOT NULL,
                at TEXT NOT NULL
            ) STRICT;
            CREATE INDEX level_crossings_subscription ON level_crossings (subscription_id);

            -- Who sees a service JID's presence (bare JIDs that subscribed through XMPP), so presence is published again
            -- after a restart or a reconnect.
            CREATE TABLE xmpp_roster (
                subscriber TEXT NOT NULL CHECK (length(subscriber) BETWEEN 3 AND 254),
                service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
                created_at TEXT NOT NULL,
                PRIMARY KEY (subscriber, service_id)
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX xmpp_roster_service ON xmpp_roster (service_id);

            -- "I am looking into it": a person acknowledged a service's open alert or incident (XMPP `ack`).
            CREATE TABLE service_acks (
                id INTEGER PRIMARY KEY,
                service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
                person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
                check_alert_id INTEGER REFERENCES check_alerts(id) ON DELETE CASCADE,
                incident_id INTEGER REFERENCES incidents(id) ON DELETE CASCADE,
                via TEXT NOT NULL CHECK (via IN ('xmpp', 'web')),
                at TEXT NOT NULL,
                CHECK ((check_alert_id IS NOT NULL) + (incident_id IS NOT NULL) = 1)
            ) STRICT;
            CREATE INDEX service_acks_service ON service_acks (service_id);
            CREATE INDEX service_acks_person ON service_acks (person_id);
            CREATE INDEX service_acks_check_alert ON service_acks (check_alert_id);
            CREATE INDEX service_acks_incident ON service_acks (incident_id);

            -- Notices about level crossings: notice_events gains a sixth subject, so it is rebuilt (SQLite cannot change a CHECK).
            CREATE TABLE notice_events_new (
                id INTEGER PRIMARY KEY,
                -- Idempotency key: the same event is never queued twice ('downtime:7:reminder:60:2027-01-12T21:00:00Z').
                event_key TEXT NOT NULL UNIQUE,
                event TEXT NOT NULL CHECK (event IN ('announce', 'reschedule', 'extend', 'cancel', 'start', 'complete', 'reminder',
                                                     'incident_open', 'incident_update', 'incident_resolve', 'incident_reopen',
                                                     'check_alert', 'check_recover', 'level_below', 'level_above')),
                downtime_id INTEGER REFERENCES downtimes(id) ON DELETE CASCADE,
                incident_id INTEGER REFERENCES incidents(id) ON DELETE CASCADE,
                -- iCalendar SEQUENCE of the downtime's invite as of this event.
                sequence INTEGER NOT NULL DEFAULT 0,
                attach_pdf INTEGER NOT NULL DEFAULT 0 CHECK (attach_pdf IN (0, 1)),
                payload_json TEXT NOT NULL,
                actor TEXT NOT NULL,
                created_at TEXT NOT NULL,
                check_alert_id INTEGER REFERENCES check_alerts(id) ON DELETE CASCADE,
                -- A heartbeat's alert or recovery (event 'check_alert' / 'check_recover': the same notice as a check's).
                heartbeat_alert_id INTEGER REFERENCES heartbeat_alerts(id) ON DELETE CASCADE,
                -- A log rule that fired (event 'check_alert'), once per rule per window.
                log_rule_id INTEGER REFERENCES log_rules(id) ON DELETE CASCADE,
                -- A level subscription's crossing (event 'level_below' / 'level_above').
                level_crossing_id INTEGER REFERENCES level_crossings(id) ON DELETE CASCADE,
                CHECK ((downtime_id IS NOT NULL) + (incident_id IS NOT NULL) + (check_alert_id IS NOT NULL) + (heartbeat_alert_id IS NOT NULL)
                       + (log_rule_id IS NOT NULL) + (level_crossing_id IS NOT NULL) = 1)
            ) STRICT;
            INSERT INTO notice_events_new (id, event_key, event, downtime_id, incident_id, sequence, attach_pdf, payload_json, actor, created_at,
                                           check_alert_id, heartbeat_alert_id, log_rule_id)
                SELECT id, event_key, event, downtime_id, incident_id, sequence, attach_pdf, payload_json, actor, created_at, check_alert_id,
                       heartbeat_alert_id, log_rule_id
                  FROM notice_events;
            DROP TABLE notice_events;
            ALTER TABLE notice_events_new RENAME TO notice_events;
            CREATE INDEX notice_events_downtime ON notice_events (downtime_id);
            CREATE INDEX notice_events_incident ON notice_events (incident_id);
            CREATE INDEX notice_events_check_alert ON notice_events (check_alert_id);
            CREATE INDEX notice_events_heartbeat_alert ON notice_events (heartbeat_alert_id);
            CREATE INDEX notice_events_log_rule ON notice_events (log_rule_id);
            CREATE INDEX notice_events_level_crossing ON notice_events (level_crossing_id);
            """),
        Migration(name: "inventory search: trigram full-text indexes on names and descriptions", sql: """
            -- Inventory search finds substrings of names and descriptions, ignoring case: one trigram full-text index per kind
            -- (external content: the text is stored once, in the table), kept in step by triggers on every insert, update and
            -- delete, imports included. Texts shorter than three characters are searched with LIKE instead (no trigram).
            CREATE VIRTUAL TABLE regions_search USING fts5 (name, description, content = 'regions', content_rowid = 'id', tokenize = 'trigram');
            CREATE TRIGGER regions_search_insert AFTER INSERT ON regions BEGIN
                INSERT INTO regions_search (rowid, name, description) VALUES (new.id, new.name, new.description);
            END;
            CREATE TRIGGER regions_search_delete AFTER DELETE ON regions BEGIN
                INSERT INTO regions_search (regions_search, rowid, name, description) VALUES ('delete', old.id, old.name, old.description);
            END;
            CREATE TRIGGER regions_search_update AFTER UPDATE OF name, description ON regions BEGIN
                INSERT INTO regions_search (regions_search, rowid, name, description) VALUES ('delete', old.id, old.name, old.description);
                INSERT INTO regions_search (rowid, name, description) VALUES (new.id, new.name, new.description);
            END;
            CREATE VIRTUAL TABLE clusters_search USING fts5 (name, description, content = 'clusters', content_rowid = 'id', tokenize = 'trigram');
            CREATE TRIGGER clusters_search_insert AFTER INSERT ON clusters BEGIN
                INSERT INTO clusters_search (rowid, name, description) VALUES (new.id, new.name, new.description);
            END;
            CREATE TRIGGER clusters_search_delete AFTER DELETE ON clusters BEGIN
                INSERT INTO clusters_search (clusters_search, rowid, name, description) VALUES ('delete', old.id, old.name, old.description);
            END;
            CREATE TRIGGER clusters_search_update AFTER UPDATE OF name, description ON clusters BEGIN
                INSERT INTO clusters_search (clusters_search, rowid, name, description) VALUES ('delete', old.id, old.name, old.description);
                INSERT INTO clusters_search (rowid, name, description) VALUES (new.id, new.name, new.description);
            END;
            CREATE VIRTUAL TABLE servers_search USING fts5 (name, description, content = 'servers', content_rowid = 'id', tokenize = 'trigram');
            CREATE TRIGGER servers_search_insert AFTER INSERT ON servers BEGIN
                INSERT INTO servers_search (rowid, name, description) VALUES (new.id, new.name, new.description);
            END;
            CREATE TRIGGER servers_search_delete AFTER DELETE ON servers BEGIN
                INSERT INTO servers_search (servers_search, rowid, name, description) VALUES ('delete', old.id, old.name, old.description);
            END;
            CREATE TRIGGER servers_search_update AFTER UPDATE OF name, description ON servers BEGIN
                INSERT INTO servers_search (servers_search, rowid, name, description) VALUES ('delete', old.id, old.name, old.description);
                INSERT INTO servers_search (rowid, name, description) VALUES (new.id, new.name, new.description);
            END;
            CREATE VIRTUAL TABLE services_search USING fts5 (name, description, content = 'services', content_rowid = 'id', tokenize = 'trigram');
            CREATE TRIGGER services_search_insert AFTER INSERT ON services BEGIN
                INSERT INTO services_search (rowid, name, description) VALUES (new.id, new.name, new.description);
            END;
            CREATE TRIGGER services_search_delete AFTER DELETE ON services BEGIN
                INSERT INTO services_search (services_search, rowid, name, description) VALUES ('delete', old.id, old.name, old.description);
            END;
            CREATE TRIGGER services_search_update AFTER UPDATE OF name, description ON services BEGIN
                INSERT INTO services_search (services_search, rowid, name, description) VALUES ('delete', old.id, old.name, old.description);
                INSERT INTO services_search (rowid, name, description) VALUES (new.id, new.name, new.description);
            END;
            CREATE VIRTUAL TABLE processes_search USING fts5 (name, description, content = 'processes', content_rowid = 'id', tokenize = 'trigram');
            CREATE TRIGGER processes_search_insert AFTER INSERT ON processes BEGIN
                INSERT INTO processes_search (rowid, name, description) VALUES (new.id, new.name, new.description);
            END;
            CREATE TRIGGER processes_search_delete AFTER DELETE ON processes BEGIN
                INSERT INTO processes_search (processes_search, rowid, name, description) VALUES ('delete', old.id, old.name, old.description);
            END;
            CREATE TRIGGER processes_search_update AFTER UPDATE OF name, description ON processes BEGIN
                INSERT INTO processes_search (processes_search, rowid, name, description) VALUES ('delete', old.id, old.name, old.description);
                INSERT INTO processes_search (rowid, name, description) VALUES (new.id, new.name, new.description);
            END;
            CREATE VIRTUAL TABLE datasets_search USING fts5 (name, description, content = 'datasets', content_rowid = 'id', tokenize = 'trigram');
            CREATE TRIGGER datasets_search_insert AFTER INSERT ON datasets BEGIN
                INSERT INTO datasets_search (rowid, name, description) VALUES (new.id, new.name, new.description);
            END;
            CREATE TRIGGER datasets_search_delete AFTER DELETE ON datasets BEGIN
                INSERT INTO datasets_search (datasets_search, rowid, name, description) VALUES ('delete', old.id, old.name, old.description);
            END;
            CREATE TRIGGER datasets_search_update AFTER UPDATE OF name, description ON datasets BEGIN
                INSERT INTO datasets_search (datasets_search, rowid, name, description) VALUES ('delete', old.id, old.name, old.description);
                INSERT INTO datasets_search (rowid, name, description) VALUES (new.id, new.name, new.description);
            END;
            -- Index the rows that exist already.
            INSERT INTO regions_search (regions_search) VALUES ('rebuild');
            INSERT INTO clusters_search (clusters_search) VALUES ('rebuild');
            INSERT INTO servers_search (servers_search) VALUES ('rebuild');
            INSERT INTO services_search (services_search) VALUES ('rebuild');
            INSERT INTO processes_search (processes_search) VALUES ('rebuild');
            INSERT INTO datasets_search (datasets_search) VALUES ('rebuild');
            """),
        Migration(name: "a time zone preference on accounts", sql: """
            -- The account's own time zone for forms and pages; '' follows the linked person's zone, else UTC.
            ALTER TABLE users ADD COLUMN time_zone TEXT NOT NULL DEFAULT '' CHECK (length(time_zone) <= 64);
            """),
        Migration(name: "service levels: causes of bad minutes, hourly and daily roll-ups of minutes", sql: """
            -- Why a bad minute was bad ("check pg-http failed, heartbeat nightly down"), for the reason in words.
            ALTER TABLE service_level_minutes ADD COLUMN cause TEXT NOT NULL DEFAULT '' CHECK (length(cause) <= 200);
            -- Covering: window edges are read by minute range without touching the table.
            DROP INDEX service_level_minutes_minute;
            CREATE INDEX service_level_minutes_minute ON service_level_minutes (minute, service_id, signal);

            -- The sums of service_level_minutes per hour (minute / 60) and per UTC day (minute / 1440), kept in step with
            -- the minutes in the same transaction, so long windows read few rows. Keyed by time first: a window reads
            -- one contiguous range for all services.
            CREATE TABLE service_level_hours (
                hour INTEGER NOT NULL,
                service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
                good INTEGER NOT NULL CHECK (good >= 0),
                bad INTEGER NOT NULL CHECK (bad >= 0),
                maintenance INTEGER NOT NULL CHECK (maintenance >= 0),
                PRIMARY KEY (hour, service_id)
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX service_level_hours_service ON service_level_hours (service_id);
            CREATE TABLE service_level_days (
                day INTEGER NOT NULL,
                service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
                good INTEGER NOT NULL CHECK (good >= 0),
                bad INTEGER NOT NULL CHECK (bad >= 0),
                maintenance INTEGER NOT NULL CHECK (maintenance >= 0),
                PRIMARY KEY (day, service_id)
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX service_level_days_service ON service_level_days (service_id);
            INSERT INTO service_level_hours (hour, service_id, good, bad, maintenance)
                SELECT minute / 60, service_id, sum(signal = 'good'), sum(signal = 'bad'), sum(signal = 'maintenance')
                  FROM service_level_minutes GROUP BY minute / 60, service_id;
            INSERT INTO service_level_days (day, service_id, good, bad, maintenance)
                SELECT minute / 1440, service_id, sum(signal = 'good'), sum(signal = 'bad'), sum(signal = 'maintenance')
                  FROM service_level_minutes GROUP BY minute / 1440, service_id;
            """),
        Migration(name: "per-minute counts of log messages", sql: """
            -- How many messages each minute holds per stage ('' when none), product (0 when none) and level: the batch writer adds
            -- to it in the transaction that inserts the messages, the trigger below subtracts for every deleted message
            -- (retention, `forewarn logs purge`, a deleted product). The histogram of a long range without a text query reads it
            -- instead of counting every message; rows at 0 are dropped by the purges.
            CREATE TABLE log_minute_counts (
                minute TEXT NOT NULL CHECK (length(minute) = 16),
                stage TEXT NOT NULL CHECK (stage IN ('PROD', 'INT', 'TEST', 'DEV', '')),
                product_id INTEGER NOT NULL,
                level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 7),
                count INTEGER NOT NULL,
                PRIMARY KEY (minute, stage, product_id, level)
            ) STRICT, WITHOUT ROWID;
            CREATE TRIGGER log_messages_minute_delete AFTER DELETE ON log_messages BEGIN
                UPDATE log_minute_counts SET count = count - 1
                 WHERE minute = substr(old.at, 1, 16) AND stage = coalesce(old.stage, '') AND product_id = coalesce(old.product_id, 0)
                   AND level = old.level;
            END;
            INSERT INTO log_minute_counts (minute, stage, product_id, level, count)
                SELECT substr(at, 1, 16), coalesce(stage, ''), coalesce(product_id, 0), level, count(*) FROM log_messages GROUP BY 1, 2, 3, 4;
            """),
        Migration(name: "durable XMPP chat messages", sql: """
            -- Chat messages from service JIDs waiting for the XMPP component (level crossings, `ack` notes): written in the
            -- transaction that decides them, deleted once handed to the connected component, so a restart while the XMPP server
            -- is away loses none.
            CREATE TABLE xmpp_messages (
                id INTEGER PRIMARY KEY,
                from_node TEXT NOT NULL CHECK (length(from_node) BETWEEN 1 AND 200),
                to_jid TEXT NOT NULL CHECK (length(to_jid) BETWEEN 3 AND 254),
                body TEXT NOT NULL CHECK (length(body) <= 4000),
                created_at TEXT NOT NULL
            ) STRICT;
            """),
        Migration(name: "log full-text index filled behind the commit; per-hour counts of log messages", sql: """
            -- The full-text index is filled behind the batch's commit: no insert trigger; the indexer adds the messages above
            -- the high-water mark in its own transactions and moves the mark with them (crash-safe: it resumes at the
            -- committed mark). Only indexed messages are removed from the index when they are deleted.
            CREATE TABLE log_fts_progress (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                indexed_through INTEGER NOT NULL CHECK (indexed_through >= 0)
            ) STRICT;
            INSERT INTO log_fts_progress (id, indexed_through) SELECT 1, coalesce(max(id), 0) FROM log_messages;
            DROP TRIGGER log_messages_fts_insert;
            DROP TRIGGER log_messages_fts_delete;
            CREATE TRIGGER log_messages_fts_delete AFTER DELETE ON log_messages
              WHEN old.id <= (SELECT indexed_through FROM log_fts_progress WHERE id = 1) BEGIN
                INSERT INTO log_messages_fts (log_messages_fts, rowid, message) VALUES ('delete', old.id, old.message);
            END;
            -- Per-hour counts beside the per-minute ones (same keys, kept the same way): a histogram over more than ten days
            -- reads hours.
            CREATE TABLE log_hour_counts (
                hour TEXT NOT NULL CHECK (length(hour) = 13),
                stage TEXT NOT NULL CHECK (stage IN ('PROD', 'INT', 'TEST', 'DEV', '')),
                product_id INTEGER NOT NULL,
                level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 7),
                count INTEGER NOT NULL,
                PRIMARY KEY (hour, stage, product_id, level)
            ) STRICT, WITHOUT ROWID;
            CREATE TRIGGER log_messages_hour_delete AFTER DELETE ON log_messages BEGIN
                UPDATE log_hour_counts SET count = count - 1
                 WHERE hour = substr(old.at, 1, 13) AND stage = coalesce(old.stage, '') AND product_id = coalesce(old.product_id, 0)
                   AND level = old.level;
            END;
            INSERT INTO log_hour_counts (hour, stage, product_id, level, count)
                SELECT substr(minute, 1, 13), stage, product_id, level, sum(count) FROM log_minute_counts GROUP BY 1, 2, 3, 4;
            """),
        Migration(name: "leases on outbox and webhook rows", sql: """
            -- Several instances share delivery: an instance claims due rows for a while (its id, the lease's end) before it
            -- sends them; a row whose lease has run out (its instance died) is claimed again by another. Cleared when the
            -- row is marked sent, retried or failed.
            ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
            ALTER TABLE outbox ADD COLUMN lease_until TEXT;
            ALTER TABLE webhook_deliveries ADD COLUMN claimed_by TEXT;
            ALTER TABLE webhook_deliveries ADD COLUMN lease_until TEXT;
            """),
        Migration(name: "service-level minutes keyed minute first", sql: """
            -- Keyed (minute, service_id): every pass writes the newest minute of every service, and minute-first keys put those
            -- rows on a few pages at the end of the tree instead of one page per service (a burst at 1,000 services wrote to
            -- ~1,250 pages, now to a handful). The key covers the window reads by minute range (the old covering index goes);
            -- the reads of given services are minute ranges filtered by service. No index by service: deleting a service
            -- scans the minutes once (docs/service-level.md has the cost).
            CREATE TABLE service_level_minutes_new (
                service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
                minute INTEGER NOT NULL,
                signal TEXT NOT NULL CHECK (signal IN ('good', 'bad', 'maintenance')),
                cause TEXT NOT NULL DEFAULT '' CHECK (length(cause) <= 200),
                PRIMARY KEY (minute, service_id)
            ) STRICT, WITHOUT ROWID;
            INSERT INTO service_level_minutes_new (service_id, minute, signal, cause)
                SELECT service_id, minute, signal, cause FROM service_level_minutes ORDER BY minute, service_id;
            DROP TABLE service_level_minutes;
            ALTER TABLE service_level_minutes_new RENAME TO service_level_minutes;
            """),
        Migration(name: "a note with an acknowledgement", sql: """
            -- What the person wrote after `ack` ("restarting the primary"), shown with the acknowledgement on the alert and
            -- the incident and sent to the other subscribers.
            ALTER TABLE service_acks ADD COLUMN note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500);
            """),
    ]
}

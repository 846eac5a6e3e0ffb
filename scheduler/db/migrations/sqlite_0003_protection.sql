-- Version 3: personal-data protection. Payloads are sealed (AES-GCM, robotlib.protection) by
-- the pool from now on; id_hash is a keyed hash of the applicant's identity number for
-- lookups. Robot permissions (pycasbin rules), the hash-chained audit log, operator accounts.

ALTER TABLE tasks ADD COLUMN id_hash TEXT;
CREATE INDEX tasks_id_hash ON tasks (id_hash);

-- pycasbin's rules: p (subject, domain, scope, action) and g (robot, role, domain)
CREATE TABLE policy_rules (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    ptype  TEXT NOT NULL,
    v0     TEXT NOT NULL DEFAULT '',
    v1     TEXT NOT NULL DEFAULT '',
    v2     TEXT NOT NULL DEFAULT '',
    v3     TEXT NOT NULL DEFAULT '',
    UNIQUE (ptype, v0, v1, v2, v3)
);

-- append-only; each row's hash covers its fields and the previous row's hash
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         REAL    NOT NULL,
    actor      TEXT    NOT NULL,            -- robot, worker or operator
    action     TEXT    NOT NULL,            -- source.query, decision, permission.denied, ...
    ref        TEXT,                        -- the application, when there is one
    detail     TEXT    NOT NULL,            -- JSON, no personal data
    prev_hash  TEXT    NOT NULL,
    hash       TEXT    NOT NULL
);
CREATE INDEX audit_log_ref ON audit_log (ref);

CREATE TABLE users (
    name           TEXT PRIMARY KEY,
    password_hash  TEXT NOT NULL,           -- argon2id
    role           TEXT NOT NULL CHECK (role IN ('reviewer', 'operator', 'admin')),
    disabled       INTEGER NOT NULL DEFAULT 0,
    created_at     REAL NOT NULL,
    updated_at     REAL NOT NULL
);

-- document images, sealed (AES-GCM, raw bytes) when the application is submitted; workers
-- open them into a private temporary folder for the bot and delete them after the task
CREATE TABLE documents (
    ref     TEXT NOT NULL REFERENCES tasks (ref),
    slot    TEXT NOT NULL,                  -- id_front, id_back, ...
    sealed  BLOB NOT NULL,
    PRIMARY KEY (ref, slot)
);

-- Version 2: personal-data protection (as SQLite's version 3). Payloads are sealed (AES-GCM,
-- robotlib.protection) by the pool from now on; id_hash is a keyed hash of the applicant's
-- identity number for lookups. Robot permissions (pycasbin rules), the hash-chained audit
-- log, operator accounts.

ALTER TABLE tasks ADD COLUMN id_hash text;
CREATE INDEX tasks_id_hash ON tasks (id_hash);

-- pycasbin's rules: p (subject, domain, scope, action) and g (robot, role, domain)
CREATE TABLE policy_rules (
    id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ptype  text NOT NULL,
    v0     text NOT NULL DEFAULT '',
    v1     text NOT NULL DEFAULT '',
    v2     text NOT NULL DEFAULT '',
    v3     text NOT NULL DEFAULT '',
    UNIQUE (ptype, v0, v1, v2, v3)
);

-- append-only; each row's hash covers its fields and the previous row's hash
CREATE TABLE audit_log (
    id         bigint PRIMARY KEY,
    at         double precision NOT NULL,
    actor      text NOT NULL,                -- robot, worker or operator
    action     text NOT NULL,                -- source.query, decision, permission.denied, ...
    ref        text,                         -- the application, when there is one
    detail     text NOT NULL,                -- JSON, no personal data
    prev_hash  text NOT NULL,
    hash       text NOT NULL
);
CREATE INDEX audit_log_ref ON audit_log (ref);

CREATE TABLE users (
    name           text PRIMARY KEY,
    password_hash  text NOT NULL,            -- argon2id
    role           text NOT NULL CHECK (role IN ('reviewer', 'operator', 'admin')),
    disabled       boolean NOT NULL DEFAULT false,
    created_at     double precision NOT NULL,
    updated_at     double precision NOT NULL
);

-- document images, sealed (AES-GCM, raw bytes) when the application is submitted; workers
-- open them into a private temporary folder for the bot and delete them after the task
CREATE TABLE documents (
    ref     text COLLATE "C" NOT NULL REFERENCES tasks (ref),
    slot    text NOT NULL,                  -- id_front, id_back, ...
    sealed  bytea NOT NULL,
    PRIMARY KEY (ref, slot)
);

-- The SQLite task pool, version 1: the walking skeleton's schema (PRAGMA user_version = 1).
-- Times are Unix seconds (REAL) so that latency and throughput are plain subtraction.

CREATE TABLE IF NOT EXISTS tasks (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,      -- submission order: FIFO within a priority
    ref           TEXT    NOT NULL UNIQUE,                -- the application's ref: submit is idempotent
    kind          TEXT    NOT NULL,                       -- which bot
    pool          TEXT    NOT NULL,                       -- branch / business line
    priority      TEXT    NOT NULL CHECK (priority IN ('high', 'normal', 'low')),
    priority_rank INTEGER GENERATED ALWAYS AS (
                      CASE priority WHEN 'high' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END
                  ) VIRTUAL,
    scopes        TEXT    NOT NULL DEFAULT '[]',          -- JSON list: scopes the bot needs
    payload       TEXT    NOT NULL,                       -- JSON Application, absolute document paths
    status        TEXT    NOT NULL DEFAULT 'pending'
                          CHECK (status IN ('pending', 'running', 'done', 'failed', 'dead')),
    attempts      INTEGER NOT NULL DEFAULT 0,             -- claims so far, counted at claim time
    max_attempts  INTEGER NOT NULL DEFAULT 3,
    lease_token   TEXT,                                   -- set while running
    leased_by     TEXT,                                   -- worker id (host:pid) of the last claim
    lease_until   REAL,
    not_before    REAL    NOT NULL DEFAULT 0,             -- retry back-off
    last_error    TEXT,                                   -- of the last failed attempt, no personal data
    created_at    REAL    NOT NULL,
    updated_at    REAL    NOT NULL,
    started_at    REAL,                                   -- claim time of the last attempt
    finished_at   REAL                                    -- done or dead
);

-- claim: the best pending task first
CREATE INDEX IF NOT EXISTS tasks_claim_order ON tasks (status, priority_rank, id);
-- requeue: expired leases
CREATE INDEX IF NOT EXISTS tasks_lease ON tasks (status, lease_until);

CREATE TABLE IF NOT EXISTS results (
    ref        TEXT NOT NULL UNIQUE REFERENCES tasks (ref),  -- one decision per application, ever
    payload    TEXT NOT NULL,                                -- JSON ResultRecord (the contract)
    decision   TEXT,
    created_at REAL NOT NULL
);

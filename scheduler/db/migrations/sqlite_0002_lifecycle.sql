-- Version 2: the full lifecycle (cancelled), claim keys (priority with aging, deadlines) and
-- deadlines. SQLite cannot change a CHECK constraint, so the tasks table is rebuilt; the
-- runner turns foreign keys off meanwhile and checks them before it commits.
-- Tasks of version 1 get the default ordering: aging 60 s, SLA 300 / 3600 / 86400 s.

CREATE TABLE tasks_v2 (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,      -- submission order: FIFO on equal keys
    ref           TEXT    NOT NULL UNIQUE,                -- the application's ref: submit is idempotent
    kind          TEXT    NOT NULL,                       -- which bot
    pool          TEXT    NOT NULL,                       -- branch / business line
    priority      TEXT    NOT NULL CHECK (priority IN ('high', 'normal', 'low')),
    scopes        TEXT    NOT NULL DEFAULT '[]',          -- JSON list: scopes the bot needs
    payload       TEXT    NOT NULL,                       -- JSON Application, absolute document paths
    status        TEXT    NOT NULL DEFAULT 'pending'
                          CHECK (status IN ('pending', 'running', 'done', 'failed', 'dead',
                                            'cancelled')),
    attempts      INTEGER NOT NULL DEFAULT 0,             -- claims so far, counted at claim time
    max_attempts  INTEGER NOT NULL DEFAULT 3,
    lease_token   TEXT,                                   -- set while running
    leased_by     TEXT,                                   -- worker id (host:pid) of the last claim
    lease_until   REAL,
    not_before    REAL    NOT NULL DEFAULT 0,             -- retry back-off, postponement
    claim_key     REAL    NOT NULL,                       -- claim order, smallest first (ordering.py)
    deadline      REAL    NOT NULL,                       -- when the decision is due (SLA)
    last_error    TEXT,                                   -- of the last failed attempt, no personal data
    created_at    REAL    NOT NULL,
    updated_at    REAL    NOT NULL,
    started_at    REAL,                                   -- claim time of the last attempt
    finished_at   REAL                                    -- done, dead or cancelled
);

INSERT INTO tasks_v2 (id, ref, kind, pool, priority, scopes, payload, status, attempts,
                      max_attempts, lease_token, leased_by, lease_until, not_before, claim_key,
                      deadline, last_error, created_at, updated_at, started_at, finished_at)
SELECT id, ref, kind, pool, priority, scopes, payload, status, attempts,
       max_attempts, lease_token, leased_by, lease_until, not_before,
       created_at + 60 * CASE priority WHEN 'high' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END,
       created_at + CASE priority WHEN 'high' THEN 300 WHEN 'normal' THEN 3600 ELSE 86400 END,
       last_error, created_at, updated_at, started_at, finished_at
FROM tasks;

DROP TABLE tasks;
ALTER TABLE tasks_v2 RENAME TO tasks;

-- claim: the best waiting task first (pending, or failed and waiting for its retry)
CREATE INDEX tasks_claim_order ON tasks (claim_key, id) WHERE status IN ('pending', 'failed');
-- requeue: expired leases
CREATE INDEX tasks_lease ON tasks (lease_until) WHERE status = 'running';
-- at risk: deadlines of unfinished tasks
CREATE INDEX tasks_deadline ON tasks (deadline) WHERE status IN ('pending', 'running', 'failed');
-- purge and the dead-letter queue: finished tasks by age
CREATE INDEX tasks_finished ON tasks (finished_at) WHERE status IN ('done', 'dead', 'cancelled');

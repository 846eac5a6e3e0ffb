-- The PostgreSQL task pool, version 1 (table schema_version). The same tables as SQLite's
-- version 2; times are Unix seconds (double precision) on both backends.

CREATE TABLE tasks (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- submission order
    ref           text    COLLATE "C" NOT NULL UNIQUE,   -- the ref: idempotent submit, byte order
    kind          text    NOT NULL,                      -- which bot
    pool          text    NOT NULL,                      -- branch / business line
    priority      text    NOT NULL CHECK (priority IN ('high', 'normal', 'low')),
    scopes        text[]  NOT NULL DEFAULT '{}',         -- scopes the bot needs
    payload       text    NOT NULL,                      -- JSON Application, absolute document paths
    status        text    NOT NULL DEFAULT 'pending'
                          CHECK (status IN ('pending', 'running', 'done', 'failed', 'dead',
                                            'cancelled')),
    attempts      integer NOT NULL DEFAULT 0,            -- claims so far, counted at claim time
    max_attempts  integer NOT NULL DEFAULT 3,
    lease_token   text,                                  -- set while running
    leased_by     text,                                  -- worker id (host:pid) of the last claim
    lease_until   double precision,
    not_before    double precision NOT NULL DEFAULT 0,   -- retry back-off, postponement
    claim_key     double precision NOT NULL,             -- claim order, smallest first (ordering.py)
    deadline      double precision NOT NULL,             -- when the decision is due (SLA)
    last_error    text,                                  -- of the last failed attempt, no personal data
    created_at    double precision NOT NULL,
    updated_at    double precision NOT NULL,
    started_at    double precision,                      -- claim time of the last attempt
    finished_at   double precision                       -- done, dead or cancelled
);

-- claim: the best waiting task first; FOR UPDATE SKIP LOCKED walks this index
CREATE INDEX tasks_claim_order ON tasks (claim_key, id) WHERE status IN ('pending', 'failed');
-- requeue: expired leases
CREATE INDEX tasks_lease ON tasks (lease_until) WHERE status = 'running';
-- at risk: deadlines of unfinished tasks
CREATE INDEX tasks_deadline ON tasks (deadline) WHERE status IN ('pending', 'running', 'failed');
-- purge and the dead-letter queue: finished tasks by age
CREATE INDEX tasks_finished ON tasks (finished_at) WHERE status IN ('done', 'dead', 'cancelled');

CREATE TABLE results (
    ref        text COLLATE "C" PRIMARY KEY REFERENCES tasks (ref),  -- one decision per ref, ever
    payload    text NOT NULL,                            -- JSON ResultRecord (the contract)
    decision   text,
    created_at double precision NOT NULL
);

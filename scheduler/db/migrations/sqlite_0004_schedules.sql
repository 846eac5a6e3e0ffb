-- Version 4: cron schedules (`veribot schedule`) and the scheduler's leader lease, so that
-- one `veribot scheduler` fires each schedule however many hosts run one.

CREATE TABLE schedules (
    name         TEXT PRIMARY KEY,
    cron         TEXT NOT NULL,            -- five-field cron expression
    timezone     TEXT NOT NULL,            -- IANA zone the expression is read in
    command      TEXT NOT NULL,            -- JSON list: the argv to run
    workdir      TEXT NOT NULL,            -- folder the command runs in
    next_run_at  REAL NOT NULL,            -- Unix seconds; compare-and-set when fired
    last_run_at  REAL,
    last_status  TEXT,                     -- started, or the exit status of the last run
    created_at   REAL NOT NULL
);

CREATE TABLE scheduler_leader (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    holder       TEXT NOT NULL,            -- host:pid of the leading scheduler
    lease_until  REAL NOT NULL
);

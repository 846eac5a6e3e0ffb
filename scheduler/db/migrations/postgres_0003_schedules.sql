-- Version 3: cron schedules (`veribot schedule`) and the scheduler's leader lease, so that
-- one `veribot scheduler` fires each schedule however many hosts run one.

CREATE TABLE schedules (
    name         text PRIMARY KEY,
    cron         text NOT NULL,                 -- five-field cron expression
    timezone     text NOT NULL,                 -- IANA zone the expression is read in
    command      text NOT NULL,                 -- JSON list: the argv to run
    workdir      text NOT NULL,                 -- folder the command runs in
    next_run_at  double precision NOT NULL,     -- Unix seconds; compare-and-set when fired
    last_run_at  double precision,
    last_status  text,                          -- started, or the exit status of the last run
    created_at   double precision NOT NULL
);

CREATE TABLE scheduler_leader (
    id           integer PRIMARY KEY CHECK (id = 1),
    holder       text NOT NULL,                 -- host:pid of the leading scheduler
    lease_until  double precision NOT NULL
);

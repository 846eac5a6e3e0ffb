-- made by make_sqlite_v6.py; schema version 6
BEGIN TRANSACTION;
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
INSERT INTO "audit_log" VALUES(1,1.79620170195899963379e+09,'fixture','grant.changed',NULL,'{"granted":["ocr"],"pools":["*"],"robot":"default"}','0000000000000000000000000000000000000000000000000000000000000000','v2:be2a9f37bccc765e69c9ad292b79c5df275bc8f3dfebbb808e6009acd31332bb');
INSERT INTO "audit_log" VALUES(2,1.79620170225550270081e+09,'fixture','fixture.made','OLD-1','{"n":1}','v2:be2a9f37bccc765e69c9ad292b79c5df275bc8f3dfebbb808e6009acd31332bb','v2:79c0d8c8fa6856b11b7af6555ceb2036471928464188b73737d24a75492a7ffd');
CREATE TABLE documents (
    ref     TEXT NOT NULL REFERENCES tasks (ref),
    slot    TEXT NOT NULL,                  -- id_front, id_back, ...
    sealed  BLOB NOT NULL,
    PRIMARY KEY (ref, slot)
);
INSERT INTO "documents" VALUES('OLD-1','id_front',X'76313A6B39663034323436303A6FA6A5FA42A0E835598F30084C81A2938DEF6DC0FC5D297322AA8905CEA9EEFD075775DD7A052C2C560CD3C78CD6FD6FB736DAFDB15F');
CREATE TABLE policy_rules (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    ptype  TEXT NOT NULL,
    v0     TEXT NOT NULL DEFAULT '',
    v1     TEXT NOT NULL DEFAULT '',
    v2     TEXT NOT NULL DEFAULT '',
    v3     TEXT NOT NULL DEFAULT '',
    UNIQUE (ptype, v0, v1, v2, v3)
);
INSERT INTO "policy_rules" VALUES(1,'p','default','*','ocr','use');
INSERT INTO "policy_rules" VALUES(2,'g','default','default','*','');
CREATE TABLE pool_keys (
    name         TEXT PRIMARY KEY,         -- data:<key id>, lookup or audit
    fingerprint  TEXT NOT NULL,            -- HMAC of a constant under the key: not the key
    added_at     REAL NOT NULL
);
INSERT INTO "pool_keys" VALUES('audit','226b8ac2e9c6bdc3',1.79620170194095444679e+09);
INSERT INTO "pool_keys" VALUES('data:k9f042460','0ed97b93a8ef9dde',1.79620170194100737572e+09);
INSERT INTO "pool_keys" VALUES('lookup','942edd5abffb5070',1.79620170194102215764e+09);
CREATE TABLE results (
    ref        TEXT NOT NULL UNIQUE REFERENCES tasks (ref),  -- one decision per application, ever
    payload    TEXT NOT NULL,                                -- JSON ResultRecord (the contract)
    decision   TEXT,
    created_at REAL NOT NULL
);
INSERT INTO "results" VALUES('OLD-1','v1:k9f042460:tEvL2WVOIcUeLuX2o1x7GmBpPl1ITS6rerV+S6+RS9qJtXag0bxqO8MWSSSGhGrorDsvluYLCalulpI2/aHzBtXWbPaIqPs4I65SnHLLZbYtCLUcouv9PRyqdw0rKlaaF2D5fRsHwZgVo/TDeIxP5IWIdVrCjDAJ+rjrIYJ25JSDyspWI8MXPUWRMJH2+YU3B5tWBvawPOETQ84agpkhHXUOyNiE5QjZeEFEDFYMn2FDa+CrNg4xBKkClYzPYWeOM5Wnl2axHDaqgUNkKOyxAinGcsviLlSe+ckRR0KsM8kQVwTY+i53WtZJNgarfVei7UOK8zp/hGtPKAi7qw2RDgs9b9HXq5TguclCPeaMGijfmatrnHCGYFJW/u9vKaK3QZynDay1Xhr4RZqI39PE0YH5PE0tu3GkXsvk+YMoetf60PzTp6XcmbNwjSQXRZjT1HQ/LJAfMQ4sCv6TaoHgIyXzE2Jz','review',1.79620170194998025892e+09);
INSERT INTO "results" VALUES('OLD-2','v1:k9f042460:frdO5IbfUDRZuKXQdv3aFIhQZ5DwD6f93aRnGA/c7fBrLdmsjyIfWLDWg6KIueb0ouLdJ8wZkuDthBX6S4A4fMKBAS1uqScp4yZoHVOGJyV5LAHowprJ9UrLXnch1AEKrFZw5LqI79+V8AIgMiOj93CgSv8ikiPv468gK7g1Mm14i4q91h53wqhQRgYKVPvKyRkD9L+B4bfYmE+ZmO8Bei9rjNv6DIGilCafsQD7xCpVFDyKKRkUjENQeb+9uIWBeERoZ/8edff5mU/BtLtgRJz04dQf0tdfI4cnKBoU0kN+Q4lzTwzVfyS5grjf5p+CjWl0Jb5WiYBM2bjkPW+Xqb9Dgrt6vku2QKmmEUAvBGRyP5U+p+24YOwlbWAMh/haPVghyOJ7nu9qdfpb682hau3OuW0QEZ4fFULqNeFKjYl1HY2wvcL6MClxL0kOao6o12QfFdLfXqa9smCQXeQRamk=','review',1.7962017019519910812e+09);
CREATE TABLE scheduler_leader (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    holder       TEXT NOT NULL,            -- host:pid of the leading scheduler
    lease_until  REAL NOT NULL
);
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
INSERT INTO "schedules" VALUES('nightly','0 2 * * *','UTC','["veribot", "status"]','.',1790042400.0,NULL,NULL,1790000000.0);
CREATE TABLE "tasks" (
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
, id_hash TEXT, postponed_since REAL);
INSERT INTO "tasks" VALUES(1,'OLD-1','echo','shenzhen','normal','[]','v1:k9f042460:Sji1ftjg0j8Lf+9lN+Uu34eObtOxc8oRY9MJ+PouGYD1NPnRQpwzQAcMj3+S2j2QNdCh9oopVhRY6K93bQ3lAyWaM15cyJ16lFxqZVf8QrhbNIbHDjFWT7eJ5nkZIVfDFMwZOjLDabiEqhFe2kFElaRx3p86iAcGxA97/e0Renq+tpzkKXPgux2s4bK/AvUutCiJDvXPRAfGT32T30Sq830JKfh2GYsCgwifkjKKaXSH9aOwuwjcHzJl3kAO4/wU12u/176mdTB5YrRk26EvrNL7xNPn0ByUuiQhShEkzrQMaMBjc6bI0YZS2+SPsJZajqB4AXEqfVXTg5B+UO3upPCtCU1cdOsXjO54Hbi69200E8NFSp6yTOLZdqzOJeqkpks5dDn24eiqUXTzGUTFsa8i3u7KRX1ies3MasrndAeWDNU0OeluWRtfgtJ3/g==','done',1,3,NULL,'old-worker',NULL,0.0,1.79620176194259119038e+09,1.79620530194259119035e+09,NULL,1.79620170194259119031e+09,1.79620170194998025892e+09,1.79620170194756197928e+09,1.79620170194998025892e+09,'19a018e14cb315621a25e1b4fd9fd7e761a6d83e68d51dc2ff990efd8e689486',NULL);
INSERT INTO "tasks" VALUES(2,'OLD-2','echo','shenzhen','normal','[]','v1:k9f042460:KLN8aqUZxLmsaX/pbjfeKL3aLJ3am+PqjeArryCyp/XtSd2/0ad3IWeg/9ibhNGuwcwzNdcoMrSfmQeCSl1a27yQSxtrkUNWwVKk8jxt5w31xfAGghW9yS612FPjSSDAn2//s6kU6ABP/DpKM71nk6OvJnZhHrY3g3LWVNJVZi7m0JxTYjMYXD6srX5o//ECpPcgalpse+guN7MH+ajnn0UQEGIrxNW4ovw63SogmKMKEYJ0UsCM1ippaGzbQHJb9Y8kAcMK9Hy30Fswm54dsv/9roW4A42wrgAxfGTnpqNMCIXlfdih5JnQSneEYFPtuSzBtUfd1iNLL0qiynyas7kLKtNcSd0GtLqwZkCWC5AMbtqNetV/ilYO2vJGKpn1Y3sVJdlOXaHSJq3Ox12KqUsgfDZaQQ==','dead',1,3,NULL,'old-worker',NULL,0.0,1.79620176194259119038e+09,1.79620530194259119035e+09,'rule says no',1.79620170194259119031e+09,1.7962017019519910812e+09,1.79620170194756197928e+09,1.7962017019519910812e+09,'19a018e14cb315621a25e1b4fd9fd7e761a6d83e68d51dc2ff990efd8e689486',NULL);
INSERT INTO "tasks" VALUES(3,'OLD-3','echo','shenzhen','normal','[]','v1:k9f042460:LBSaEh1/SCzk+1vinQ7f1V3QH4QoAIrnUk8Q+PCOcEd7hmCkkgMDTxbYDuanKyHa318IUsBS+Q5l0xfzqaf2KDEaHp+3z+GRYVylSROX8tF9HPUhrc/HeGH5vCVBduqI82hpYaqXjxsbvBXqODiwwqHMeDl0uxFtKLZNUss5IJ4Ey7CkIRVtSD7PlAmCtMyjKzTKyE+q/O10hPifSNhO+zAFVXTBh1dO+e/KNqxTeTdhSdbp2cvvcnz5pBRDH/YlAooweiOpq6ghKEjsGiVU4Kokh4Tkp5ZFAUmSJhtXKIpAyNMsMAixpwW6MxTKQ6NQ+dpjPmw/Dlimc6KRyTY7xNSVdcgepbdfvms6U0WRF4+/aw4ftLflXU5Fs728zL8aHhNV8uY2hp/WeUBdKKrhD5LVqIROuQ==','failed',1,3,NULL,'old-worker',NULL,1.79620530195351290701e+09,1.79620176194259119038e+09,1.79620530194259119035e+09,'registry timed out',1.79620170194259119031e+09,1.79620170195351290705e+09,1.79620170194756197928e+09,NULL,'19a018e14cb315621a25e1b4fd9fd7e761a6d83e68d51dc2ff990efd8e689486',NULL);
INSERT INTO "tasks" VALUES(4,'OLD-4','echo','shenzhen','normal','[]','v1:k9f042460:uZtaWKYgmF+Phz2yXQLTF/uTMccXNWXNcuSjT14vfsc+JY8sfHRumXbV/b0Y2+m8tXwTmO10V/NBc8MaT6hkk9ycdUa9n/aBWKK1+KV+4AAaykZeuzYSZSyiKM2qxwchX9dfzZ3q7NNej3l9O+gsp4bXL/2OVLbOwQeh1YUGN61Sn/1nuR0STekcgZ65/RU762BLuZDddwGWeGAAXc9Zwn8efsB1PjZ6dCiH6g/6e0FNYTP8pBCQFn2xbI/92kVG+tSOmY8W+dPQVRkaBxhbfTmYn3dokKxDl2irNbHg7/dqWds8Iicurp/tSecQjrRJNmjPH9MedTQ79BVjaHzLOn0tnXvDs08mrcGB17UR3DxrEX5b87f/tmIVqh0cg4Ft6X9klXQJ1bThq+qz/4nrt7yVj9U8uQ==','pending',0,3,NULL,NULL,NULL,0.0,1.79620176194259119038e+09,1.79620530194259119035e+09,NULL,1.79620170194259119031e+09,1.79620170194259119031e+09,NULL,NULL,'19a018e14cb315621a25e1b4fd9fd7e761a6d83e68d51dc2ff990efd8e689486',NULL);
INSERT INTO "tasks" VALUES(5,'OLD-5','echo','shenzhen','normal','[]','v1:k9f042460:qhNPXS34eXRSIy9u7gT0VMAsnY89LQeQ+SvE3SfC9mKZ8sqyeXEq6Hm6kfwixZcD0HaP1gxBR6kWTEVdk99vHKGqwMovJ53wk5xR0wxyjxok+CTk4hcFX3ezHcXcQiQeNf7kqcAeRymePY3yUrI/BBtyhzccWCY46qTgF3BNK4zEpDO4gX99Hl0c5v5RjyaDyIo1xMj+STQ8w3u1rwA09Gw2oHhIeSYpkIXUQ534lPNrvhI+uXTGgAO9JQLiI4zqg+ooDxL3KWegs67OhPHpUzlcTEwappsfP35HpLVa6tboFmSV0/oUSJKRCT1GinBZpQx6WQ8gb+R/xMqz93sSFBPjGcJmHLEMp5JMfjZQvWQWLSNhNuNCocMXWOJDfCiEDy968PAAlnL4IyjZDSn9yA8vKZpcHw==','pending',0,3,NULL,NULL,NULL,0.0,1.79620176194259119038e+09,1.79620530194259119035e+09,NULL,1.79620170194259119031e+09,1.79620170194259119031e+09,NULL,NULL,'19a018e14cb315621a25e1b4fd9fd7e761a6d83e68d51dc2ff990efd8e689486',NULL);
CREATE TABLE users (
    name           TEXT PRIMARY KEY,
    password_hash  TEXT NOT NULL,           -- argon2id
    role           TEXT NOT NULL CHECK (role IN ('reviewer', 'operator', 'admin')),
    disabled       INTEGER NOT NULL DEFAULT 0,
    created_at     REAL NOT NULL,
    updated_at     REAL NOT NULL
);
INSERT INTO "users" VALUES('li','$argon2id$v=19$m=65536,t=3,p=4$blezyAZEHlugvNxPKyit7A$sZV720yGR9roVPT3gD8w+aKOfp+wqK86es5hEFg1kwM','reviewer',0,1.79620170224054527281e+09,1.79620170224054527281e+09);
CREATE INDEX tasks_claim_order ON tasks (claim_key, id) WHERE status IN ('pending', 'failed');
CREATE INDEX tasks_lease ON tasks (lease_until) WHERE status = 'running';
CREATE INDEX tasks_deadline ON tasks (deadline) WHERE status IN ('pending', 'running', 'failed');
CREATE INDEX tasks_finished ON tasks (finished_at) WHERE status IN ('done', 'dead', 'cancelled');
CREATE INDEX tasks_id_hash ON tasks (id_hash);
CREATE INDEX audit_log_ref ON audit_log (ref);
DELETE FROM "sqlite_sequence";
INSERT INTO "sqlite_sequence" VALUES('tasks',5);
INSERT INTO "sqlite_sequence" VALUES('policy_rules',2);
COMMIT;
PRAGMA user_version = 6;

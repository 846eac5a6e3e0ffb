-- made by make_old_pools.py; schema version 6
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
INSERT INTO "audit_log" VALUES(1,1.79620213894892501831e+09,'fixture','grant.changed',NULL,'{"granted":["ocr"],"pools":["*"],"robot":"default"}','0000000000000000000000000000000000000000000000000000000000000000','v2:fc565b7515169f329a19aa30e12e1dd332f8cc50bcb7bb024bf661c3350d5977');
INSERT INTO "audit_log" VALUES(2,1.7962021395746464729e+09,'fixture','fixture.made','OLD-1','{"n":1}','v2:fc565b7515169f329a19aa30e12e1dd332f8cc50bcb7bb024bf661c3350d5977','v2:1d9ded6f697a25d80dab6bca75c1e4fb521cfb1d8cfb478532d051f560f42e0b');
CREATE TABLE documents (
    ref     TEXT NOT NULL REFERENCES tasks (ref),
    slot    TEXT NOT NULL,                  -- id_front, id_back, ...
    sealed  BLOB NOT NULL,
    PRIMARY KEY (ref, slot)
);
INSERT INTO "documents" VALUES('OLD-1','id_front',X'76313A6B39663034323436303AF701F96ED0DC853F9E8ACF38CABD3D98E61205FEBE693EC570E2F85AEEFB0FB87507C7AF9C47194A3B8F9298871ACB68760BA418734B');
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
INSERT INTO "pool_keys" VALUES('audit','226b8ac2e9c6bdc3',1.7962021389030835628e+09);
INSERT INTO "pool_keys" VALUES('data:k9f042460','0ed97b93a8ef9dde',1.79620213890313673021e+09);
INSERT INTO "pool_keys" VALUES('lookup','942edd5abffb5070',1.7962021389031512737e+09);
CREATE TABLE results (
    ref        TEXT NOT NULL UNIQUE REFERENCES tasks (ref),  -- one decision per application, ever
    payload    TEXT NOT NULL,                                -- JSON ResultRecord (the contract)
    decision   TEXT,
    created_at REAL NOT NULL
);
INSERT INTO "results" VALUES('OLD-1','v1:k9f042460:mTDsZEEvJ5spaXXZJ7i5eyvbRFgDrSwsQnQT26zM8Jt44koljzSXYt9jRP4JAMZFHSPD67u4DE6aOPhmVnOOlNOR7xa4h5Of595ev18c2FnatkqL+eq9S78/QQ/xyHW4N3zxXPRuG2rkCDfIeq9WfB4rpTYcOk+Xne9GtLa1yxhA6p9zrHw1Y32xWtrXXxVCZuFjzzvH6W9H9HK1+Rxa9xdHksEC7Ppuyf3byIo/sZyL/lq9KdgSk3Aen4oT0MGSn/he6XuzqZVUeEWUAKiJeV5Kp1RNnAXGxavuIBYGqEg9SwItV6bsKYRyCO6ujA+0xhrEaclxtqCw7PYhNqqU31yPPh0JmjcdgDd25oVU8AoHgDrDopAMit5FClcZRFPXLQ/qLpslYQYWOO6gqvWHU8NSOxR7lXiGfIOCxNLtMsN7JCYeCS/J067fl8JJZ+IcMhWS5AMCBkRhf8RCB7eBd5DJWHlu','review',1.79620213893267393115e+09);
INSERT INTO "results" VALUES('OLD-2','v1:k9f042460:lOqRB6E5VVverpN6S9HxnLgB7LGivjfy7rMz07AU3GNDSJDn8WITarLpwMdVQxTOBKWlIIxrlBT40tcqz5vCEegnt90hdn6doIHF+Q9MkzWY2pLdyagZVe6ptRGN3Ktu8cRzclBxNQkylyGy1zNE+cJuYiCuGz8gN9y8qWOk8WbOS3plkyZjr2j9kgBa70UC1KUHgjy1n3GRUY8PCit4C00EoA0gr3LnCuU9XpxfaD76v5bk13z5OdjGLM4Pf4Hs1nJLqpEl+NG2ikOXqLxcrMQPN9OduS04iydW189GUqjmf1TbmK59CAqoKFL9+0hLR4sC6acufmtKRR1S42Mh6ewOTLO/Hi7aeNPpm+Fs4QSVJQP1s3LzlTMn23jVg49FkZ4PA56mfm5Ed5ZAPwlPTrKjbSywRUMZ9Zlg5JHdIiIVhnPqHqzkq7MahzL4qu3p+LJCfWkkg4Dj3id21O4gJcE=','review',1.79620213894462490075e+09);
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
INSERT INTO "tasks" VALUES(1,'OLD-1','echo','shenzhen','normal','[]','v1:k9f042460:AfHLasXDMueoHf3eUowzehj0bDGu33kjuBhj+uv74vljZEs3z8UaNbMgSGTrk7PkO05Oio79pc50MJ6pfyvlZZmXVzhdDBHs0T70bqKhKE1gWfAYDashUko+M1AmMhqLKeAGRPf2jFJew1oRKXA76coQi331twzNCxNqYoLmvGAn3pGSVfk64uxda67Qu/XRkaybSvhBdX7DrxlbI9VxlyA3wykYK51J+0Iuzoy7kXcQkXa83TPAaB68L3fGIf6XYD3pxHFFg7BQpGlceQicQ5CdUrzHPo94ECZyldI03/5+yA8FLlPsYElv9Kuk3YtvaA9i9FxDPVtAhS+fHcnNMMAI6NZ+QXTdm7Ip+xxNw40vb9bfmSL8bGFvZbpfteDHBtOovM6ErXRn25VA2odjUECvG8Z8p7IR/JMa3O6lOVjvi7sj3bKcA1cNxH564Q==','done',1,3,NULL,'old-worker',NULL,0.0,1.79620219892094159131e+09,1.79620573892094159123e+09,NULL,1.79620213892094159123e+09,1.79620213893267393115e+09,1.79620213892978596685e+09,1.79620213893267393115e+09,'19a018e14cb315621a25e1b4fd9fd7e761a6d83e68d51dc2ff990efd8e689486',NULL);
INSERT INTO "tasks" VALUES(2,'OLD-2','echo','shenzhen','normal','[]','v1:k9f042460:T069hNglBogF0VtAEktTQqG85SzOI4rXdAMpszNxdLe+FZ2E3ZUB3KUG3k5a6ttFUonmXurUzeSyeb5KbKwSHZNbP9/LSauxT9n28VJv8Iie9u13iRhrlrOcihyTOrMWtBWIWqvKrwMbRomtSypsolL37CBbH6hDocOBaa8VneDPcFDdBR5bMgzgHY8nm9zSyH/NdOriRwAMD4Mjx1d209JLm82GnJOHXz16K79nH0NMi7/lHxnYLIhVpA3UXbdZKvztz/Vr4R7jEr8tBn3gjEYSr7kHGtDXkNkY5Wy1XnaHe+TT+fQ+a+p7gW9wmpC30/fDsw59WOp8ss0+b6QZUllTi0oOvPow8cjbrihnKVaxwYZMy5o4BN1E9eQkkbbsNUqTl54pdv0RaeuyDrflwyytV9RWlA==','dead',1,3,NULL,'old-worker',NULL,0.0,1.79620219892094159131e+09,1.79620573892094159123e+09,'rule says no',1.79620213892094159123e+09,1.79620213894462490075e+09,1.79620213892978596685e+09,1.79620213894462490075e+09,'19a018e14cb315621a25e1b4fd9fd7e761a6d83e68d51dc2ff990efd8e689486',NULL);
INSERT INTO "tasks" VALUES(3,'OLD-3','echo','shenzhen','normal','[]','v1:k9f042460:kLfk2TcCCkscdoMpsTmLHVsMF1zjdntW1YxaRC1nllFhga1fg9HN8oRkSg4PTOvhuNmKTdAnun7YSAGa78GVbdn0bsBK8Smn/aQf41Gij9noBOumiN2nf8QdLkKykMn4XUsKgBkwkNgVSSf0MSSEocZyQZruY+TcLZUnAYEIXnBzWFU0ed9sK35XQ0M5WXCUA0YKPKE0aU+6fATzJUpfAtnFQxrkJpmY6KSsnBhmfX4elHauULXDfnH6hi8BrYa82wC7FMk1l5wv6LN6fnePjIpAYpsrU9BOLJb/7VX+VAMITWqTM7uza3y9kCW3/JrU+2wuSlkiFr2EBwOafsRVVqI/vfM4RPMyY+XWzsfcCM/9D1QoI2F9M2pBwoX8t17QfpcFeAiVyFiDTS7caCxG+wY5BZ5NJA==','failed',1,3,NULL,'old-worker',NULL,4.102444800e+09,1.79620219892094159131e+09,1.79620573892094159123e+09,'registry timed out',1.79620213892094159123e+09,1.79620213894572877885e+09,1.79620213892978596685e+09,NULL,'19a018e14cb315621a25e1b4fd9fd7e761a6d83e68d51dc2ff990efd8e689486',NULL);
INSERT INTO "tasks" VALUES(4,'OLD-4','echo','shenzhen','normal','[]','v1:k9f042460:CcCoDvpYFnazQsphBH9ea2SLDWqbBDOPe4/TRpYSRowibY/0TFDRP1zI3OivcPvKl8Prhbfv7vS4K6W3Q8lEd2lQb3n9aCtknWHo/8B25qxwEajT75gfZ6TJpmIlSAfdBSObUxuMQAINW30Tcfin2KQInbJZrH7YiboJATzsf4AHtC2HOYPUGHmK6yA3LrGQLeNApnULoKqpQg10bpCBc0HafdcRpGitMwlXLn0VygcEpQGpwDisKbPDX6kNl915R1pElZFnAbaA8N6MLduz21ixbThadrOf60cPZxL8rW1Wn8vqolbEY0QEmuxAcr5h+NEkcwkPC1lKUnLsooYMhNn9yiKtaoD2ghn39fCRQGB7BS/RhTm60VA5w+swtpgKvx3IL461gjdFE6DrwrqaMEipSohcMA==','pending',0,3,NULL,NULL,NULL,0.0,1.79620219892094159131e+09,1.79620573892094159123e+09,NULL,1.79620213892094159123e+09,1.79620213892094159123e+09,NULL,NULL,'19a018e14cb315621a25e1b4fd9fd7e761a6d83e68d51dc2ff990efd8e689486',NULL);
INSERT INTO "tasks" VALUES(5,'OLD-5','echo','shenzhen','normal','[]','v1:k9f042460:ffhDszUU4TOtxh1rwjTf2ssRCt9u8BNh/dR+6aXAUln9XjdMQBUD9CipQ6n9tKxDmrK+eFlbUkBC4TLxtISRPOE/es7IlZc+4HI4yp+lKo/oBsmsGGHREW/69nl+UUetZS6A9Fwpzp+h5eJFpcCC1h35Rs6RiWKSo6OmFwaQ95mq4aj63ANX41/rB8FMMXlzUXVk9RpwqWMNffLhRNx9mjWCJxT+Eom+J/1qm85kD0i2tJtSGFmWZc6prNQmQaRYmXbb4olJmt4L218cIdYg5ElKCg0wVPONWhGmcDWt8tBiJiq7De2MrD2qkzw5iSWFZk6sGsLmUFa2UeacaFr4UB7UwnJqUJld9Y3hVVew3LrOhd3s+iCQk5L3uuCQ8/cDd+LIDRK7WFIUSkJjvgUJZwdD7u+ZRg==','pending',0,3,NULL,NULL,NULL,0.0,1.79620219892094159131e+09,1.79620573892094159123e+09,NULL,1.79620213892094159123e+09,1.79620213892094159123e+09,NULL,NULL,'19a018e14cb315621a25e1b4fd9fd7e761a6d83e68d51dc2ff990efd8e689486',NULL);
CREATE TABLE users (
    name           TEXT PRIMARY KEY,
    password_hash  TEXT NOT NULL,           -- argon2id
    role           TEXT NOT NULL CHECK (role IN ('reviewer', 'operator', 'admin')),
    disabled       INTEGER NOT NULL DEFAULT 0,
    created_at     REAL NOT NULL,
    updated_at     REAL NOT NULL
);
INSERT INTO "users" VALUES('li','$argon2id$v=19$m=65536,t=3,p=4$Q165QluEm1JLSeWfGQPL5Q$siMdmlQqHrJEB2EWXfcPVyxHS1XCKMIc/zqU+0Nw4Tg','reviewer',0,1.79620213956938171388e+09,1.79620213956938171388e+09);
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

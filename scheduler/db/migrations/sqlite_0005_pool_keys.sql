-- Version 5: the keys a pool's data is sealed with, by fingerprint, so that a host holding
-- other keys is refused at once instead of sealing data the other hosts cannot read.

CREATE TABLE pool_keys (
    name         TEXT PRIMARY KEY,         -- data:<key id>, lookup or audit
    fingerprint  TEXT NOT NULL,            -- HMAC of a constant under the key: not the key
    added_at     REAL NOT NULL
);

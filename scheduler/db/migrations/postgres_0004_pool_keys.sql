-- Version 4: the keys a pool's data is sealed with, by fingerprint, so that a host holding
-- other keys is refused at once instead of sealing data the other hosts cannot read.

CREATE TABLE pool_keys (
    name         text PRIMARY KEY,              -- data:<key id>, lookup or audit
    fingerprint  text NOT NULL,                 -- HMAC of a constant under the key: not the key
    added_at     double precision NOT NULL
);

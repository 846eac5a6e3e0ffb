-- The audit chain (scheduler/audit_log.py): appended in order, read back to verify.
-- SQLite: parameters are :name; lists arrive as JSON arrays (json_each), NULL: no filter.
-- postgres_audit.sql defines the same names with the same parameters.

-- name: audit_lock
-- appends to the audit chain serialise: BEGIN IMMEDIATE holds SQLite's write lock already
SELECT 1;

-- name: audit_last
SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1;

-- name: audit_insert
-- a batch of entries, one list per column in chain order, written at :at: one statement
INSERT INTO audit_log (id, at, actor, action, ref, detail, prev_hash, hash)
SELECT e.value, :at,
       json_extract(:actors, '$[' || e.key || ']'),
       json_extract(:actions, '$[' || e.key || ']'),
       json_extract(:refs, '$[' || e.key || ']'),
       json_extract(:details, '$[' || e.key || ']'),
       json_extract(:prev_hashes, '$[' || e.key || ']'),
       json_extract(:hashes, '$[' || e.key || ']')
FROM json_each(:ids) AS e
ORDER BY e.key;

-- name: audit_page
-- the chain in order, keyset-paginated on id
SELECT id, at, actor, action, ref, detail, prev_hash, hash FROM audit_log
WHERE id > :after
ORDER BY id
LIMIT :limit;

-- name: audit_of_ref
SELECT id, at, actor, action, ref, detail, prev_hash, hash FROM audit_log
WHERE ref = :ref
ORDER BY id;

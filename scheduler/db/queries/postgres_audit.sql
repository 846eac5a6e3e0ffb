-- The audit chain (scheduler/audit_log.py): appended in order, read back to verify.
-- PostgreSQL: parameters are %(name)s; lists arrive as text[], NULL: no filter.
-- sqlite_audit.sql defines the same names with the same parameters.

-- name: audit_lock
-- appends to the audit chain serialise on a transaction-scoped advisory lock
SELECT pg_advisory_xact_lock(7665726962);

-- name: audit_last
SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1;

-- name: audit_insert
-- a batch of entries, one list per column in chain order, written at %(at)s: one statement.
-- The lists go in binary format (psycopg escapes text arrays character by character)
INSERT INTO audit_log (id, at, actor, action, ref, detail, prev_hash, hash)
SELECT e.id, %(at)s, e.actor, e.action, e.ref, e.detail, e.prev_hash, e.hash
FROM unnest(%(ids)b::bigint[], %(actors)b::text[], %(actions)b::text[], %(refs)b::text[],
            %(details)b::text[], %(prev_hashes)b::text[], %(hashes)b::text[])
     AS e(id, actor, action, ref, detail, prev_hash, hash);

-- name: audit_page
-- the chain in order, keyset-paginated on id
SELECT id, at, actor, action, ref, detail, prev_hash, hash FROM audit_log
WHERE id > %(after)s
ORDER BY id
LIMIT %(limit)s;

-- name: audit_of_ref
SELECT id, at, actor, action, ref, detail, prev_hash, hash FROM audit_log
WHERE ref = %(ref)s
ORDER BY id;

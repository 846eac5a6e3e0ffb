-- The audit chain (scheduler/audit_log.py): appended in order, read back to verify.
-- PostgreSQL: parameters are %(name)s; lists arrive as text[], NULL: no filter.
-- sqlite_audit.sql defines the same names with the same parameters.

-- name: audit_lock
-- appends to the audit chain serialise on a transaction-scoped advisory lock
SELECT pg_advisory_xact_lock(7665726962);

-- name: audit_last
SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1;

-- name: audit_insert
INSERT INTO audit_log (id, at, actor, action, ref, detail, prev_hash, hash)
VALUES (%(id)s, %(at)s, %(actor)s, %(action)s, %(ref)s, %(detail)s, %(prev_hash)s, %(hash)s);

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

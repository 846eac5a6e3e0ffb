-- Operator accounts (scheduler/operators.py), the keys the pool's data is sealed
-- with (scheduler/pool_keys.py) and re-sealing after a key rotation (scheduler/key_rotation.py).
-- PostgreSQL: parameters are %(name)s; lists arrive as text[], NULL: no filter.
-- sqlite_users_and_keys.sql defines the same names with the same parameters.

-- name: task_payloads
-- payloads not sealed with the active key (keys rotate), a page at a time
SELECT id, payload FROM tasks
WHERE id > %(after)s AND payload NOT LIKE %(sealed_prefix)s
ORDER BY id
LIMIT %(limit)s;

-- name: set_task_payload
UPDATE tasks SET payload = %(payload)s WHERE id = %(id)s;

-- name: result_payloads
SELECT ref, payload FROM results
WHERE ref > %(after)s AND payload NOT LIKE %(sealed_prefix)s
ORDER BY ref
LIMIT %(limit)s;

-- name: set_result_payload
UPDATE results SET payload = %(payload)s WHERE ref = %(ref)s;

-- name: user_insert
INSERT INTO users (name, password_hash, role, disabled, created_at, updated_at)
VALUES (%(name)s, %(password_hash)s, %(role)s, %(disabled)s, %(now)s, %(now)s)
ON CONFLICT (name) DO NOTHING;

-- name: user_set_password
UPDATE users SET password_hash = %(password_hash)s, updated_at = %(now)s WHERE name = %(name)s;

-- name: user_set_disabled
UPDATE users SET disabled = %(disabled)s, updated_at = %(now)s WHERE name = %(name)s;

-- name: user_get
SELECT name, password_hash, role, disabled FROM users WHERE name = %(name)s;

-- name: users_all
SELECT name, role, disabled, created_at, updated_at FROM users ORDER BY name;

-- name: document_page
-- documents not sealed with the active key (keys rotate), a page at a time
SELECT ref, slot, sealed FROM documents
WHERE (ref > %(after_ref)s OR (ref = %(after_ref)s AND slot > %(after_slot)s))
  AND substring(sealed from 1 for length(%(sealed_prefix)s)) <> %(sealed_prefix)s
ORDER BY ref, slot
LIMIT %(limit)s;

-- name: set_document
UPDATE documents SET sealed = %(sealed)s WHERE ref = %(ref)s AND slot = %(slot)s;

-- name: pool_keys_lock
-- hosts registering keys at once serialise on the table
LOCK TABLE pool_keys IN SHARE ROW EXCLUSIVE MODE;

-- name: pool_keys
SELECT name, fingerprint FROM pool_keys ORDER BY name;

-- name: pool_key_add
INSERT INTO pool_keys (name, fingerprint, added_at) VALUES (%(name)s, %(fingerprint)s, %(at)s)
ON CONFLICT (name) DO NOTHING;

-- name: sealed_key_ids
-- the ids of the keys the stored data is sealed with (pools from before pool_keys)
SELECT split_part(payload, ':', 2) FROM tasks WHERE left(payload, 3) = 'v1:'
UNION
SELECT split_part(payload, ':', 2) FROM results WHERE left(payload, 3) = 'v1:'
UNION
SELECT split_part(encode(substring(sealed from 1 for 40), 'escape'), ':', 2) FROM documents
WHERE substring(sealed from 1 for 3) = '\x76313a'::bytea;

-- Operator accounts (scheduler/operators.py), the keys the pool's data is sealed
-- with (scheduler/pool_keys.py) and re-sealing after a key rotation (scheduler/key_rotation.py).
-- SQLite: parameters are :name; lists arrive as JSON arrays (json_each), NULL: no filter.
-- postgres_users_and_keys.sql defines the same names with the same parameters.

-- name: task_payloads
-- payloads not sealed with the active key (keys rotate), a page at a time
SELECT id, payload FROM tasks
WHERE id > :after AND payload NOT LIKE :sealed_prefix
ORDER BY id
LIMIT :limit;

-- name: set_task_payload
UPDATE tasks SET payload = :payload WHERE id = :id;

-- name: result_payloads
SELECT ref, payload FROM results
WHERE ref > :after AND payload NOT LIKE :sealed_prefix
ORDER BY ref
LIMIT :limit;

-- name: set_result_payload
UPDATE results SET payload = :payload WHERE ref = :ref;

-- name: user_insert
INSERT INTO users (name, password_hash, role, disabled, created_at, updated_at)
VALUES (:name, :password_hash, :role, :disabled, :now, :now)
ON CONFLICT (name) DO NOTHING;

-- name: user_set_password
UPDATE users SET password_hash = :password_hash, updated_at = :now WHERE name = :name;

-- name: user_set_disabled
UPDATE users SET disabled = :disabled, updated_at = :now WHERE name = :name;

-- name: user_get
SELECT name, password_hash, role, disabled FROM users WHERE name = :name;

-- name: users_all
SELECT name, role, disabled, created_at, updated_at FROM users ORDER BY name;

-- name: document_page
-- documents not sealed with the active key (keys rotate), a page at a time
SELECT ref, slot, sealed FROM documents
WHERE (ref > :after_ref OR (ref = :after_ref AND slot > :after_slot))
  AND substr(sealed, 1, length(:sealed_prefix)) <> :sealed_prefix
ORDER BY ref, slot
LIMIT :limit;

-- name: set_document
UPDATE documents SET sealed = :sealed WHERE ref = :ref AND slot = :slot;

-- name: pool_keys_lock
-- registering keys serialises: BEGIN IMMEDIATE holds SQLite's write lock already
SELECT 1;

-- name: pool_keys
SELECT name, fingerprint FROM pool_keys ORDER BY name;

-- name: pool_key_add
INSERT INTO pool_keys (name, fingerprint, added_at) VALUES (:name, :fingerprint, :at)
ON CONFLICT (name) DO NOTHING;

-- name: sealed_key_ids
-- the ids of the keys the stored data is sealed with (pools from before pool_keys)
SELECT substr(payload, 4, instr(substr(payload, 4), ':') - 1) FROM tasks
WHERE substr(payload, 1, 3) = 'v1:'
UNION
SELECT substr(payload, 4, instr(substr(payload, 4), ':') - 1) FROM results
WHERE substr(payload, 1, 3) = 'v1:'
UNION
SELECT CAST(substr(sealed, 4, instr(substr(sealed, 4, 40), X'3A') - 1) AS TEXT) FROM documents
WHERE substr(sealed, 1, 3) = X'76313A';
